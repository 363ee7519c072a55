#!/bin/bash
# bench/compare-l2l.sh : LAN-to-LAN throughput, AsaEmu-to-strongSwan against strongSwan-to-strongSwan.
# (AsaEmu's own script beside the kit's compare.sh, which measures remote access.)
#
# The other site is always strongSwan: charon in netns cli (the kit's cli-strongswan config with a site
# connection loaded over it), its LAN 198.19.200.0/24 with one host 198.19.200.1 on cli's loopback.
# Site A in netns hub (its LAN the kit's 198.18.1.0/24, the iperf3 server 198.18.1.2 in netns lan) is,
# round after round and in turn:
#   custom    : the headend under test, HUB_CMD (a foreground command, e.g. 'exec asaemu --config ...'),
#               given the ASA config below; hub.sh starts and stops it
#   reference : strongSwan charon in netns hub (the kit's hub-strongswan) with the mirror site connection
# Both sites, SUITE=cbc (the default): IKEv1 main mode PSK, aes256-sha1-modp2048; ESP AES-128-CBC/HMAC-SHA1-96
# (the kit's figures' algorithms). SUITE=gcm: IKEv2 PSK, aes256-sha256-modp2048; ESP AES-256-GCM with its
# 16-octet ICV (RFC 4106). ESP in UDP 4500 (kernel-libipsec needs UDP encapsulation). The cli site initiates.
# Per round and headend: TCP iperf3 -c 198.18.1.2 -B 198.19.200.1 -t $T -O 1, the CPU time of every
# process in netns hub over the run (the headend), the machine's busy %.
#
# env: HUB_CMD (required)  N (3) rounds  T (10) seconds per run  SUITE (cbc | gcm)  OUT ($EZH_STATE/bench/l2l-<date>)
# Needs: topo.sh up. Prints one line per run and the medians with ratios (custom / reference).
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
need_root; need_topo
: "${HUB_CMD:?set HUB_CMD to the headend command, e.g. HUB_CMD='exec dotnet /path/asaemu.dll --config \$HUB_CFG --no-console --ssh none'}"
N=${N:-3}; T=${T:-10}; SUITE=${SUITE:-cbc}
case $SUITE in
  cbc) IKE_VERSION=1; IKE_PROPOSALS=aes256-sha1-modp2048; ESP_PROPOSALS=aes128-sha1 ;;
  gcm) IKE_VERSION=2; IKE_PROPOSALS=aes256-sha256-modp2048; ESP_PROPOSALS=aes256gcm16 ;;
  *) echo "compare-l2l.sh: SUITE is cbc or gcm" >&2; exit 2 ;;
esac
OUT=${OUT:-$STATE/bench/l2l-$(date +%Y%m%d-%H%M%S)}; mkdir -p "$OUT"
CLK=$(getconf CLK_TCK)
SITE_NET=198.19.200.0/24; SITE_HOST=198.19.200.1; KEY=l2l-Bench1
export HUB_CFG=$OUT/asaemu-l2l.cfg

cat > "$HUB_CFG" <<CFG
hostname asa-l2l
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address $HUB_ADDR 255.255.255.0
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 198.18.1.1 255.255.255.0
access-list L2L extended permit ip 198.18.1.0 255.255.255.0 198.19.200.0 255.255.255.0
crypto map MAP 10 match address L2L
crypto map MAP 10 set peer 198.18.0.2
crypto map MAP interface outside
tunnel-group 198.18.0.2 type ipsec-l2l
CFG
if [ "$SUITE" = cbc ]; then cat >> "$HUB_CFG" <<CFG
crypto ipsec ikev1 transform-set TS esp-aes esp-sha-hmac
crypto map MAP 10 set ikev1 transform-set TS
crypto ikev1 enable outside
crypto ikev1 policy 10
 authentication pre-share
 encryption aes-256
 hash sha
 group 14
 lifetime 86400
tunnel-group 198.18.0.2 ipsec-attributes
 ikev1 pre-shared-key $KEY
CFG
else cat >> "$HUB_CFG" <<CFG
crypto ipsec ikev2 ipsec-proposal GCM
 protocol esp encryption aes-gcm-256
 protocol esp integrity null
crypto map MAP 10 set ikev2 ipsec-proposal GCM
crypto ikev2 policy 10
 encryption aes-256
 integrity sha256
 group 14
 prf sha256
 lifetime seconds 86400
crypto ikev2 enable outside
tunnel-group 198.18.0.2 ipsec-attributes
 ikev2 remote-authentication pre-shared-key $KEY
 ikev2 local-authentication pre-shared-key $KEY
CFG
fi

# site_conf NAME LOCAL_ADDR REMOTE_ADDR LOCAL_TS REMOTE_TS : a swanctl site connection
site_conf() {
  cat <<CONF
connections {
  $1 {
    version = $IKE_VERSION
    aggressive = no
    local_addrs = $2
    remote_addrs = $3
    proposals = $IKE_PROPOSALS
    encap = yes
    send_certreq = no
    local { auth = psk
            id = $2 }
    remote { auth = psk
             id = $3 }
    children {
      $1 { local_ts = $4
           remote_ts = $5
           esp_proposals = $ESP_PROPOSALS
           start_action = none }
    }
  }
}
secrets {
  ike-$1 { id-1 = $2
           id-2 = $3
           secret = $KEY }
}
CONF
}
site_conf site 198.18.0.2 "$HUB_ADDR" "$SITE_NET" "$LAN_NET" > "$OUT/cli-site.conf"
site_conf site "$HUB_ADDR" 198.18.0.2 "$LAN_NET" "$SITE_NET" > "$OUT/hub-site.conf"

