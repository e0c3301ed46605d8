#!/usr/bin/env python3
"""Build a large pcap for bench/conform.sh by replicating the conform fixtures.

Each connection of the output is a copy of one connection of a fixture in
tests/conform/fixtures/ (a real Linux capture), moved to its own address/port pair:
client 10.64.0.0 + i (so 10.64.0.1 .. 10.127.255.255, one address per connection),
server 10.128.0.1 .. 10.128.3.232 (1,000 servers), client port 32768 + i mod 28000,
server port 5000 + i mod 16. Sequence and acknowledgement numbers, flags, windows,
options, payload lengths and payload bytes are kept. The IPv4 header checksum and
the TCP checksum are both recomputed (the TCP one over the pseudo-header, so every
segment of the output has a valid TCP checksum). Ethernet addresses are kept.

Connections start GAP microseconds apart, GAP chosen so that about --concurrent
connections are open at any time; the packets of all open connections are merged in
timestamp order (ties: earlier connection first), and the output timestamps are made
strictly increasing by pushing a packet 1 us after its predecessor when needed (this
never reorders packets). The output is classic pcap, microsecond, little-endian,
Ethernet, like the fixtures.

Fixtures replicated (all conform under `--profile linux`, see expected.tsv): each
connection picks one fixture uniformly at random; for interleaved_100 it then picks one
of its 100 connections. With --bad-every K, every K-th connection is instead a copy of
a non-conforming fixture (cycling through bad_data_after_fin, bad_ack_of_unsent_fin,
bad_fin_after_rst), and the expected first bad packet of the whole file is computed
from expected.tsv.

With --connections C the output has exactly C connections and about --packets
packets: each connection is padded with copies of its handshake's last pure ACK
(no letter, no sequence effect: a duplicate ACK that covers no FIN), 1 ms apart, so
that connections get longer rather than more numerous (rst_closed_port, which has no
pure ACK to copy, is then left out). This is how conform.sh measures memory per
connection at a fixed packet count.

Python 3 standard library only. --meta FILE writes the figures as JSON.
"""

import argparse
import heapq
import json
import os
import random
import struct
import sys
import time

GOOD = [
    "four_way_close", "three_way_close", "server_closes_first", "simultaneous_close",
    "lost_fin_retransmitted", "lost_final_ack", "rst_linger_zero", "rst_unread_data",
    "rst_closed_port", "fin_wait_2_timeout", "interleaved_100",
]
BAD = ["bad_data_after_fin", "bad_ack_of_unsent_fin", "bad_fin_after_rst"]

PCAP_GLOBAL = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)
REC = struct.Struct("<IIII")


def die(msg):
    print("make_big_capture.py: " + msg, file=sys.stderr)
    sys.exit(2)


