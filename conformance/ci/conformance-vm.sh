#!/bin/sh
# Runs the conformance suite and ipinfo's smoke checks on a FreeBSD,
# OpenBSD, NetBSD, DragonFly, macOS (or Linux) machine, exactly as CI does
# (.github/workflows/bsd.yml and macos.yml). From the directory holding
# what `make conformance-bins` built:
#
#   sh ./conformance-vm.sh ./conformance-GOOS-GOARCH.test ./ipinfo-GOOS-GOARCH [OUTDIR]
#
# as root, or as a user with sudo (macOS runners). Steps:
#   1. the suite read-only, as an unprivileged user;
#   2. a scratch link of the script's own (a pair where the OS has one,
#      so that it has carrier), DAD off so new IPv6 addresses are final;
#   3. the whole suite as root on that link, with RTNLX_STRICT=1;
#   4. ipinfo: each listing in text and JSON, and `monitor addr`
#      seeing an address added and removed with ifconfig;
#   5. the link removed, DAD restored.
# Each step's output is OUTDIR/NAME.txt (default OUTDIR: ./out); the
# verdicts are OUTDIR/summary.txt, whose last line is "RESULT PASS" or
# "RESULT FAIL". The exit status is 0 only for RESULT PASS.
set -u

if [ $# -lt 2 ]; then
	echo "usage: sh $0 ./conformance-GOOS-GOARCH.test ./ipinfo-GOOS-GOARCH [OUTDIR]" >&2
	exit 2
fi
suite=$1 ipinfo=$2 out=${3:-out}
mkdir -p "$out" || exit 2
summary=$out/summary.txt
: >"$summary"
failed=0

# verdict NAME STATUS records one step.
verdict() {
	if [ "$2" -eq 0 ]; then
		echo "PASS $1" >>"$summary"
	else
		echo "FAIL $1 (exit $2)" >>"$summary"
		failed=1
	fi
	echo "== $1: exit $2"
}

# step NAME CMD... runs CMD with its output in OUTDIR/NAME.txt and on
# stdout.
step() {
	name=$1
	shift
	echo "== $name: $*"
	"$@" >"$out/$name.txt" 2>&1
	rc=$?
	cat "$out/$name.txt"
	verdict "$name" "$rc"
}

# Root for the mutating steps: ourselves, or sudo.
sudo=''
if [ "$(id -u)" -ne 0 ]; then
	if ! sudo -n true 2>/dev/null; then
		echo "conformance-vm.sh: needs root or password-less sudo" >&2
		exit 2
	fi
	sudo=sudo
fi

# asroot CMD... runs CMD as root.
asroot() {
	if [ -n "$sudo" ]; then
		sudo -n "$@"
	else
		"$@"
	fi
}

# The binaries run from a directory every user can read: the workspace
# a VM syncs in may not be.
work=$(mktemp -d /tmp/rtnlx-conformance.XXXXXX) || exit 2
cp "$suite" "$work/suite.test" && cp "$ipinfo" "$work/ipinfo" || exit 2
chmod 755 "$work" "$work/suite.test" "$work/ipinfo"
suite=$work/suite.test ipinfo=$work/ipinfo

os=$(uname -s)
echo "== $(uname -a)"
echo "os $os, user $(id -un), suite $1, ipinfo $2" >>"$summary"

# 1. Read-only, unprivileged: nobody, or the caller when it is not root.
# chroot -u (every BSD and macOS) and setpriv (Linux) run a command as
# another user without a login shell, whose syntax differs by OS.
as_nobody() {
	if [ -n "$sudo" ]; then
		"$@"
	elif [ "$os" = Linux ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	else
		chroot -u nobody / "$@"
	fi
}
step suite-unprivileged as_nobody env RTNLX_STRICT=1 RTNLX_CONFORMANCE_TARGET=default \
	"$suite" -test.v -test.timeout 20m -test.run 'TestPlatformDefault|TestMemory'

# 2. The scratch link, and DAD off.
link='' peer='' dad=''
make_link() {
	case $os in
	FreeBSD)
		asroot kldload -n if_epair 2>/dev/null
		link=$(asroot ifconfig epair create) || return 1
		peer=${link%a}b
		asroot ifconfig "$peer" inet6 -ifdisabled up
		asroot ifconfig "$link" inet6 -ifdisabled up
		;;
	OpenBSD)
		asroot ifconfig vether0 create && asroot ifconfig vether0 up && link=vether0
		;;
	NetBSD)
		if asroot ifconfig vether0 create 2>/dev/null; then
			link=vether0
		else
			asroot ifconfig tap0 create && link=tap0
		fi
		[ -n "$link" ] && asroot ifconfig "$link" up
		;;
	DragonFly)
		asroot ifconfig tap0 create && asroot ifconfig tap0 up && link=tap0
		;;
	Linux) # a Linux VM, or a namespace: ip netns exec NS sh ./conformance-vm.sh ...
		asroot ip link add rtcfvm0 type veth peer name rtcfvm1 &&
			asroot ip link set rtcfvm1 up && asroot ip link set rtcfvm0 up && link=rtcfvm0
		;;
	Darwin)
		asroot ifconfig feth0 create && asroot ifconfig feth1 create &&
			asroot ifconfig feth0 peer feth1 &&
			asroot ifconfig feth1 up && asroot ifconfig feth0 up && link=feth0 peer=feth1
		;;
	*)
		echo "unknown OS $os" >&2
		return 1
		;;
	esac
	[ -n "$link" ]
}
make_link
verdict scratch-link $?
if dad=$(sysctl -n net.inet6.ip6.dad_count 2>/dev/null); then
	asroot sysctl net.inet6.ip6.dad_count=0
