#!/bin/bash
# startup.sh : time from `asaemu` start to its first console prompt and exit, published build
# (ReadyToRun, see Shell/Shell.csproj). Prints each run and the median. env: N (runs, default 11).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
dotnet publish "$ROOT/Shell" -c Release -r linux-x64 --self-contained false -o "$OUT/bin" -v q >/dev/null
# The first start generates the SSH host keys; they are kept in the data directory for the rest.
echo exit | "$OUT/bin/asaemu" --data-dir "$OUT/data" --ssh none >/dev/null 2>&1
times=()
for _ in $(seq "${N:-11}"); do
  start=$(date +%s%N)
  echo exit | "$OUT/bin/asaemu" --data-dir "$OUT/data" --ssh none >/dev/null 2>&1
  end=$(date +%s%N)
  times+=("$(( (end - start) / 1000000 ))")
done
echo "runs (ms): ${times[*]}"
printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "median: %d ms\n", a[int((NR + 1) / 2)] }'
