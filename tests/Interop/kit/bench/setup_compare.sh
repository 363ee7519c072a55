#!/bin/bash
# bench/setup_compare.sh (ours): tunnel setup time (bench/setup_time.sh), AsaEmu against the strongSwan
# reference headend in one run, the headends taking turns round by round (the order rotates each round).
# Each round starts each headend afresh and, for each case, first makes WARM connections that are not kept
# (0.1 s apart), then N that are. The warm-up is there for AsaEmu: .NET compiles a method again, optimized,
# in the background once it has run 30 times, and a headend's per-connection methods get there only after
# about 30 connections; until then that compiler thread takes CPU from the client on this 2-core machine
# (WARM=1 measures a fresh process: only the first connection, which pays the JIT and the first PBKDF2, is
# dropped). The reference gets the same warm-up. Probes go every PROBE_MS (1) ms, so that the probe's
# interval does not round each sample up to the next 5 ms. Prints each headend's median over all rounds,
# its ratio to the reference's (< 1: faster than the reference) and the ratios round by round.
# The headends:
#   asaemu       ASAEMU (default: bench/published.sh's build into $OUT/bin) on HUB_CFG (default: the kit's
#                asaemu-hub.cfg), which hands out the pool's mask as an ASA does (INTERNAL_IP4_NETMASK)
#   asaemu-same  the same on HUB_CFG with the pool's mask taken out: its Mode Config then hands vpnc what the
#                reference does (the reference sends no netmask; for one, vpnc-script runs one more
#                `ip route replace` before Quick Mode)
#   strongswan   the kit's reference headend
# env: R (6) rounds   N (5) samples kept per case, headend and round   WARM (40) connections not kept before them
#      PROBE_MS (1)   CASES ("vpnc ss-warm")
#      HEADENDS ("asaemu asaemu-same strongswan")   OUT ($EZH_STATE/bench/setup-compare-<date>)
# Needs: topo.sh up and no headend running in netns hub.
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
need_root; need_topo
R=${R:-6}; N=${N:-5}; WARM=${WARM:-40}; export PROBE_MS=${PROBE_MS:-1}; CASES=${CASES:-"vpnc ss-warm"}; HEADENDS=(${HEADENDS:-asaemu asaemu-same strongswan})
OUT=${OUT:-$STATE/bench/setup-compare-$(date +%Y%m%d-%H%M%S)}; mkdir -p "$OUT"
. "$KIT/bench/published.sh"
HUB_CFG=${HUB_CFG:-$KIT/asaemu-hub.cfg}
sed 's/^\(ip local pool .*\) mask [0-9.]*$/\1/' "$HUB_CFG" > "$OUT/same-attributes.cfg"
ASAEMU=${ASAEMU:-$(asaemu_published "$OUT/bin")} || exit 1
asaemu() { echo "exec $ASAEMU --config $1 --no-console --ssh none --data-dir $OUT/data"; }
if hub_listening; then echo "setup_compare.sh: a headend already runs in netns hub; stop it first" >&2; exit 2; fi
hub=
trap '[ -n "$hub" ] && HUB=$hub bash "$KIT/hub.sh" down >/dev/null' EXIT
trap 'exit 130' INT TERM

for r in $(seq "$R"); do
  k=${#HEADENDS[@]}
  for j in $(seq 0 $((k - 1))); do
    h=${HEADENDS[$(( (j + r - 1) % k ))]}
    case $h in
      asaemu) hub=custom; cmd=$(asaemu "$HUB_CFG") ;;
      asaemu-same) hub=custom; cmd=$(asaemu "$OUT/same-attributes.cfg") ;;
      strongswan) hub=strongswan; cmd= ;;
      *) echo "setup_compare.sh: unknown headend '$h'" >&2; exit 2 ;;
    esac
    rm -rf "$OUT/data"
    HUB=$hub HUB_CMD=$cmd bash "$KIT/hub.sh" up > "$OUT/$h-r$r.log" 2>&1 || { echo "round $r, $h: the headend did not start (see $OUT/$h-r$r.log)" >&2; exit 1; }
    for c in $CASES; do
      PAUSE_S=0.1 N=$WARM CASES=$c OUT=$OUT/$h-r$r-warm-$c bash "$KIT/bench/setup_time.sh" >> "$OUT/$h-r$r.log" 2>&1 \
        && N=$N CASES=$c OUT=$OUT/$h-r$r-$c bash "$KIT/bench/setup_time.sh" >> "$OUT/$h-r$r.log" 2>&1 \
        || { echo "round $r, $h: setup_time.sh failed (see $OUT/$h-r$r.log)" >&2; exit 1; }
    done
    HUB=$hub bash "$KIT/hub.sh" down >> "$OUT/$h-r$r.log" 2>&1
    hub=
    echo "round $r/$R $h: done"
  done
done

python3 - "$OUT" "$R" "$CASES" "${HEADENDS[@]}" <<'PY' | tee "$OUT/summary.txt"
import sys, statistics, collections, os
out, rounds, cases, headends = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4:]
d = collections.defaultdict(lambda: collections.defaultdict(list))   # case -> headend -> (round, seconds)
for h in headends:
    for r in range(1, rounds + 1):
        for c in cases:
          for l in open(os.path.join(out, f'{h}-r{r}-{c}', 'setup_time.txt')):
            case, i, v = l.split()
            if v == 'timeout': print(f'{h} round {r}: {case} sample {i} timed out'); continue
            d[case][h].append((r, float(v)))
def median(case, h, r=None): return statistics.median(v for rr, v in d[case][h] if r is None or rr == r)
for case in d:
    ref = median(case, 'strongswan') if 'strongswan' in d[case] else None
    for h in headends:
        line = '%-8s %-12s median %.1f ms of %d' % (case, h, 1000 * median(case, h), len(d[case][h]))
        if ref and h != 'strongswan':
            per = ' '.join('%.2f' % (median(case, h, r) / median(case, 'strongswan', r)) for r in range(1, rounds + 1))
            line += ': %.2f of the reference; round by round %s' % (median(case, h) / ref, per)
        print(line)
PY
