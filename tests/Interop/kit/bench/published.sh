# bench/published.sh (ours), sourced: asaemu_published DIR publishes this repository's asaemu as README gives it
# for everyday use (ReadyToRun) into DIR and prints the executable's path. The setup benchmarks use it: a plain
# Release build runs much of a round's connections on unoptimized tier-0 JIT code.
asaemu_published() {
  local repo; repo=$(cd "$KIT/../../.." && pwd)
  dotnet publish "$repo/Shell" -c Release -r linux-x64 --self-contained false -o "$1" -v q >/dev/null || return 1
  echo "$1/asaemu"
}
