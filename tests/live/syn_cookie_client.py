#!/usr/bin/python3
"""The Linux kernel's side of tests/live/syn_cookie_check.sh, run in the peer namespace.

    syn_cookie_client.py SERVER_IPV4 SERVER_IPV6 PORT

1. A forged third segment: an ACK for a handshake that never happened, sent from a raw socket.
   The server must answer <SEQ=SEG.ACK><CTL=RST>, as a listener does.
2. Three connections over IPv4 and one over IPv6 made by the kernel's TCP. Each one sends a
   message, expects it echoed whole, closes its side, and waits for the server's FIN (EOF).
Prints one line per check and exits non-zero at the first failure.
"""
import random
import socket
import struct
import sys
import time

server4, server6, port = sys.argv[1], sys.argv[2], int(sys.argv[3])


def fail(what):
    print(f"syn_cookie_client: FAILED: {what}")
    sys.exit(1)


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def forged_ack():
    """An ACK whose acknowledgment number is no cookie of the server's."""
    client = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    client.connect((server4, 0))  # for the kernel to pick our source address
    ours = client.getsockname()[0]
    source_port, sequence, ack_number = 50007, random.getrandbits(32), random.getrandbits(32)
    header = struct.pack("!HHIIBBHHH", source_port, port, sequence, ack_number, 5 << 4, 0x10, 64240, 0, 0)
    pseudo = socket.inet_aton(ours) + socket.inet_aton(server4) + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(header))
    header = header[:16] + struct.pack("!H", checksum(pseudo + header)) + header[18:]
    client.send(header)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        client.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            packet = client.recv(65535)
        except socket.timeout:
            break
        ihl = (packet[0] & 0x0F) * 4
        sport, dport, seq, _ack, _off, flags = struct.unpack("!HHIIBB", packet[ihl:ihl + 14])
        if sport == port and dport == source_port:
            if not flags & 0x04:
                fail(f"the forged ACK was answered with flags {flags:#04x}, not RST")
            if seq != ack_number:
                fail(f"the RST's sequence number is {seq}, not SEG.ACK {ack_number}")
            print(f"syn_cookie_client: forged ACK {ack_number} -> RST <SEQ={seq}>")
            return
    fail("no answer to the forged ACK")


def echo(family, address, message):
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect((address, port))
        s.sendall(message)
        echoed = b""
        while len(echoed) < len(message):
            chunk = s.recv(65536)
            if not chunk:
                fail(f"connection closed after {len(echoed)} of {len(message)} echoed bytes")
            echoed += chunk
        if echoed != message:
            fail("the echo differs from what was sent")
        s.shutdown(socket.SHUT_WR)
        if s.recv(1) != b"":
            fail("more than the echo came back")
        mss = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG)
        local = s.getsockname()
        print(f"syn_cookie_client: {address} port {port} from port {local[1]}: {len(message)} bytes echoed, "
              f"EOF after our FIN; MSS in use {mss}")


forged_ack()
for size in (13, 3000, 100000):
    echo(socket.AF_INET, server4, bytes(random.getrandbits(8) for _ in range(size)))
echo(socket.AF_INET6, server6, b"hello over IPv6 " * 200)
