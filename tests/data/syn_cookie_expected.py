#!/usr/bin/python3
"""SYN cookies computed the way Linux computes them: the oracle for tests/flow/syn_cookie_test.cpp.

Usage:  /usr/bin/python3 tests/data/syn_cookie_expected.py      (any cwd; standard library only)

This is a transcription of the kernel's C, not of wirecraft's code: net/ipv4/syncookies.c
(cookie_hash with siphash_4u32, secure_tcp_syn_cookie, check_tcp_syn_cookie, the MSS choice of
__cookie_v4_init_sequence) and net/ipv6/syncookies.c (cookie_hash over a struct of the two
addresses, count and the ports; its msstab). Values the kernel keeps in network order (__be32
addresses, __be16 ports) are read as a little-endian CPU reads them, as on x86, and the u32
arithmetic wraps as C's does. SipHash-2-4 is written out here and checked against the authors'
vectors before use.

Writes tests/data/expected/syn_cookies.tsv, one line per case:
    make  family client server client_port server_port syn_seq syn_mss key0 key1 minute cookie mss
    check family client server client_port server_port ack_seq ack_number key0 key1 minute mss_or_-1
(ack_seq and ack_number are the ACK's SEG.SEQ and SEG.ACK; -1: the kernel refuses the cookie.)
"""
import ipaddress
import pathlib
import random
import struct

HERE = pathlib.Path(__file__).resolve().parent
MASK32 = 0xFFFFFFFF
MASK64 = 0xFFFFFFFFFFFFFFFF
COOKIEBITS = 24
COOKIEMASK = (1 << COOKIEBITS) - 1
MAX_SYNCOOKIE_AGE = 2
MSSTAB4 = [536, 1300, 1440, 1460]
MSSTAB6 = [1280 - 60, 1480 - 60, 1500 - 60, 9000 - 60]


def rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK64


def siphash24(key: bytes, message: bytes) -> int:
    k0, k1 = struct.unpack("<QQ", key)
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D, k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]

    def sipround():
        v[0] = (v[0] + v[1]) & MASK64; v[1] = rotl(v[1], 13); v[1] ^= v[0]; v[0] = rotl(v[0], 32)
        v[2] = (v[2] + v[3]) & MASK64; v[3] = rotl(v[3], 16); v[3] ^= v[2]
        v[0] = (v[0] + v[3]) & MASK64; v[3] = rotl(v[3], 21); v[3] ^= v[0]
        v[2] = (v[2] + v[1]) & MASK64; v[1] = rotl(v[1], 17); v[1] ^= v[2]; v[2] = rotl(v[2], 32)

    tail = len(message) % 8
    words = [struct.unpack_from("<Q", message, i)[0] for i in range(0, len(message) - tail, 8)]
    last = (len(message) & 0xFF) << 56 | int.from_bytes(message[len(message) - tail:], "little")
    for m in words + [last]:
        v[3] ^= m
        sipround(); sipround()
        v[0] ^= m
    v[2] ^= 0xFF
    for _ in range(4):
        sipround()
    return v[0] ^ v[1] ^ v[2] ^ v[3]


# The authors' vectors.h, key 00..0f, message 00..(n-1): n = 0, 15 (the paper's appendix) and 63.
for n, tag in [(0, "310e0edd47db6f72"), (15, "e545be4961ca29a1"), (63, "724506eb4c328a95")]:
    assert siphash24(bytes(range(16)), bytes(range(n))) == int.from_bytes(bytes.fromhex(tag), "little"), n


def be_as_cpu(raw: bytes) -> int:
    """A __be16/__be32 value as a little-endian CPU holds it: the network bytes read little-endian."""
    return int.from_bytes(raw, "little")


def siphash_4u32(a, b, c, d, key):  # include/linux/siphash.h
    first = (b << 32) | a
    second = (d << 32) | c
    return siphash24(key, struct.pack("<QQ", first, second))  # siphash_2u64