fi
echo "scratch link ${link:-none}${peer:+ (peer $peer)}, net.inet6.ip6.dad_count was ${dad:-absent}" >>"$summary"
if [ "$os" = Linux ]; then ip addr; else ifconfig ${link:+"$link"}; fi

# 3. Everything, as root, on the scratch link. (The binary's other
# tests are Linux's namespace and Wine runners, which make test runs.)
if [ -n "$link" ]; then
	step suite-root asroot env RTNLX_STRICT=1 RTNLX_CONFORMANCE_TARGET=default RTNLX_CONFORMANCE_LINK="$link" \
		"$suite" -test.v -test.timeout 20m -test.run 'TestPlatformDefault|TestMemory'
fi

# 4. ipinfo: the listings, then monitor.

# test_addr add|del adds or removes 198.18.99.1/24 on the scratch link.
test_addr() {
	if [ "$os" = Linux ]; then
		asroot ip addr "$1" 198.18.99.1/24 dev "$link"
	elif [ "$1" = add ]; then
		asroot ifconfig "$link" inet 198.18.99.1 netmask 255.255.255.0 alias
	else
		asroot ifconfig "$link" inet 198.18.99.1 -alias
	fi
}
step ipinfo-overview "$ipinfo"
step ipinfo-link "$ipinfo" link
step ipinfo-link-json "$ipinfo" -j link
step ipinfo-addr "$ipinfo" addr
step ipinfo-addr-json "$ipinfo" -j addr
step ipinfo-route "$ipinfo" route show table all
step ipinfo-route-json "$ipinfo" -j route
step ipinfo-route6 "$ipinfo" -6 route
step ipinfo-neigh "$ipinfo" neigh
step ipinfo-neigh-json "$ipinfo" -j neigh
if [ -n "$link" ]; then
	echo "== ipinfo-monitor: 198.18.99.1/24 added to and removed from $link"
	"$ipinfo" -j monitor addr >"$out/ipinfo-monitor.txt" 2>&1 &
	mon=$!
	sleep 2
	test_addr add
	sleep 3
	test_addr del
	sleep 3
	kill -TERM "$mon"
	wait "$mon"
	cat "$out/ipinfo-monitor.txt"
	# One line for the addition, one for the removal.
	[ "$(grep -c '198\.18\.99\.1' "$out/ipinfo-monitor.txt")" -ge 2 ]
	verdict ipinfo-monitor $?
fi

# What `ipinfo monitor link` sees of a link created and destroyed: an
# answer for the record (macOS has no RTM_IFANNOUNCE), not a verdict.
case $os in
Linux) extra=rtcfvm9 ;;
*) extra=gif9 ;;
esac
echo "== ipinfo-monitor-link: $extra created and destroyed (informational)"
"$ipinfo" -j monitor link >"$out/ipinfo-monitor-link.txt" 2>&1 &
mon=$!
sleep 2
if [ "$os" = Linux ]; then
	asroot ip link add "$extra" type veth peer name rtcfvm8 && sleep 3 && asroot ip link del "$extra"
else
	asroot ifconfig "$extra" create && sleep 3 && asroot ifconfig "$extra" destroy
fi
sleep 3
kill -TERM "$mon"
wait "$mon"
cat "$out/ipinfo-monitor-link.txt"
echo "INFO ipinfo-monitor-link: $(grep -c "$extra" "$out/ipinfo-monitor-link.txt") lines name $extra (2 or more: its arrival and departure were seen)" >>"$summary"

# 5. Clean up.
[ -n "$dad" ] && asroot sysctl net.inet6.ip6.dad_count="$dad"
if [ "$os" = Linux ]; then
	[ -n "$link" ] && asroot ip link del "$link"
else
	[ -n "$link" ] && asroot ifconfig "$link" destroy
	[ -n "$peer" ] && [ "$os" = Darwin ] && asroot ifconfig "$peer" destroy
fi
rm -rf "$work"

if [ "$failed" -eq 0 ]; then
	echo "RESULT PASS" >>"$summary"
else
	echo "RESULT FAIL" >>"$summary"
fi
echo "== summary"
cat "$summary"
[ "$failed" -eq 0 ]
