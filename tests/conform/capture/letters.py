#!/usr/bin/env python3
"""Lists a capture's TCP segments with the abstract letter TRACES.md gives each one; stdlib only.

  letters.py FILE.pcap                  the packet table (as in fixtures/README.md)
  letters.py FILE.pcap --patterns       one line per connection: its letters with packet numbers
  letters.py FILE.pcap --shapes        one line per connection: its shape (see below)
  letters.py FILE.pcap --expect 'S0|S1|...' --sport BASE --conns N
        exit 1 unless the file has exactly N connections and the connection whose client
        port is BASE+i has shape S(i mod k)

A connection's shape lists its segments in capture order as SIDE:FLAGS[/LEN][=LETTER],
e.g. 'A:SYN B:SYN,ACK A:ACK A:PSH,ACK/6 B:ACK A:FIN,ACK=FIN B:ACK=ACK ...'.

This tool only applies the "Connections", "Letters" and "Sequence-level violations"
sections of TRACES.md (packet numbering, incarnations, endpoint A, snd_max, fin_seq); it
does not decide conformance: the verdicts in fixtures/README.md were worked out by hand
from these letters. make_captures.sh uses --expect to reject a capture whose shape differs
from the documented one (real TCP timing can vary) and to capture it again, so that a new
capture has the same packets, in the same order, as the one described in the README.
"""

import argparse
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the fixtures' tools
from edit_pcap import ACK, FIN, PSH, RST, SYN, Pcap, serial_gt  # noqa: E402

MASK = 0xFFFFFFFF


def serial_ge(x, y):
    return x == y or serial_gt(x, y)


def flag_names(flags):
    names = [n for bit, n in ((SYN, "SYN"), (FIN, "FIN"), (RST, "RST"), (PSH, "PSH"), (ACK, "ACK")) if flags & bit]
    rest = flags & ~(SYN | FIN | RST | PSH | ACK)
    return ",".join(names) + (f"+0x{rest:02x}" if rest else "")


class Endpoint:
    def __init__(self, addr, port, isn):
        self.addr, self.port, self.isn = addr, port, isn
        self.snd_max = None
        self.fin_seq = None


class Connection:
    def __init__(self, number, first_seg):
        self.number = number
        s = first_seg
        self.syn_seq = s.seq if s.flags & SYN and not s.flags & ACK else None
        # A is the sender of the first SYN-without-ACK, else of the first packet.
        self.a = Endpoint(s.src, s.sport, s.seq)
        self.b = Endpoint(s.dst, s.dport, None)
        self.letters = []  # (packet number, "A"/"B", letter)
        self.tokens = []  # the shape, one token per segment
        self.seq_violations = []  # (packet number, reason)


