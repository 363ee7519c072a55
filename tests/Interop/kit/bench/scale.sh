#!/bin/bash
# bench/scale.sh : many concurrent remote-access tunnels in one AsaEmu process (issue 14's 10,000 target).
#
# `asaemu loadgen` in netns cli brings up TUNNELS EzVPN tunnels, each client from an address of its own in
# SOURCES (a range made local in cli with a route of type local; the hub routes it back via cli), against the
# AsaEmu headend in netns hub (the kit's config with a pool of 198.19.0.0/16 and vpn-simultaneous-logins
# raised), and holds them. The loadgen prints nothing until it ends, so the script polls the hub's `show
# vpn-sessiondb summary` once a second (each poll timed: the console's answer while the tunnels come up) until
# it counts TUNNELS, or a count above 0 stays unchanged for 5 s, or the loadgen has ended. There it takes the
# hub's and the loadgen's resident memory, times `show vpn-sessiondb summary` over telnet, and pages through
# `show crypto ipsec sa` with the pager at 24 lines (PAGES pages, each timed from the key to the next
# `<--- More --->`, then q), and times the summary once more after it; once the loadgen has ended (after its
# hold) it prints the tunnels up and failed from the loadgen's report, the memory before and with the tunnels
# and the bytes per tunnel, and the times. Traffic: PING_TUNNELS of the tunnels, spread over the run, each send
# 3 ICMP echo requests through their ESP to the lan host once up (`loadgen --ping`), and the replies are counted.
#
# env: ASAEMU (the asaemu.dll or executable; default: the Release build of Shell)   TUNNELS (1000)
#      SOURCES (198.18.64.0/18)   FIRST (198.18.64.1)   CONCURRENCY (200)   HOLD (30 s)   PAGES (20)
#      PING_TUNNELS (100; 0: no traffic)   OUT ($EZH_STATE/scale-<date>)
# Needs: topo.sh up, and no headend running in netns hub. The loadgen holds a socket per client (an address
# of its own here) and receives on all of them in one thread; SOURCES must hold TUNNELS addresses.
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
need_root; need_topo
ROOT=$(cd "$KIT/../../.." && pwd)
ASAEMU=${ASAEMU:-$ROOT/Shell/bin/Release/net10.0/asaemu.dll}
TUNNELS=${TUNNELS:-1000}; SOURCES=${SOURCES:-198.18.64.0/18}; FIRST=${FIRST:-198.18.64.1}
CONCURRENCY=${CONCURRENCY:-200}; HOLD=${HOLD:-30}; PAGES=${PAGES:-20}; PING_TUNNELS=${PING_TUNNELS:-100}
OUT=${OUT:-$STATE/scale-$(date +%Y%m%d-%H%M%S)}; mkdir -p "$OUT"
if hub_listening; then echo "scale.sh: a headend already runs in netns hub; stop it first" >&2; exit 2; fi
case $ASAEMU in *.dll) run=(dotnet "$ASAEMU");; *) run=("$ASAEMU");; esac

. "$KIT/bench/many_clients.sh"
headend_up scale.sh
lgrss() { awk '/VmRSS/ {print $2 * 1024}' "/proc/$lg/status" 2>/dev/null || echo 0; }
before=$(rss)
ping=(); [ "$PING_TUNNELS" -gt 0 ] && ping=(--ping "$LAN_HOST" --ping-tunnels "$PING_TUNNELS")
ip netns exec cli "${run[@]}" loadgen "$HUB_ADDR" --tunnels "$TUNNELS" --source "$FIRST" --sources "$TUNNELS" \
  --concurrency "$CONCURRENCY" --hold "$HOLD" "${ping[@]}" --json > "$OUT/loadgen.json" 2> "$OUT/loadgen.err" &
lg=$!
# All up (or failed) once the hub's count stops growing for 5 s, or when the loadgen has ended.
last=-1; same=0; : > "$OUT/ramp.txt"
for _ in $(seq 1200); do
  sleep 1
  poll=$(show 'show vpn-sessiondb summary')
  up=$(printf '%s\n' "$poll" | awk -F: '/^Total Active and Inactive/ {split($2, a, " "); print a[1]; exit}')
  up=${up:-0}
  printf '%s %s %s\n' "$(date +%s)" "$up" "$(printf '%s\n' "$poll" | sed -n 's/^show vpn-sessiondb summary: \([0-9.]*\) s$/\1/p')" >> "$OUT/ramp.txt"
  if [ "$up" = "$last" ]; then same=$((same + 1)); else same=0; last=$up; fi
  if [ "$up" -ge "$TUNNELS" ] || { [ "$up" -gt 0 ] && [ "$same" -ge 5 ]; } || ! kill -0 "$lg" 2>/dev/null; then break; fi
done
with=$(rss); lgwith=$(lgrss)
show 'show vpn-sessiondb summary' > "$OUT/summary.txt"
console page 'show crypto ipsec sa' "$PAGES" > "$OUT/paging.txt" 2>&1
show 'show vpn-sessiondb summary' > "$OUT/summary-after.txt"
wait "$lg"; lg=
python3 - "$OUT" "$TUNNELS" "$before" "$with" "$lgwith" <<'PY'
import json, re, sys
out, tunnels, before, with_, lgwith = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
def took(name):
    m = re.search(r'summary: ([0-9.]+) s', open(out + '/' + name).read())
    return m.group(1) if m else '?'
try:
    r = json.load(open(out + '/loadgen.json'))
except Exception:
    r = {'up': '?', 'failed': '?', 'handshakesPerSecond': 0, 'failures': {}}
up = r['up'] if isinstance(r['up'], int) and r['up'] > 0 else tunnels
ramp = [float(f[2]) for f in (l.split() for l in open(out + '/ramp.txt')) if len(f) == 3]
paging = open(out + '/paging.txt').read()
pages = [float(x) for x in re.findall(r'^page \d+: ([0-9.]+) s', paging, re.M)]
first = re.search(r'first page ([0-9.]+) s', paging)
print(f"tunnels asked {tunnels}, up {r['up']}, failed {r['failed']} {r.get('failures', {})}, {r['handshakesPerSecond']:.1f} handshakes/s")
if r.get('ping'):
    p = r['ping']
    print(f"traffic: {p['answered']} of {p['sent']} echo requests to {p['target']} answered; {p['tunnelsAnswered']} of {p['tunnels']} tunnels answered")
print(f"hub RSS {before / 2**20:.0f} MiB before, {with_ / 2**20:.0f} MiB with the tunnels: {(with_ - before) / up / 1024:.1f} KiB per tunnel")
print(f"loadgen RSS with the tunnels {lgwith / 2**20:.0f} MiB ({lgwith / up / 1024:.1f} KiB per client)")
print(f"show vpn-sessiondb summary: {took('summary.txt')} s at the end, {took('summary-after.txt')} s after paging; "
      f"while they came up ({len(ramp)} polls) max {max(ramp, default=0):.3f} s")
print(f"show crypto ipsec sa, pager 24: first page {first.group(1) if first else '?'} s, {len(pages)} more pages max {max(pages, default=0):.3f} s")
print(f"results in {out}")
PY
