#!/bin/sh
# showrss.sh N IPINFO: builds a namespace with N /32 routes, then runs
# ip's and ipinfo's `route show table all` (text and -j, output to
# /dev/null), three rounds alternated, under GNU time: peak RSS, user
# and system CPU, wall time. Needs root and iproute2. Issue 20's
# figures in bench/RESULTS.md come from it.
set -e
N=$1
IPINFO=$2
NS=rtshow-$$
BATCH=$(mktemp)
ip netns add "$NS"
trap 'ip netns del "$NS"; rm -f "$BATCH"' EXIT
ip -n "$NS" link add g0 type veth peer name g1
ip -n "$NS" link set g0 up
ip -n "$NS" link set g1 up
ip -n "$NS" addr add 192.0.2.2/24 dev g0
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "route add 100.%d.%d.%d/32 via 192.0.2.1\n", 64 + int(i / 65536), int(i / 256) % 256, i % 256 }' > "$BATCH"
ip -n "$NS" -batch "$BATCH"
for round in 1 2 3; do
	for j in "" "-j"; do
		for tool in ip "$IPINFO"; do
			/usr/bin/time -f "$(basename "$tool") $j route show table all: %M KB peak RSS, %U user + %S sys s, %e s wall" \
				"$tool" -n "$NS" $j route show table all > /dev/null
		done
	done
done
