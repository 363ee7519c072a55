#!/bin/bash
# bench/soak.sh : remote-access tunnels held through rekeys (issue 14's soak). `asaemu loadgen` in netns cli
# brings up TUNNELS EzVPN tunnels, each client from an address of its own in SOURCES, against the AsaEmu
# headend in netns hub (the kit's config with a pool of 198.19.0.0/16, vpn-simultaneous-logins raised, the
# IPsec SA lifetime IPSEC_LIFETIME and the IKE SA lifetime IKE_LIFETIME), and holds them DURATION seconds;
# PING_TUNNELS of them send one ICMP echo a second through their ESP to the lan host the whole time
# (`loadgen --ping`). Every minute the hub's resident memory, its sessions and its IPsec SAs are sampled
# (samples.txt: seconds, RSS bytes, sessions, IPsec SAs). At the end it prints: tunnels up, failed and lost
# (a tunnel the hub ended is lost to the loadgen), the echoes answered (and by sequence, the first of a
# tunnel may race Quick Mode's last message), the rekeys the hub's log counts (PHASE 2 COMPLETED beyond the
# first of each tunnel, PHASE 1 COMPLETED beyond the first), its warnings and errors by message id, the
# resident memory at 5 minutes and at the end, and the pool's addresses in use once the loadgen has
# deleted its tunnels.
#
# env: ASAEMU (default: the Release build of Shell)   TUNNELS (1000)   SOURCES (198.18.64.0/18)
#      FIRST (198.18.64.1)   DURATION (1800 s)   IPSEC_LIFETIME (120 s)   IKE_LIFETIME (600 s)
#      PING_TUNNELS (100)   OUT ($EZH_STATE/soak-<date>)
# Needs: topo.sh up, and no headend running in netns hub.
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
need_root; need_topo
ROOT=$(cd "$KIT/../../.." && pwd)
ASAEMU=${ASAEMU:-$ROOT/Shell/bin/Release/net10.0/asaemu.dll}
TUNNELS=${TUNNELS:-1000}; SOURCES=${SOURCES:-198.18.64.0/18}; FIRST=${FIRST:-198.18.64.1}
DURATION=${DURATION:-1800}; IPSEC_LIFETIME=${IPSEC_LIFETIME:-120}; IKE_LIFETIME=${IKE_LIFETIME:-600}
PING_TUNNELS=${PING_TUNNELS:-100}
OUT=${OUT:-$STATE/soak-$(date +%Y%m%d-%H%M%S)}; mkdir -p "$OUT"
if hub_listening; then echo "soak.sh: a headend already runs in netns hub; stop it first" >&2; exit 2; fi
case $ASAEMU in *.dll) run=(dotnet "$ASAEMU");; *) run=("$ASAEMU");; esac

. "$KIT/bench/many_clients.sh"
printf 'crypto ipsec security-association lifetime seconds %s\n' "$IPSEC_LIFETIME" >> "$config"
# Only PING_TUNNELS of the tunnels carry traffic: the others would meet the default 30-minute
# vpn-idle-timeout right at the soak's end.
printf 'group-policy EZ attributes\n vpn-idle-timeout none\n' >> "$config"
# every isakmp policy of the kit's config gets the IKE SA lifetime (their only indented lifetime lines)
sed -i -E "s/^ lifetime [0-9]+\$/ lifetime $IKE_LIFETIME/" "$config"
headend_up soak.sh

ip netns exec cli "${run[@]}" loadgen "$HUB_ADDR" --tunnels "$TUNNELS" --source "$FIRST" --sources "$TUNNELS" \
  --hold "$DURATION" --ping "$LAN_HOST" --ping-tunnels "$PING_TUNNELS" --ping-count "$((DURATION - 10))" --json \
  > "$OUT/loadgen.json" 2> "$OUT/loadgen.err" &
lg=$!
start=$(date +%s); : > "$OUT/samples.txt"
while kill -0 "$lg" 2>/dev/null; do
  poll=$(show 'show vpn-sessiondb summary' 'show crypto ipsec sa | include current outbound spi')
  sessions=$(printf '%s\n' "$poll" | awk -F: '/^Total Active and Inactive/ {split($2, a, " "); print a[1]; exit}')
  sas=$(printf '%s\n' "$poll" | grep -c 'current outbound spi')
  echo "$(( $(date +%s) - start )) $(rss) ${sessions:-0} $sas" >> "$OUT/samples.txt"
  for _ in $(seq 60); do kill -0 "$lg" 2>/dev/null || break; sleep 1; done
done
wait "$lg"; lg=
show 'show ip local pool POOL' > "$OUT/pool.txt"
cp "$STATE/hub-custom/hub.log" "$OUT/hub.log" 2>/dev/null
python3 - "$OUT" "$TUNNELS" <<'PY'
import collections, json, re, sys
out, tunnels = sys.argv[1], int(sys.argv[2])
r = json.load(open(out + '/loadgen.json'))
log = open(out + '/hub.log').read()
p = r.get('ping') or {}
print(f"tunnels {tunnels}: up {r['up']}, failed {r['failed']} {r.get('failures', {})}, lost {r['lost']}")
if p:
    first = (p.get('answeredBySequence') or [0])[0]
    print(f"echoes: {p['answered']} of {p['sent']} answered; each tunnel's first {first} of {p['tunnels']}, "
          f"the others {p['answered'] - first} of {p['sent'] - p['tunnels']}")
phase2, phase1 = log.count('PHASE 2 COMPLETED'), log.count('PHASE 1 COMPLETED')
print(f"rekeys in the hub's log: phase 2 {phase2 - tunnels} (PHASE 2 COMPLETED {phase2}), phase 1 {phase1 - tunnels} (PHASE 1 COMPLETED {phase1})")
ids = collections.Counter(re.findall(r'%ASA-[0-4]-(\d+)', log))
print(f"warnings and errors by id: {dict(ids) or 'none'}")
samples = [list(map(int, l.split())) for l in open(out + '/samples.txt') if l.strip()]
late = [s for s in samples if s[0] >= 300] or samples  # after the first 5 minutes, when there are any
if samples:
    print(f"hub RSS at {late[0][0]} s {late[0][1] / 2**20:.0f} MiB, at {samples[-1][0]} s {samples[-1][1] / 2**20:.0f} MiB "
          f"(min {min(s[1] for s in late) / 2**20:.0f}, max {max(s[1] for s in late) / 2**20:.0f} MiB from {late[0][0]} s); "
          f"sessions at most {max(s[2] for s in samples)}, IPsec SAs at most {max(s[3] for s in samples)}")
pool = open(out + '/pool.txt').read()
print("pool after the loadgen's deletes:", ' '.join(l.strip() for l in pool.splitlines()[1:6] if l.strip()))
PY
