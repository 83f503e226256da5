# Times one pyroute2 dump of every object of one kind in the current
# network namespace, and reports the process's peak resident set.
import json
import sys
import time

from pyroute2 import IPRoute


def peak_rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    kind = sys.argv[1]
    with IPRoute() as ipr:
        dump = {
            "routes": ipr.get_routes,
            "addrs": ipr.get_addr,
            "neighs": ipr.get_neighbours,
            "links": ipr.get_links,
        }[kind]
        start = time.perf_counter()
        # Results may be tuples or generators depending on filters:
        # counting consumes both, inside the timed region.
        records = sum(1 for _ in dump())
        seconds = time.perf_counter() - start
    json.dump({"records": records, "seconds": seconds, "vmhwm_kib": peak_rss_kib()}, sys.stdout)
    sys.stdout.write("\n")


main()
