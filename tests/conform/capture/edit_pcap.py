#!/usr/bin/env python3
"""Makes the hand-edited fixtures that must fail (bad_*.pcap) from real captures; stdlib only.

  edit_pcap.py all FIXTURES_DIR        write every bad_*.pcap from its source fixture
  edit_pcap.py RECIPE IN.pcap OUT.pcap one recipe (see RECIPES below)

Each recipe reads a classic pcap (Ethernet or raw IPv4), changes or inserts TCP/IPv4
segments, recomputes the IPv4 header checksum and the TCP checksum of every segment it
touched, and writes a new pcap with the same header. It is deterministic: the same input
gives the same output byte for byte (an inserted record takes a timestamp between its
neighbours'). The module also serves letters.py as a small pcap reader.
"""

import os
import struct
import sys

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
LINKTYPE_ETHERNET, LINKTYPE_RAW = 1, 101
MAGICS = {  # magic as read little-endian -> (byte order, fraction units per second)
    0xA1B2C3D4: ("<", 1_000_000), 0xD4C3B2A1: (">", 1_000_000),
    0xA1B23C4D: ("<", 1_000_000_000), 0x4D3CB2A1: (">", 1_000_000_000),
}


class Pcap:
    """A classic pcap file: its global header and its records (ts_sec, ts_frac, orig_len, data)."""

    def __init__(self, path):
        raw = open(path, "rb").read()
        magic = struct.unpack("<I", raw[:4])[0]
        if magic not in MAGICS:
            raise SystemExit(f"{path}: not a classic pcap file")
        self.endian, self.frac_per_sec = MAGICS[magic]
        self.header = raw[:24]
        self.linktype = struct.unpack(self.endian + "I", raw[20:24])[0] & 0x0FFFFFFF
        if self.linktype not in (LINKTYPE_ETHERNET, LINKTYPE_RAW):
            raise SystemExit(f"{path}: link type {self.linktype} is not Ethernet or raw IP")
        self.records = []
        off = 24
        while off + 16 <= len(raw):
            sec, frac, incl, orig = struct.unpack(self.endian + "IIII", raw[off:off + 16])
            self.records.append([sec, frac, orig, raw[off + 16:off + 16 + incl]])
            off += 16 + incl

    def write(self, path):
        out = [self.header]
        for sec, frac, orig, data in self.records:
            out.append(struct.pack(self.endian + "IIII", sec, frac, len(data), orig))
            out.append(data)
        with open(path, "wb") as f:
            f.write(b"".join(out))

    def ip_offset(self, data):
        if self.linktype == LINKTYPE_RAW:
            return 0
        ethertype = struct.unpack("!H", data[12:14])[0]
        if ethertype != 0x0800:
            return None
        return 14

    def segments(self):
        """Yields (index, Segment) for every IPv4/TCP record."""
        for i, (_, _, _, data) in enumerate(self.records):
            ip = self.ip_offset(data)
            if ip is None or data[ip] >> 4 != 4 or data[ip + 9] != 6:
                continue
            yield i, Segment.parse(data, ip)

    def timestamp(self, i):
        sec, frac = self.records[i][:2]
        return sec * self.frac_per_sec + frac

    def insert(self, i, data, ts):
        """Inserts a record before position i (0-based) with timestamp ts (fraction units)."""
        self.records.insert(i, [ts // self.frac_per_sec, ts % self.frac_per_sec, len(data), data])


class Segment:
    """The fields of one IPv4/TCP packet that the recipes read or change."""

    @staticmethod
    def parse(data, ip):
        s = Segment()
        s.link = data[:ip]
        ihl = (data[ip] & 0x0F) * 4
        total = struct.unpack("!H", data[ip + 2:ip + 4])[0]
        s.ip = bytearray(data[ip:ip + ihl])
        tcp = ip + ihl
        doff = (data[tcp + 12] >> 4) * 4
        s.tcp = bytearray(data[tcp:tcp + doff])
        s.payload = data[tcp + doff:ip + total]
        s.src = ".".join(str(b) for b in s.ip[12:16])
        s.dst = ".".join(str(b) for b in s.ip[16:20])
        s.sport, s.dport, s.seq, s.ack = struct.unpack("!HHII", s.tcp[:12])
        s.flags = s.tcp[13]
        return s

    def copy(self):
        c = Segment()
        c.__dict__.update(self.__dict__)
        c.ip, c.tcp = bytearray(self.ip), bytearray(self.tcp)
        return c

    def build(self):
        """Serialises the packet with fresh lengths and checksums."""
        ip, tcp = bytearray(self.ip), bytearray(self.tcp)
        struct.pack_into("!II", tcp, 4, self.seq & 0xFFFFFFFF, self.ack & 0xFFFFFFFF)
        tcp[13] = self.flags
        tcp[16:18] = b"\0\0"
        struct.pack_into("!H", ip, 2, len(ip) + len(tcp) + len(self.payload))
        ip[10:12] = b"\0\0"
        struct.pack_into("!H", ip, 10, checksum(bytes(ip)))
        pseudo = bytes(ip[12:20]) + struct.pack("!BBH", 0, 6, len(tcp) + len(self.payload))
        struct.pack_into("!H", tcp, 16, checksum(pseudo + bytes(tcp) + self.payload))
        return bytes(self.link) + bytes(ip) + bytes(tcp) + self.payload


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def client_of(pcap):
    """The address of the first SYN-without-ACK's sender (endpoint A)."""
    for _, s in pcap.segments():
        if s.flags & SYN and not s.flags & ACK:
            return s.src
    raise SystemExit("no SYN in the capture")


def serial_gt(x, y):
    """x > y in 32-bit sequence space (RFC 1982)."""
    return x != y and ((x - y) & 0xFFFFFFFF) < 0x80000000


def snd_max(pcap, addr, upto=None):
    """Sequence number just past everything addr sent (records before index upto; RST excluded)."""
    best = None
    for k, s in pcap.segments():
        if (upto is not None and k >= upto) or s.src != addr or s.flags & RST:
            continue
        end = (s.seq + len(s.payload) + (1 if s.flags & SYN else 0) + (1 if s.flags & FIN else 0)) & 0xFFFFFFFF
        if best is None or serial_gt(end, best):
            best = end
    return best


def first(pcap, pred, what):
    for i, s in pcap.segments():
        if pred(s):
            return i, s
    raise SystemExit(f"no {what} in the capture")


def between(pcap, i):
    """A timestamp strictly between record i and record i + 1 (or 1 ms after the last)."""
    t = pcap.timestamp(i)
    if i + 1 < len(pcap.records):
        return t + max(1, (pcap.timestamp(i + 1) - t) // 2)
    return t + pcap.frac_per_sec // 1000


def fin_after_rst(pcap):
    """After the client's RST, the client sends a FIN (as if it were still open)."""
    a = client_of(pcap)
    i, rst = first(pcap, lambda s: s.src == a and s.flags & RST, "client RST")
    fin = rst.copy()
    fin.flags = FIN | ACK
    fin.payload = b""
    # seq: the RST's, i.e. the client's snd_max; ack: everything the server sent.
    assert fin.seq == snd_max(pcap, a)
    fin.ack = snd_max(pcap, rst.dst)
    fin.ip[4:6] = struct.pack("!H", (struct.unpack("!H", rst.ip[4:6])[0] + 1) & 0xFFFF)
    pcap.insert(len(pcap.records), fin.build(), between(pcap, len(pcap.records) - 1))


def data_after_fin(pcap):
    """Right after the client's FIN, the client sends 6 bytes of payload past its FIN."""
    a = client_of(pcap)
    i, fin = first(pcap, lambda s: s.src == a and s.flags & FIN, "client FIN")
    data = fin.copy()
    data.flags = PSH | ACK
    data.seq = fin.seq + len(fin.payload) + 1  # just past the FIN
    data.payload = b"oops!\n"
    data.ip[4:6] = struct.pack("!H", (struct.unpack("!H", fin.ip[4:6])[0] + 1) & 0xFFFF)
    pcap.insert(i + 1, data.build(), between(pcap, i))


def ack_of_unsent_fin(pcap):
    """After the server ACKs the client's FIN (server in CLOSE_WAIT, no FIN sent by it yet),
    the client sends a pure ACK of one more sequence number than the server ever sent,
    i.e. of a server FIN that does not exist."""
    a = client_of(pcap)
    i, fin = first(pcap, lambda s: s.src == a and s.flags & FIN, "client FIN")
    fin_end = (fin.seq + len(fin.payload) + 1) & 0xFFFFFFFF
    j, srv_ack = first(pcap, lambda s: s.src != a and s.flags == ACK and s.ack == fin_end,
                       "server ACK of the client's FIN")
    assert j > i
    b_snd_max = snd_max(pcap, srv_ack.src, upto=j + 1)
    assert not any(s.src != a and s.flags & FIN for k, s in pcap.segments() if k <= j)
    bogus = fin.copy()
    bogus.flags = ACK
    bogus.seq = fin_end
    bogus.ack = b_snd_max + 1
    bogus.payload = b""
    bogus.ip[4:6] = struct.pack("!H", (struct.unpack("!H", fin.ip[4:6])[0] + 1) & 0xFFFF)
    pcap.insert(j + 1, bogus.build(), between(pcap, j))


RECIPES = {  # recipe name -> (function, source fixture, output fixture)
    "fin_after_rst": (fin_after_rst, "rst_linger_zero.pcap", "bad_fin_after_rst.pcap"),
    "data_after_fin": (data_after_fin, "four_way_close.pcap", "bad_data_after_fin.pcap"),
    "ack_of_unsent_fin": (ack_of_unsent_fin, "four_way_close.pcap", "bad_ack_of_unsent_fin.pcap"),
}


def apply(recipe, src, dst):
    pcap = Pcap(src)
    RECIPES[recipe][0](pcap)
    pcap.write(dst)
    print(f"edit_pcap.py: {recipe}: {src} -> {dst} ({len(pcap.records)} packets)")


def recipe_missing(name, src):
    return f"{name}: skipped, {src} is missing"


def main(argv):
    if len(argv) == 3 and argv[1] == "all":
        for name, (_, src, dst) in RECIPES.items():
            if not os.path.exists(f"{argv[2]}/{src}"):
                print(f"edit_pcap.py: {recipe_missing(name, src)}", file=sys.stderr)
                continue
            apply(name, f"{argv[2]}/{src}", f"{argv[2]}/{dst}")
        return 0
    if len(argv) == 4 and argv[1] in RECIPES:
        apply(argv[1], argv[2], argv[3])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
