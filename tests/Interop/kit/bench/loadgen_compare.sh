#!/bin/bash
# bench/loadgen_compare.sh : tunnel setup rate with `asaemu loadgen` (in netns cli) against the
# strongSwan reference headend and the AsaEmu headend in one run, DH groups 2 and 14.
#
# For each round, each headend (alternating which goes first): hub.sh up, 5 tunnels not counted, one loadgen run of
# TUNNELS clients per group (as fast as CONCURRENCY negotiations at once allow, no hold), hub.sh down.
# Each run's JSON summary goes to OUT; one line per run is printed: headend, group, tunnels up,
# failures, handshakes/s (up / time to the last one up), p50 and p99 setup time.
#
# env: ASAEMU (the asaemu.dll or executable; default: the Release build of Shell)   N (1) rounds
#      TUNNELS (80; both headends' pools hold 90)   CONCURRENCY (200)   DH_GROUPS ("2 14")
#      OUT ($EZH_STATE/loadgen-<date>)
# The AsaEmu headend runs the kit's asaemu-hub.cfg with vpn-simultaneous-logins raised (every client
# logs in as cisco; the ASA's default of 3 would log the older ones off; strongSwan has unique = never).
# Needs: topo.sh up, and no headend running in netns hub.
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
need_root; need_topo
ROOT=$(cd "$KIT/../../.." && pwd)
ASAEMU=${ASAEMU:-$ROOT/Shell/bin/Release/net10.0/asaemu.dll}
N=${N:-1}; TUNNELS=${TUNNELS:-80}; CONCURRENCY=${CONCURRENCY:-200}; DH_GROUPS=${DH_GROUPS:-"2 14"}
OUT=${OUT:-$STATE/loadgen-$(date +%Y%m%d-%H%M%S)}; mkdir -p "$OUT"
if hub_listening; then echo "loadgen_compare.sh: a headend already runs in netns hub; stop it first" >&2; exit 2; fi
case $ASAEMU in *.dll) run=(dotnet "$ASAEMU");; *) run=("$ASAEMU");; esac

config=$OUT/asaemu-hub.cfg
{ cat "$KIT/asaemu-hub.cfg"; printf 'group-policy EZ attributes\n vpn-simultaneous-logins 1000\n'; } > "$config"
custom_cmd="exec ${run[*]} --config $config --no-console --ssh none --data-dir $OUT/data"

cur=
cleanup() { [ -n "$cur" ] && HUB=$cur HUB_CMD=$custom_cmd bash "$KIT/hub.sh" down >/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM

printf '%-10s %5s %5s %8s %12s %10s %10s\n' headend group up failed handshakes/s p50_ms p99_ms
for r in $(seq "$N"); do
  if [ $((r % 2)) -eq 1 ]; then order="strongswan custom"; else order="custom strongswan"; fi
  for h in $order; do
    cur=$h
    HUB=$h HUB_CMD=$custom_cmd bash "$KIT/hub.sh" up > "$OUT/$h-r$r-hub.log" 2>&1 || { echo "loadgen_compare.sh: $h did not start" >&2; exit 1; }
    # A few tunnels first, not counted: the headend's first handshakes pay for its JIT (AsaEmu) or warm-up.
    ip netns exec cli "${run[@]}" loadgen "$HUB_ADDR" --tunnels 5 > /dev/null 2>&1 || true
    for g in $DH_GROUPS; do
      json=$OUT/$h-r$r-g$g.json
      ip netns exec cli "${run[@]}" loadgen "$HUB_ADDR" --tunnels "$TUNNELS" --concurrency "$CONCURRENCY" --dh-group "$g" --json > "$json" 2>/dev/null || true
      python3 - "$h" "$g" "$json" <<'EOF'
import json, sys
h, g, path = sys.argv[1:]
try:
    r = json.load(open(path))
except Exception:
    print(f"{'asaemu' if h == 'custom' else h:<10} {g:>5}  (no summary: see {path})"); sys.exit()
f = ",".join(f"{k}:{v}" for k, v in r["failures"].items()) or "0"
print(f"{'asaemu' if h == 'custom' else h:<10} {g:>5} {r['up']:>5} {f:>8} {r['handshakesPerSecond']:>12.1f} {r['setupMilliseconds']['p50']:>10.1f} {r['setupMilliseconds']['p99']:>10.1f}")
EOF
    done
    HUB=$h HUB_CMD=$custom_cmd bash "$KIT/hub.sh" down >> "$OUT/$h-r$r-hub.log" 2>&1
    cur=
  done
done
echo "results in $OUT"
