#!/bin/bash
# bench/vpnc_script_cost.sh (ours): what vpnc's script costs at connect (reason=connect, before vpnc sends
# Quick Mode) with the Mode Config attributes each headend hands out: AsaEmu's (the pool's mask too,
# INTERNAL_IP4_NETMASK, as an ASA sends it) and the strongSwan reference's (no netmask), in turn, N times
# each. It runs the kit's vpnc-script-wrapper as vpnc would, in a scratch namespace of its own
# (vpnc-script-bench: a tun0 made afresh for each run, a route to the gateway) that it deletes at the end.
# env: N (40)
# Prints the median and quartiles of each, in ms.
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
need_root
N=${N:-40}; NS=vpnc-script-bench
ip netns del $NS 2>/dev/null
ip netns add $NS || exit 1
res=$(mktemp)
trap 'ip netns del $NS; rm -f "$res"' EXIT
trap 'exit 130' INT TERM
ip -n $NS link set lo up
ip -n $NS link add gw0 type veth peer name gw1
ip -n $NS addr add 198.18.0.2/24 dev gw0
ip -n $NS link set gw0 up; ip -n $NS link set gw1 up

# One run of the script at connect; $1: asaemu | reference.
run() {
  ip netns exec $NS ip tuntap add tun0 mode tun
  local netmask=()
  [ "$1" = asaemu ] && netmask=(INTERNAL_IP4_NETMASK=255.255.255.0 INTERNAL_IP4_NETMASKLEN=24 INTERNAL_IP4_NETADDR=198.19.0.0)
  local t0 t1; t0=$(date +%s%N)
  ip netns exec $NS env -i PATH="$PATH" EZH_VPNC_ENVLOG=/dev/null reason=connect VPNGATEWAY=198.18.0.1 TUNDEV=tun0 \
    INTERNAL_IP4_ADDRESS=198.19.0.10 INTERNAL_IP4_DNS=198.18.1.53 CISCO_DEF_DOMAIN=lab.example CISCO_BANNER=Welcome \
    CISCO_SPLIT_INC=1 CISCO_SPLIT_INC_0_ADDR=198.18.1.0 CISCO_SPLIT_INC_0_MASK=255.255.255.0 CISCO_SPLIT_INC_0_MASKLEN=24 \
    CISCO_SPLIT_INC_0_PROTOCOL=0 CISCO_SPLIT_INC_0_SPORT=0 CISCO_SPLIT_INC_0_DPORT=0 "${netmask[@]}" \
    sh "$KIT/cli-vpnc/vpnc-script-wrapper" >/dev/null 2>&1
  t1=$(date +%s%N)
  echo "$1 $(( (t1 - t0) / 1000 ))" >> "$res"
  ip netns exec $NS ip tuntap del tun0 mode tun
}
for i in $(seq "$N"); do run asaemu; run reference; done

python3 - "$res" <<'PY'
import sys, statistics, collections
d = collections.defaultdict(list)
for l in open(sys.argv[1]):
    k, us = l.split(); d[k].append(int(us) / 1000)
for k in ('asaemu', 'reference'):
    q = statistics.quantiles(d[k])
    print('vpnc-script at connect, %-9s attributes: median %.1f ms (quartiles %.1f-%.1f) of %d' % (k, statistics.median(d[k]), q[0], q[2], len(d[k])))
print('difference of the medians: %.1f ms' % (statistics.median(d['asaemu']) - statistics.median(d['reference'])))
PY
