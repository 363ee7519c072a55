#!/bin/bash
# bench/many_clients.sh : sourced by scale.sh and soak.sh, which run `asaemu loadgen` clients from addresses of
# their own (SOURCES, local in netns cli, routed back by the hub) against the AsaEmu headend in netns hub.
# Needs KIT, OUT, SOURCES and run (the asaemu command as an array) set.
#   config : the headend's config, $OUT/asaemu-hub.cfg: the kit's, a pool of 198.19.0.0/16 and
#            vpn-simultaneous-logins raised (every client logs in as cisco); the caller may append to it
#   headend_up NAME : routes SOURCES both ways, starts the headend (telnet CLI on 127.0.0.1:2323, see
#            hub_console.sh) and sets hubpid; on exit the loadgen ($lg, if set), the headend and the routes go
config=$OUT/asaemu-hub.cfg
sed 's/^ip local pool POOL .*/ip local pool POOL 198.19.0.1-198.19.255.254 mask 255.255.0.0/' "$KIT/asaemu-hub.cfg" > "$config"
printf 'group-policy EZ attributes\n vpn-simultaneous-logins 100000\n' >> "$config"

cleanup() {
  [ -n "${lg:-}" ] && kill "$lg" 2>/dev/null
  HUB=custom HUB_CMD=x bash "$KIT/hub.sh" down >> "$OUT/hub-down.log" 2>&1
  ip netns exec cli ip route del local "$SOURCES" dev lo 2>/dev/null
  ip netns exec hub ip route del "$SOURCES" via 198.18.0.2 2>/dev/null
}

headend_up() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  ip netns exec cli ip route add local "$SOURCES" dev lo
  ip netns exec hub ip route add "$SOURCES" via 198.18.0.2
  HUB=custom HUB_CMD="exec ${run[*]} --config $config --no-console --ssh none --telnet 127.0.0.1:2323 --data-dir $OUT/data" \
    bash "$KIT/hub.sh" up > "$OUT/hub-up.log" 2>&1 || { echo "$1: the headend did not start" >&2; exit 1; }
  hubpid=$(pgrep -f -n -- "--data-dir $OUT/data")
}
rss() { awk '/VmRSS/ {print $2 * 1024}' "/proc/$hubpid/status"; }
. "$KIT/bench/hub_console.sh"