def analyse(path):
    pcap = Pcap(path)
    conns_by_key, conns, rows = {}, [], []
    for index, s in pcap.segments():
        number = index + 1
        key = frozenset({(s.src, s.sport), (s.dst, s.dport)})
        c = conns_by_key.get(key)
        is_syn = s.flags & SYN and not s.flags & ACK
        if c is None or (is_syn and c.syn_seq is not None and s.seq != c.syn_seq):
            c = Connection(len(conns) + 1, s)
            conns_by_key[key] = c
            conns.append(c)
        elif is_syn and c.syn_seq is None:
            c.syn_seq = s.seq  # only reached for a capture that started mid-connection
        me, peer, side = (c.a, c.b, "A") if (s.src, s.sport) == (c.a.addr, c.a.port) else (c.b, c.a, "B")
        if me.isn is None:
            me.isn = s.seq
        plen = len(s.payload)
        # Sequence-level violations, checked before this segment updates its sender.
        reason = None
        if s.flags & ACK and peer.snd_max is not None and serial_gt(s.ack, peer.snd_max):
            reason = "ack beyond the peer's snd_max"
        elif me.fin_seq is not None and not s.flags & RST:
            if s.flags & FIN and (s.seq + plen) & MASK != me.fin_seq:
                reason = "FIN at another sequence number than the sender's first FIN"
            elif plen and serial_gt((s.seq + plen) & MASK, me.fin_seq):
                reason = "payload ending beyond the sender's FIN"
        if reason:
            c.seq_violations.append((number, reason))
        # The letter.
        covers_peer_fin = peer.fin_seq is not None and serial_ge(s.ack, (peer.fin_seq + 1) & MASK)
        if s.flags & RST:
            letter = "RST"
        elif s.flags & FIN:
            letter = "FINACK" if s.flags & ACK and covers_peer_fin else "FIN"
        elif s.flags == ACK and not plen and covers_peer_fin:
            letter = "ACK"
        else:
            letter = "-"
        if letter != "-":
            c.letters.append((number, side, letter))
        c.tokens.append(f"{side}:{flag_names(s.flags)}" + (f"/{plen}" if plen else "")
                        + (f"={letter}" if letter != "-" else ""))
        # Update the sender.
        if not s.flags & RST:
            end = (s.seq + plen + (1 if s.flags & SYN else 0) + (1 if s.flags & FIN else 0)) & MASK
            if me.snd_max is None or serial_gt(end, me.snd_max):
                me.snd_max = end
            if s.flags & FIN and me.fin_seq is None:
                me.fin_seq = (s.seq + plen) & MASK
        rel_seq = (s.seq - me.isn) & MASK
        rel_ack = (s.ack - peer.isn) & MASK if s.flags & ACK and peer.isn is not None else None
        ms = (pcap.timestamp(index) - pcap.timestamp(0)) * 1000 / pcap.frac_per_sec
        rows.append((number, ms, c.number, side, flag_names(s.flags), rel_seq, rel_ack, plen, letter, reason))
    return pcap, conns, rows


def pattern(c):
    return " ".join(f"{side}:{letter}" for _, side, letter in c.letters)


def shape(c):
    return " ".join(c.tokens)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("pcap")
    p.add_argument("--patterns", action="store_true")
    p.add_argument("--shapes", action="store_true")
    p.add_argument("--expect")
    p.add_argument("--sport", type=int)
    p.add_argument("--conns", type=int, default=1)
    args = p.parse_args()
    pcap, conns, rows = analyse(args.pcap)
    if args.expect is not None:
        wanted = [w.strip() for w in args.expect.split("|")]
        bad = []
        if len(conns) != args.conns:
            bad.append(f"{len(conns)} connections, expected {args.conns}")
        for c in conns:
            i = (c.a.port - args.sport) % len(wanted) if args.sport is not None else 0
            if shape(c) != wanted[i] or c.seq_violations:
                bad.append(f"connection {c.number} (client port {c.a.port}): '{shape(c)}', "
                           f"expected '{wanted[i]}'; sequence violations {c.seq_violations}")
        for line in bad:
            print(f"{args.pcap}: {line}", file=sys.stderr)
        return 1 if bad else 0
    if args.shapes:
        for c in conns:
            print(f"conn {c.number}\t{c.a.addr}:{c.a.port}\t{shape(c)}")
        return 0
    if args.patterns:
        for c in conns:
            numbered = " ".join(f"{n}:{side}:{letter}" for n, side, letter in c.letters)
            print(f"conn {c.number}\t{c.a.addr}:{c.a.port}\t{c.b.addr}:{c.b.port}\t{pattern(c)}\t{numbered}"
                  f"\tseq-violations={c.seq_violations}")
        return 0
    print(f"# {args.pcap}: {len(pcap.records)} records, {len(conns)} connections")
    print("no.\tms\tconn\tdir\tflags\tseq\tack\tlen\tletter\tnote")
    for number, ms, conn, side, flags, seq, ack, plen, letter, reason in rows:
        arrow = "A->B" if side == "A" else "B->A"
        print(f"{number}\t{ms:.1f}\t{conn}\t{arrow}\t{flags}\t{seq}\t{'-' if ack is None else ack}\t{plen}"
              f"\t{letter}\t{reason or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