CLI_SW=("$KIT/cli-strongswan/swanctl.sh")
HUB_SW=("$KIT/hub-strongswan/swanctl.sh")
cur=
cleanup() {
  case $cur in custom) bash "$KIT/hub.sh" down >/dev/null 2>&1 ;; reference) bash "$KIT/hub-strongswan/down.sh" >/dev/null ;; esac
  bash "$KIT/cli-strongswan/down.sh" >/dev/null
  stop_pidfile "$STATE/iperf3-srv/pid"
  ip -n cli addr del "$SITE_HOST/32" dev lo 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip -n cli addr add "$SITE_HOST/32" dev lo 2>/dev/null
NO_INITIATE=1 bash "$KIT/cli-strongswan/up.sh" > "$OUT/cli-up.log" 2>&1 || { cat "$OUT/cli-up.log"; exit 1; }
bash "${CLI_SW[@]}" --load-all --noprompt --file "$OUT/cli-site.conf" >/dev/null 2>&1 || exit 1
start_in_ns lan iperf3-srv "$STATE/iperf3-srv.log" iperf3 -s -B "$LAN_HOST"
WAIT_S=5 wait_for sh -c "ip netns exec lan ss -Hltn | grep -q '$LAN_HOST:5201'"

headend_up() {
  cur=$1
  case $1 in
    custom) HUB=custom bash "$KIT/hub.sh" up >/dev/null || return 1 ;;
    reference) bash "$KIT/hub-strongswan/up.sh" >/dev/null || return 1
               bash "${HUB_SW[@]}" --load-all --noprompt --file "$OUT/hub-site.conf" >/dev/null 2>&1 || return 1 ;;
  esac
}
headend_down() {
  bash "${CLI_SW[@]}" --terminate --ike site --timeout 5 >/dev/null 2>&1
  case $1 in custom) HUB=custom bash "$KIT/hub.sh" down >/dev/null 2>&1 ;; reference) bash "$KIT/hub-strongswan/down.sh" >/dev/null ;; esac
  cur=
}
sys_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }

echo "headend    round  TCP Mbit/s  hub CPU s  busy %" | tee "$OUT/runs.txt"
for round in $(seq "$N"); do
  for h in custom reference; do
    headend_up $h || { echo "$h did not start" >&2; exit 1; }
    bash "${CLI_SW[@]}" --initiate --child site --timeout 20 > "$OUT/$h-$round-initiate.log" 2>&1 \
      && WAIT_S=10 wait_for ip netns exec cli ping -c1 -W1 -I "$SITE_HOST" "$LAN_HOST" \
      || { echo "$h: the site tunnel did not come up (see $OUT/$h-$round-initiate.log)" >&2; exit 1; }
    h0=$(ns_cpu_ticks hub); s0=$(sys_busy)
    ip netns exec cli iperf3 -c "$LAN_HOST" -B "$SITE_HOST" -t "$T" -O 1 -J > "$OUT/$h-$round.json" 2>"$OUT/$h-$round.err"
    h1=$(ns_cpu_ticks hub); s1=$(sys_busy)
    python3 - "$OUT/$h-$round.json" "$h" "$round" "$(( h1 - h0 ))" "$CLK" "$s0" "$s1" <<'PY' | tee -a "$OUT/runs.txt"
import json, sys
f, h, r, dh, clk, s0, s1 = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6].split(), sys.argv[7].split()
mbit = json.load(open(f))["end"]["sum_received"]["bits_per_second"] / 1e6
busy = 100 * (float(s1[0]) - float(s0[0])) / max(1.0, float(s1[1]) - float(s0[1]))
print(f"{h:<10} {r:>5} {mbit:>11.1f} {dh / clk:>10.2f} {busy:>7.1f}")
PY
    headend_down $h
  done
done

python3 - "$OUT/runs.txt" "$T" "$SUITE" <<'PY' | tee "$OUT/summary.txt"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]).read().splitlines()[1:] if l.strip()]
t = float(sys.argv[2])
m = {h: [r for r in rows if r[0] == h] for h in ("custom", "reference")}
def med(h, i): return statistics.median(float(r[i]) for r in m[h])
# CPU per byte: hub CPU seconds per gigabyte moved (Mbit/s * T / 8000 = GB per run)
def cpu_per_gb(h): return statistics.median(float(r[3]) / (float(r[2]) * t / 8000) for r in m[h])
print(f"== L2L {sys.argv[3]}: custom (HUB_CMD) vs reference (strongSwan): medians over {len(m['custom'])} rounds; ratio = custom / reference")
print(f"{'metric':<28} {'custom':>9} {'reference':>10} {'ratio':>7}  better")
for name, c, r, better in [("TCP Mbit/s", med("custom", 2), med("reference", 2), "higher"),
                           ("hub CPU s per run", med("custom", 3), med("reference", 3), "lower"),
                           ("hub CPU s per GB", cpu_per_gb("custom"), cpu_per_gb("reference"), "lower")]:
    print(f"{name:<28} {c:>9.2f} {r:>10.2f} {c / r:>7.2f}  {better}")
PY