def words_sum(b):
    if len(b) % 2:
        b = b + b"\0"
    return sum(struct.unpack("!%dH" % (len(b) // 2), b))


def fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        die(path + ": too short for pcap")
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0xA1B2C3D4:
        e, nano = "<", False
    elif magic == 0xA1B23C4D:
        e, nano = "<", True
    elif magic == 0xD4C3B2A1:
        e, nano = ">", False
    elif magic == 0x4D3CB2A1:
        e, nano = ">", True
    else:
        die(path + ": not a classic pcap file")
    linktype = struct.unpack(e + "I", data[20:24])[0]
    if linktype != 1:
        die(path + ": link type %d, expected Ethernet (1)" % linktype)
    off, out = 24, []
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(e + "IIII", data[off:off + 16])
        off += 16
        frame = data[off:off + incl]
        off += incl
        us = sec * 1000000 + (frac // 1000 if nano else frac)
        out.append((us, frame))
    return out


class Pkt:
    """One template packet, pre-split so that a copy costs one struct.pack."""

    __slots__ = ("dt", "from_client", "st", "head", "ip_opts", "tcp_mid",
                 "tail", "ip_sum0", "tcp_sum0", "flags", "plen", "caplen")

    def __init__(self, dt, from_client, frame, path):
        if len(frame) < 14 + 20 or frame[12:14] != b"\x08\x00":
            die(path + ": a packet is not Ethernet/IPv4")
        ip = 14
        ihl = (frame[ip] & 0x0F) * 4
        iplen = struct.unpack("!H", frame[ip + 2:ip + 4])[0]
        if frame[ip + 9] != 6:
            die(path + ": a packet is not TCP")
        tcp = ip + ihl
        thl = (frame[tcp + 12] >> 4) * 4
        seg = frame[tcp:ip + iplen]
        self.dt = dt
        self.from_client = from_client
        self.head = frame[:ip + 10]          # Ethernet + IPv4 up to and with protocol
        self.ip_opts = frame[ip + 20:tcp]
        self.tcp_mid = frame[tcp + 4:tcp + 16]
        self.tail = frame[tcp + 18:]        # urgent pointer, options, payload, trailer
        self.flags = frame[tcp + 13]
        self.plen = len(seg) - thl
        self.caplen = len(frame)
        iph = bytearray(frame[ip:tcp])
        iph[10:20] = b"\0" * 10
        self.ip_sum0 = words_sum(bytes(iph))
        s = bytearray(seg)
        s[0:4] = b"\0\0\0\0"
        s[16:18] = b"\0\0"
        self.tcp_sum0 = words_sum(bytes(s)) + 6 + len(seg)
        self.st = struct.Struct("!%dsHII%dsHH12sH%ds" % (len(self.head), len(self.ip_opts),
                                                        len(self.tail)))

    def padded_copy(self, dt):
        p = object.__new__(Pkt)
        for k in Pkt.__slots__:
            setattr(p, k, getattr(self, k))
        p.dt = dt
        return p


class Template:
    def __init__(self, fixture, pkts, first_bad):
        self.fixture = fixture
        self.pkts = pkts
        self.first_bad = first_bad   # 1-based index in the connection, or None
        self.duration = pkts[-1].dt
        # anchor for padding: first pure ACK without payload, before any FIN or RST
        self.anchor = None
        for k, p in enumerate(pkts):
            if p.flags & 0x05:
                break
            if k > 0 and p.flags == 0x10 and p.plen == 0:
                self.anchor = k
                break
        self._padded = {}

    def padded(self, n, spacing):
        if n <= 0 or self.anchor is None:
            return self.pkts
        got = self._padded.get(n)
        if got is None:
            a = self.anchor
            base = self.pkts[a]
            shift = n * spacing
            got = (self.pkts[:a + 1]
                   + [base.padded_copy(base.dt + j * spacing) for j in range(1, n + 1)]
                   + [p.padded_copy(p.dt + shift) for p in self.pkts[a + 1:]])
            self._padded[n] = got
        return got


def connections_of(path, fixture, first_bad):
    pkts = read_pcap(path)
    conns = {}
    order = []
    for us, frame in pkts:
        ip = 14
        ihl = (frame[ip] & 0x0F) * 4
        src, dst = frame[ip + 12:ip + 16], frame[ip + 16:ip + 20]
        sport, dport = struct.unpack("!HH", frame[ip + ihl:ip + ihl + 4])
        a, b = (src, sport), (dst, dport)
        key = (a, b) if a < b else (b, a)
        if key not in conns:
            conns[key] = []
            order.append(key)
        conns[key].append((us, (src, sport), frame))
    out = []
    for key in order:
        lst = conns[key]
        client = lst[0][1]
        for us, snd, frame in lst:
            flags = frame[14 + (frame[14] & 0x0F) * 4 + 13]
            if flags & 0x12 == 0x02:   # SYN without ACK
                client = snd
                break
        t0 = lst[0][0]
        tp = [Pkt(us - t0, snd == client, frame, path) for us, snd, frame in lst]
        out.append(Template(fixture, tp, first_bad))
    return out


def linux_first_bad(fixdir):
    """fixture name -> first bad packet under --profile linux (None if conforming)."""
    res = {}
    path = os.path.join(fixdir, "expected.tsv")
    try:
        with open(path) as f:
            for line in f:
                c = line.rstrip("\n").split("\t")
                if len(c) >= 4 and c[1] == "--profile linux":
                    name = c[0][:-5] if c[0].endswith(".pcap") else c[0]
                    res[name] = None if c[2] == "conforming" else int(c[3])
    except OSError:
        die("cannot read " + path)
    return res


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Build a large capture from the conform fixtures.")
    ap.add_argument("--packets", type=int, default=1000000, help="target packet count (default 1,000,000)")
    ap.add_argument("--out", required=True, help="output pcap file")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed, same file")
    ap.add_argument("--bad-every", type=int, default=0, metavar="K",
                    help="every K-th connection is a non-conforming fixture (default: none)")
    ap.add_argument("--connections", type=int, default=0, metavar="C",
                    help="exactly C connections, padded with duplicate ACKs to reach --packets")
    ap.add_argument("--concurrent", type=int, default=2000, metavar="W",
                    help="connections open at once, on average (default 2000)")
    ap.add_argument("--fixtures", default=os.path.join(here, "..", "tests", "conform", "fixtures"))
    ap.add_argument("--meta", help="write the figures as JSON to this file")
    args = ap.parse_args()
    if args.packets < 1 or args.concurrent < 1 or args.bad_every < 0 or args.connections < 0:
        die("bad arguments")
    t_start = time.monotonic()

    expected = linux_first_bad(args.fixtures)
    good = []   # list of lists of templates, one list per fixture
    for name in GOOD:
        if expected.get(name, "missing") is not None:
            die("%s is not listed as conforming under --profile linux in expected.tsv" % name)
        good.append(connections_of(os.path.join(args.fixtures, name + ".pcap"), name, None))
    bad = []
    if args.bad_every:
        for name in BAD:
            fb = expected.get(name)
            if fb is None:
                die("%s: no first bad packet under --profile linux in expected.tsv" % name)
            ts = connections_of(os.path.join(args.fixtures, name + ".pcap"), name, fb)
            if len(ts) != 1:
                die(name + ": expected one connection")
            bad.append(ts[0])

    # choose the connections; with --connections, only templates that can be padded
    # (rst_closed_port, SYN then RST, has no pure ACK to copy)
    pool = good
    if args.connections:
        pool = [[t for t in fx if t.anchor is not None] for fx in good]
        pool = [fx for fx in pool if fx]
    rng = random.Random(args.seed)
    spacing = 1000   # us between padding ACKs
    chosen = []
    total = 0
    i = 0
    while (total < args.packets) if not args.connections else (i < args.connections):
        if args.bad_every and (i + 1) % args.bad_every == 0:
            t = bad[(i // args.bad_every) % len(bad)]
        else:
            fx = pool[rng.randrange(len(pool))]
            t = fx[rng.randrange(len(fx))]
        pk = t.pkts
        if args.connections:
            # spread what is still missing over the connections still to come (a
            # template without a pure ACK to copy, rst_closed_port, cannot be padded)
            left = args.connections - i
            want = (args.packets - total + left - 1) // left
            pk = t.padded(want - len(t.pkts), spacing)
        chosen.append((t, pk))
        total += len(pk)
        i += 1
    nconn = len(chosen)
    mean_dur = sum(pk[-1].dt for _, pk in chosen) / nconn
    gap = max(mean_dur / args.concurrent, 1.0)

    # merge
    base = 1796179794 * 1000000
    starts = [base + int(round(j * gap)) for j in range(nconn)]
    heap = []
    nxt = 0
    last = 0
    n = 0
    first_bad_global = None
    bad_conns = 0
    used = {}
    max_open = 0
    buf = []
    pack_rec = REC.pack
    heappush, heapreplace, heappop = heapq.heappush, heapq.heapreplace, heapq.heappop
    with open(args.out, "wb") as f:
        f.write(PCAP_GLOBAL)
        while True:
            while nxt < nconn and (not heap or starts[nxt] <= heap[0][0]):
                heappush(heap, (starts[nxt], nxt, 0))
                t, _ = chosen[nxt]
                used[t.fixture] = used.get(t.fixture, 0) + 1
                if t.first_bad is not None:
                    bad_conns += 1
                nxt += 1
            if not heap:
                break
            if len(heap) > max_open:
                max_open = len(heap)
            ts, ci, k = heap[0]
            t, pk = chosen[ci]
            p = pk[k]
            if k + 1 < len(pk):
                heapreplace(heap, (starts[ci] + pk[k + 1].dt, ci, k + 1))
            else:
                heappop(heap)
            if ts <= last:
                ts = last + 1
            last = ts
            n += 1
            if t.first_bad is not None and k + 1 == t.first_bad and first_bad_global is None:
                first_bad_global = n
            cip = 0x0A400001 + ci
            sip = 0x0A800001 + ci % 1000
            cport = 32768 + ci % 28000
            sport = 5000 + ci % 16
            a = (cip >> 16) + (cip & 0xFFFF) + (sip >> 16) + (sip & 0xFFFF)
            s = p.ip_sum0 + a
            s = (s & 0xFFFF) + (s >> 16)
            s = (s & 0xFFFF) + (s >> 16)
            ipc = ~s & 0xFFFF
            s = p.tcp_sum0 + a + cport + sport
            s = (s & 0xFFFF) + (s >> 16)
            s = (s & 0xFFFF) + (s >> 16)
            tcpc = ~s & 0xFFFF
            if p.from_client:
                body = p.st.pack(p.head, ipc, cip, sip, p.ip_opts, cport, sport, p.tcp_mid, tcpc, p.tail)
            else:
                body = p.st.pack(p.head, ipc, sip, cip, p.ip_opts, sport, cport, p.tcp_mid, tcpc, p.tail)
            buf.append(pack_rec(ts // 1000000, ts % 1000000, p.caplen, p.caplen))
            buf.append(body)
            if len(buf) >= 131072:
                f.write(b"".join(buf))
                buf.clear()
        f.write(b"".join(buf))
    elapsed = time.monotonic() - t_start

    meta = {
        "file": args.out,
        "packets": n,
        "connections": nconn,
        "bad_connections": bad_conns,
        "expected_conforming": bad_conns == 0,
        "expected_first_bad_packet": first_bad_global,
        "max_open_connections": max_open,
        "start_gap_us": round(gap, 2),
        "span_seconds": round((last - base) / 1e6, 3),
        "seed": args.seed,
        "fixtures": dict(sorted(used.items())),
        "tcp_checksum": "recomputed",
        "bytes": os.path.getsize(args.out),
        "seconds": round(elapsed, 2),
    }
    print("wrote %s: %d packets, %d connections (%d non-conforming), at most %d open at once, "
          "%.1f s of traffic, %.1f MB, in %.1f s"
          % (args.out, n, nconn, bad_conns, max_open, meta["span_seconds"],
             meta["bytes"] / 1e6, elapsed))
    print("fixtures used (connections): " + ", ".join("%s %d" % kv for kv in sorted(used.items())))
    if first_bad_global is not None:
        print("expected under --profile linux: %d non-conforming connections, first bad packet %d"
              % (bad_conns, first_bad_global))
    else:
        print("expected under --profile linux: conforming")
    if args.meta:
        with open(args.meta, "w") as f:
            json.dump(meta, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