def cookie_hash4(saddr, daddr, sport, dport, count, key):
    s = be_as_cpu(saddr.packed)
    d = be_as_cpu(daddr.packed)
    sp = be_as_cpu(sport.to_bytes(2, "big"))
    dp = be_as_cpu(dport.to_bytes(2, "big"))
    return siphash_4u32(s, d, (sp << 16 | dp) & MASK32, count, key) & MASK32


def cookie_hash6(saddr, daddr, sport, dport, count, key):
    combined = saddr.packed + daddr.packed + struct.pack("<I", count) + sport.to_bytes(2, "big") + dport.to_bytes(2, "big")
    return siphash24(key, combined) & MASK32


def secure_syn_cookie(h, saddr, daddr, sport, dport, sseq, count, data, keys):
    return (h(saddr, daddr, sport, dport, 0, keys[0]) + sseq + (count << COOKIEBITS)
            + ((h(saddr, daddr, sport, dport, count, keys[1]) + data) & COOKIEMASK)) & MASK32


def check_syn_cookie(h, cookie, saddr, daddr, sport, dport, sseq, count, keys):
    cookie = (cookie - (h(saddr, daddr, sport, dport, 0, keys[0]) + sseq)) & MASK32
    diff = (count - (cookie >> COOKIEBITS)) & (MASK32 >> COOKIEBITS)
    if diff >= MAX_SYNCOOKIE_AGE:
        return MASK32
    return (cookie - h(saddr, daddr, sport, dport, (count - diff) & MASK32, keys[1])) & COOKIEMASK


def main():
    rng = random.Random(20261122)
    rows = []
    families = [(4, ipaddress.IPv4Address, cookie_hash4, MSSTAB4), (6, ipaddress.IPv6Address, cookie_hash6, MSSTAB6)]
    for family, address, h, msstab in families:
        for case in range(12):
            bits = 32 if family == 4 else 128
            client, server = address(rng.getrandbits(bits)), address(rng.getrandbits(bits))
            cport, sport = rng.randrange(1024, 65536), rng.choice([22, 80, 443, rng.randrange(1, 65536)])
            syn_seq = rng.getrandbits(32)
            # MSS options around the table's steps, and 0 for none (the kernel's default, 536)
            mss = rng.choice([0, 100, 536, 1219, 1220, 1299, 1300, 1439, 1440, 1459, 1460, 8940, 9000, 65495])
            keys = [rng.getrandbits(128).to_bytes(16, "little") for _ in range(2)]
            minute = rng.choice([0, 1, 255, 256, rng.getrandbits(32)])
            effective = mss if mss else 536
            mssind = len(msstab) - 1
            while mssind and effective < msstab[mssind]:
                mssind -= 1
            cookie = secure_syn_cookie(h, client, server, cport, sport, syn_seq, minute, mssind, keys)
            common = [str(family), str(client), str(server), str(cport), str(sport)]
            rows.append(["make"] + common + [str(syn_seq), str(mss), keys[0].hex(), keys[1].hex(), str(minute),
                                             str(cookie), str(msstab[mssind])])
            # The ACK: SEG.SEQ = syn_seq + 1 (+ any text already sent does not matter: the kernel
            # uses SEG.SEQ - 1), SEG.ACK = cookie + 1. Checked now, a minute later, two minutes
            # later, and with one bit of the cookie flipped.
            for later, flip in [(0, 0), (1, 0), (2, 0), (0, 1 << rng.randrange(32))]:
                now = (minute + later) & MASK32
                ack_number = ((cookie ^ flip) + 1) & MASK32
                ack_seq = (syn_seq + 1) & MASK32
                index = check_syn_cookie(h, (ack_number - 1) & MASK32, client, server, cport, sport,
                                         (ack_seq - 1) & MASK32, now, keys)
                result = msstab[index] if index < len(msstab) else -1
                rows.append(["check"] + common + [str(ack_seq), str(ack_number), keys[0].hex(), keys[1].hex(),
                                                  str(now), str(result)])
    out = HERE / "expected" / "syn_cookies.tsv"
    out.write_text("".join("\t".join(r) + "\n" for r in rows))
    print(f"wrote {out} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
