#!/bin/bash
# bench/xauth_radius.sh : what XAUTH through RADIUS costs a login on asaemu. The strongSwan client (its
# charon already running: the kit's ss-warm case) logs in N times with asaemu checking the user locally
# (asaemu-hub.cfg as it is) and N times with `authentication-server-group RAD` against the kit's FreeRADIUS
# (radius/up.sh, netns lan); the two headend configs take turns for ROUNDS rounds. One login is
# `swanctl --initiate` until the CHILD_SA is up (aggressive mode, XAUTH, Mode Config, Quick Mode), then
# `swanctl --terminate`. Two figures per login: the whole setup as the client sees it, and the headend's
# XAUTH decision (tcpdump in netns hub: the client's XAUTH reply in, the headend's CFG_SET out, read from
# the pcap by the initiator cookie; on a busy machine the client's own time is noise, this is not).
# The difference of the medians is the latency RADIUS adds; 1000/median setup is the rate of logins one
# after another.
# env: ASAEMU  the asaemu command line without --config (e.g. 'dotnet /abs/path/asaemu.dll'), required
#      N (20) logins per case and round   ROUNDS (3)
#      OUT ($EZH_STATE/bench/xauth-radius-<date>): xauth_radius.txt ("case round i ms"), CASE-ROUND.pcap, summary.txt
# Needs: topo.sh up, freeradius installed, no headend running in netns hub.
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
need_root; need_topo
[ -n "${ASAEMU:-}" ] || { echo "xauth_radius.sh: set ASAEMU to the asaemu command (e.g. 'dotnet /abs/path/asaemu.dll')" >&2; exit 2; }
N=${N:-20}; ROUNDS=${ROUNDS:-3}
OUT=${OUT:-$STATE/bench/xauth-radius-$(date +%Y%m%d-%H%M%S)}; mkdir -p "$OUT"
res=$OUT/xauth_radius.txt; : > "$res"
sw() { ip netns exec cli env STRONGSWAN_CONF="$KIT/cli-strongswan/strongswan.conf" swanctl "$@" --uri "unix://$STATE/cli-ss/run/charon.vici"; }

# The two configs: the kit's, and the same with the group's users on FreeRADIUS.
cp "$KIT/asaemu-hub.cfg" "$OUT/local.cfg"
{ cat "$KIT/asaemu-hub.cfg"; cat <<C
aaa-server RAD protocol radius
aaa-server RAD (inside) host $LAN_HOST
 key radsecret
 authentication-port 1812
tunnel-group EZ general-attributes
 authentication-server-group RAD
C
} > "$OUT/radius.cfg"
# FreeRADIUS knows the client's XAUTH user; every answer carries a Message-Authenticator (Debian 12's 3.2.1 only when asked).
printf 'DEFAULT\n\tMessage-Authenticator := 0x00,\n\tFall-Through = Yes\n\ncisco Cleartext-Password := "cisco"\n' > "$OUT/users"

export HUB=custom
cleanup() {
  stop_pidfile "$STATE/tcpdump/pid"
  bash "$KIT/cli-strongswan/down.sh" >/dev/null 2>&1
  bash "$KIT/hub.sh" down >/dev/null 2>&1
  bash "$KIT/radius/down.sh" >/dev/null 2>&1
}
trap cleanup EXIT
trap 'exit 130' INT TERM
RADIUS_USERS="$OUT/users" bash "$KIT/radius/up.sh" || exit 1
NO_INITIATE=1 bash "$KIT/cli-strongswan/up.sh" || exit 1

for r in $(seq "$ROUNDS"); do
  for c in local radius; do
    HUB_CMD="exec $ASAEMU --config $OUT/$c.cfg --no-console --ssh none --telnet 127.0.0.1:2323 --data-dir $OUT/data-$c" \
      bash "$KIT/hub.sh" up >/dev/null || { echo "headend ($c) did not start"; tail "$STATE/hub-custom/hub.log"; exit 1; }
    start_in_ns hub tcpdump "$OUT/tcpdump.log" tcpdump -Z root -i hub-cli -s0 -U --immediate-mode -n -w "$OUT/$c-$r.pcap" udp port 4500
    wait_for grep -q "listening on" "$OUT/tcpdump.log"
    for i in $(seq "$N"); do
      t0=$(date +%s%N)
      sw --initiate --child ez --timeout 20 > "$OUT/initiate.log" 2>&1 || { echo "$c login $i failed"; tail "$OUT/initiate.log"; exit 1; }
      t1=$(date +%s%N)
      echo "$c $r $i $(( (t1 - t0) / 1000 ))" | awk '{printf "%s %s %s %.3f\n", $1, $2, $3, $4 / 1000}' >> "$res"
      sw --terminate --ike ez --timeout 5 >/dev/null 2>&1
    done
    stop_pidfile "$STATE/tcpdump/pid"
    bash "$KIT/hub.sh" down >/dev/null
  done
done

python3 - "$res" "$OUT" > "$OUT/summary.txt" <<'P'
import glob, os, statistics, struct, sys
ms, xauth = {}, {}
for line in open(sys.argv[1]):
    case, _, _, v = line.split()
    ms.setdefault(case, []).append(float(v))
# XAUTH decisions from the pcaps: per initiator cookie, the Transaction messages (exchange 6) on 4500 in
# order: headend's request, client's reply, headend's CFG_SET. The decision = SET time - reply time.
for path in glob.glob(os.path.join(sys.argv[2], "*.pcap")):
    case = os.path.basename(path).split("-")[0]
    data = open(path, "rb").read()
    link = struct.unpack("<I", data[20:24])[0]
    at, seen = 24, {}
    while at + 16 <= len(data):
        sec, usec, incl, _ = struct.unpack("<IIII", data[at:at + 16])
        frame = data[at + 16:at + 16 + incl]; at += 16 + incl
        ip = frame[14:] if link == 1 else frame[16:]          # Ethernet or Linux cooked
        if len(ip) < 28 or ip[9] != 17: continue
        udp = ip[(ip[0] & 15) * 4:]
        payload = udp[8:]
        if len(payload) < 4 + 28 or payload[:4] != b"\0\0\0\0" or payload[4 + 18] != 6: continue
        cookie = payload[4:12]
        seen.setdefault(cookie, []).append(sec + usec / 1e6)
    for times in seen.values():
        if len(times) >= 3: xauth.setdefault(case, []).append((times[2] - times[1]) * 1000)
for case in ("local", "radius"):
    v, x = ms[case], xauth.get(case, [0])
    print(f"{case:7} logins {len(v):3}  setup median {statistics.median(v):7.2f} ms (min {min(v):6.2f}, max {max(v):7.2f}), "
          f"{1000 / statistics.median(v):5.1f} logins/s one after another;  XAUTH decision median {statistics.median(x):6.2f} ms (min {min(x):5.2f}, max {max(x):6.2f})")
print(f"added by RADIUS: XAUTH decision {statistics.median(xauth['radius']) - statistics.median(xauth['local']):.2f} ms, "
      f"whole setup {statistics.median(ms['radius']) - statistics.median(ms['local']):.2f} ms (difference of the medians)")
P
cat "$OUT/summary.txt"
