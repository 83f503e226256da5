# Counts route events with pyroute2's IPRoute (bind + get loop, default
# options) in the current network namespace. Prints "ready" once
# subscribed and "progress EVENTS ENOBUFS" twice a second; when standard
# input closes it prints one JSON object and exits.
import errno
import json
import select
import sys
import threading
import time

from pyroute2 import IPRoute
from pyroute2.netlink.rtnl import RTMGRP_IPV4_ROUTE, RTMGRP_IPV6_ROUTE

ROUTE_EVENTS = ("RTM_NEWROUTE", "RTM_DELROUTE")


def main():
    stop = threading.Event()

    def wait_for_eof():
        sys.stdin.read()
        stop.set()

    events = 0
    enobufs = 0
    last_event = 0.0
    with IPRoute() as ipr:
        ipr.bind(groups=RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE)
        print("ready", flush=True)
        threading.Thread(target=wait_for_eof, daemon=True).start()
        next_progress = time.monotonic() + 0.5
        while True:
            now = time.monotonic()
            if now >= next_progress:
                print("progress %d %d" % (events, enobufs), flush=True)
                next_progress = now + 0.5
            ready, _, _ = select.select([ipr.fileno()], [], [], 0.1)
            if not ready:
                if stop.is_set():
                    break
                continue
            try:
                msgs = ipr.get()
            except OSError as e:
                if e.errno == errno.ENOBUFS:
                    enobufs += 1
                    continue
                raise
            for msg in msgs:
                if msg.get("event") in ROUTE_EVENTS:
                    events += 1
                    last_event = time.time()
    json.dump({"events": events, "enobufs": enobufs, "last_event_unix": last_event}, sys.stdout)
    sys.stdout.write("\n")


main()
