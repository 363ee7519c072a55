#!/bin/bash
# bench/scale.sh : many concurrent remote-access tunnels in one AsaEmu process (issue 14's 10,000 target).
#
# `asaemu loadgen` in netns cli brings up TUNNELS EzVPN tunnels, each client from an address of its own in
# SOURCES (a range made local in cli with a route of type local; the hub routes it back via cli), against the
# AsaEmu headend in netns hub (the kit's config with a pool of 198.19.0.0/16 and vpn-simultaneous-logins
# raised), and holds them. The loadgen prints nothing until it ends, so the script polls the hub's `show
# vpn-sessiondb summary` once a second until it counts TUNNELS, or a count above 0 stays unchanged for 5 s, or the
# loadgen has ended. There it takes the hub's resident memory and times `show vpn-sessiondb summary` over telnet;
# once the loadgen has ended (after its hold) it prints the tunnels up and failed from the loadgen's report, the
# memory before and with the tunnels and the bytes per tunnel, and how long the show took.
#
# env: ASAEMU (the asaemu.dll or executable; default: the Release build of Shell)   TUNNELS (1000)
#      SOURCES (198.18.64.0/18)   FIRST (198.18.64.1)   CONCURRENCY (200)   HOLD (30 s)   OUT ($EZH_STATE/scale-<date>)
# Needs: topo.sh up, and no headend running in netns hub. The loadgen holds a thread and a socket per client:
# a few thousand clients per process.
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
need_root; need_topo
ROOT=$(cd "$KIT/../../.." && pwd)
ASAEMU=${ASAEMU:-$ROOT/Shell/bin/Release/net10.0/asaemu.dll}
TUNNELS=${TUNNELS:-1000}; SOURCES=${SOURCES:-198.18.64.0/18}; FIRST=${FIRST:-198.18.64.1}
CONCURRENCY=${CONCURRENCY:-200}; HOLD=${HOLD:-30}
OUT=${OUT:-$STATE/scale-$(date +%Y%m%d-%H%M%S)}; mkdir -p "$OUT"
if hub_listening; then echo "scale.sh: a headend already runs in netns hub; stop it first" >&2; exit 2; fi
case $ASAEMU in *.dll) run=(dotnet "$ASAEMU");; *) run=("$ASAEMU");; esac

config=$OUT/asaemu-hub.cfg
sed 's/^ip local pool POOL .*/ip local pool POOL 198.19.0.1-198.19.255.254 mask 255.255.0.0/' "$KIT/asaemu-hub.cfg" > "$config"
printf 'group-policy EZ attributes\n vpn-simultaneous-logins 100000\n' >> "$config"

cleanup() {
  [ -n "${lg:-}" ] && kill "$lg" 2>/dev/null
  HUB=custom HUB_CMD=x bash "$KIT/hub.sh" down >> "$OUT/hub-down.log" 2>&1
  ip netns exec cli ip route del local "$SOURCES" dev lo 2>/dev/null
  ip netns exec hub ip route del "$SOURCES" via 198.18.0.2 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns exec cli ip route add local "$SOURCES" dev lo
ip netns exec hub ip route add "$SOURCES" via 198.18.0.2
HUB=custom HUB_CMD="exec ${run[*]} --config $config --no-console --ssh none --telnet 127.0.0.1:2323 --data-dir $OUT/data" \
  bash "$KIT/hub.sh" up > "$OUT/hub-up.log" 2>&1 || { echo "scale.sh: the headend did not start" >&2; exit 1; }
hubpid=$(pgrep -f -n -- "--data-dir $OUT/data")
rss() { awk '/VmRSS/ {print $2 * 1024}' "/proc/$hubpid/status"; }
show() { ip netns exec hub python3 - "$@" <<'PY'
import socket, sys, time
s = socket.create_connection(('127.0.0.1', 2323), timeout=30)
seen = b''
def until(m):
    global seen
    end = time.time() + 60
    while time.time() < end:
        if seen.replace(b'\xff', b'').rstrip().endswith(m):
            out, seen = seen, b''
            return out
        data = s.recv(65536)
        if not data: break
        seen += data
    raise SystemExit('no prompt %r' % m)
def send(line): s.sendall(line.encode() + b'\r\n')
until(b'Password:'); send('cisco'); until(b'>'); send('enable'); until(b'Password:'); send(''); until(b'#')
send('terminal pager 0'); until(b'#')
for command in sys.argv[1:]:
    start = time.monotonic(); send(command); out = until(b'#')
    sys.stdout.write('%s: %.3f s\n%s' % (command, time.monotonic() - start, out.decode('ascii', 'replace').replace('\r', '')))
send('exit')
PY
}
before=$(rss)
ip netns exec cli "${run[@]}" loadgen "$HUB_ADDR" --tunnels "$TUNNELS" --source "$FIRST" --sources "$TUNNELS" \
  --concurrency "$CONCURRENCY" --hold "$HOLD" --json > "$OUT/loadgen.json" 2> "$OUT/loadgen.err" &
lg=$!
# All up (or failed) once the hub's count stops growing for 5 s, or when the loadgen has ended.
last=-1; same=0
for _ in $(seq 600); do
  sleep 1
  up=$(show 'show vpn-sessiondb summary' | awk -F: '/^Total Active and Inactive/ {split($2, a, " "); print a[1]; exit}')
  up=${up:-0}
  if [ "$up" = "$last" ]; then same=$((same + 1)); else same=0; last=$up; fi
  if [ "$up" -ge "$TUNNELS" ] || { [ "$up" -gt 0 ] && [ "$same" -ge 5 ]; } || ! kill -0 "$lg" 2>/dev/null; then break; fi
done
with=$(rss)
show 'show vpn-sessiondb summary' > "$OUT/summary.txt"
wait "$lg"; lg=
python3 - "$OUT" "$TUNNELS" "$before" "$with" <<'PY'
import json, re, sys
out, tunnels, before, with_ = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
summary = open(out + '/summary.txt').read()
took = re.search(r'summary: ([0-9.]+) s', summary).group(1)
try:
    r = json.load(open(out + '/loadgen.json'))
except Exception:
    r = {'up': '?', 'failed': '?', 'handshakesPerSecond': 0, 'failures': {}}
up = r['up'] if isinstance(r['up'], int) and r['up'] > 0 else tunnels
print(f"tunnels asked {tunnels}, up {r['up']}, failed {r['failed']} {r.get('failures', {})}, {r['handshakesPerSecond']:.1f} handshakes/s")
print(f"hub RSS {before / 2**20:.0f} MiB before, {with_ / 2**20:.0f} MiB with the tunnels: {(with_ - before) / up / 1024:.1f} KiB per tunnel")
print(f"show vpn-sessiondb summary: {took} s")
print(f"results in {out}")
PY
