#!/bin/bash
# bench/setup_steps.sh (ours): where a tunnel's setup time goes, message by message, AsaEmu against the
# strongSwan reference headend. For each headend in turn: start it, warm it with WARM connections of the warm
# strongSwan client (as setup_compare.sh does), then capture N more on cli's veth (tcpdump in netns cli) and
# stop it. From the capture, per step of IKEv1 aggressive mode + XAUTH + Mode Config + Quick Mode, the median
# time from the message before to this one: the headend's steps (h) are its own turns (the client's message
# in, its answer out), the client's (c) are the client's; then the medians of the sums and of AM1 to QM3.
# The first ESP and its answer are left out: the client sends it when its next probe goes (setup_time.sh).
# env: N (16)   WARM (40)   HEADENDS ("asaemu strongswan")   ASAEMU (default: published ReadyToRun into $OUT/bin)
#      OUT ($EZH_STATE/bench/setup-steps-<date>)
# Needs: topo.sh up and no headend running in netns hub.
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
need_root; need_topo
N=${N:-16}; WARM=${WARM:-40}; HEADENDS=(${HEADENDS:-asaemu strongswan})
OUT=${OUT:-$STATE/bench/setup-steps-$(date +%Y%m%d-%H%M%S)}; mkdir -p "$OUT"
. "$KIT/bench/published.sh"
ASAEMU=${ASAEMU:-$(asaemu_published "$OUT/bin")} || exit 1
if hub_listening; then echo "setup_steps.sh: a headend already runs in netns hub; stop it first" >&2; exit 2; fi
hub=; tp=
cleanup() {
  [ -n "$tp" ] && kill "$tp" 2>/dev/null
  [ -n "$hub" ] && HUB=$hub bash "$KIT/hub.sh" down >/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for h in "${HEADENDS[@]}"; do
  case $h in
    asaemu) hub=custom; cmd="exec $ASAEMU --config $KIT/asaemu-hub.cfg --no-console --ssh none --data-dir $OUT/data" ;;
    strongswan) hub=strongswan; cmd= ;;
    *) echo "setup_steps.sh: unknown headend '$h'" >&2; exit 2 ;;
  esac
  HUB=$hub HUB_CMD=$cmd bash "$KIT/hub.sh" up > "$OUT/$h.log" 2>&1 || { echo "$h did not start (see $OUT/$h.log)" >&2; exit 1; }
  PAUSE_S=0.1 N=$WARM CASES=ss-warm OUT=$OUT/$h-warm bash "$KIT/bench/setup_time.sh" >> "$OUT/$h.log" 2>&1
  ip netns exec cli tcpdump -i cli-hub -n -U -w "$OUT/$h.pcap" udp >> "$OUT/$h.log" 2>&1 & tp=$!
  # tcpdump says on stderr when it listens
  for i in $(seq 50); do grep -q "listening on" "$OUT/$h.log" && break; sleep 0.1; done
  PROBE_MS=1 N=$N CASES=ss-warm OUT=$OUT/$h-measured bash "$KIT/bench/setup_time.sh" >> "$OUT/$h.log" 2>&1
  kill "$tp"; wait "$tp" 2>/dev/null; tp=
  HUB=$hub bash "$KIT/hub.sh" down >> "$OUT/$h.log" 2>&1; hub=
  tcpdump -r "$OUT/$h.pcap" -n -tt 2>/dev/null > "$OUT/$h.txt"
done

python3 - "$HUB_ADDR" "$OUT" "${HEADENDS[@]}" <<'PY' | tee "$OUT/summary.txt"
import sys, re, statistics
hub, out, headends = sys.argv[1], sys.argv[2], sys.argv[3:]
steps = ['AM2 h', 'AM3 c', 'XAUTH request h', 'XAUTH reply c', 'XAUTH set h', 'XAUTH ack c', 'Mode Config request c',
         'Mode Config reply h', 'QM1 c', 'QM2 h', 'QM3 c']
print('%-22s' % 'step (ms, median)' + ''.join('%12s' % h for h in headends))
table = {}
for h in headends:
    ike = []   # (time, from the headend) of each IKE message, ESP and keepalives left out
    for line in open(f'{out}/{h}.txt'):
        m = re.match(r'(\d+\.\d+) IP (\S+)\.\d+ > \S+: (.*)', line)
        if m and 'UDP-encap: ESP' not in m.group(3) and 'keep-alive' not in m.group(3):
            ike.append((float(m.group(1)), m.group(2) == hub))
    connections, current = [], []
    for p in ike:   # a connection's messages come within 0.3 s of each other; setup_time.sh pauses 0.5 s between them
        if current and p[0] - current[-1][0] > 0.3: connections.append(current); current = []
        current.append(p)
    connections.append(current)
    columns = [[] for _ in steps]; own = []; peer = []; spans = []
    for c in connections:
        if len(c) < len(steps) + 1 or c[0][1]: continue
        gaps = [1000 * (c[i + 1][0] - c[i][0]) for i in range(len(steps))]
        for i, g in enumerate(gaps): columns[i].append(g)
        own.append(sum(g for g, s in zip(gaps, steps) if s.endswith(' h')))
        peer.append(sum(g for g, s in zip(gaps, steps) if s.endswith(' c')))
        spans.append(1000 * (c[len(steps)][0] - c[0][0]))
    table[h] = [statistics.median(v) for v in columns] + [statistics.median(own), statistics.median(peer), statistics.median(spans), len(spans)]
for i, s in enumerate(steps + ["headend's steps", "client's steps", 'AM1 to QM3']):
    print('%-22s' % s + ''.join('%12.2f' % table[h][i] for h in headends))
print('%-22s' % 'connections' + ''.join('%12d' % table[h][-1] for h in headends))
PY
echo "results: $OUT"
