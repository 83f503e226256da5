#!/usr/bin/python3
"""Decode RTNL messages with pyroute2's own message classes.

Reads one netlink message per line on stdin, as hex (header included),
and prints one JSON object per line: the header, the fixed fields and
the attributes as pyroute2 decodes them (nested attributes as objects).
rtnlemu's tests compare this with what netinfo and jsimonetti/rtnetlink
decode from the same bytes.
"""
import json
import sys

from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg

CLASSES = {16: ifinfmsg, 17: ifinfmsg, 20: ifaddrmsg, 21: ifaddrmsg,
           24: rtmsg, 25: rtmsg, 28: ndmsg, 29: ndmsg}


def plain(value):
    """Turns pyroute2 values into JSON values."""
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, 'get') and hasattr(value, 'keys'):
        out = {}
        for k in value.keys():
            if k in ('attrs', 'header'):
                continue
            out[k] = plain(value[k])
        if 'attrs' in value.keys():
            out['attrs'] = attrs(value)
        return out
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def attrs(msg):
    out = {}
    for nla in msg.get('attrs', []):
        name, value = nla[0], nla[1]
        out[name] = plain(value)
    return out


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        data = bytes.fromhex(line)
        typ = int.from_bytes(data[4:6], sys.byteorder)
        cls = CLASSES.get(typ)
        if cls is None:
            print(json.dumps({'error': 'unknown type %d' % typ}))
            continue
        msg = cls(data)
        msg.decode()
        fields = {}
        for name in msg.keys():
            if name in ('attrs', 'header'):
                continue
            fields[name] = plain(msg[name])
        print(json.dumps({'header': plain(msg['header']), 'fields': fields,
                          'attrs': attrs(msg)}))


if __name__ == '__main__':
    main()
