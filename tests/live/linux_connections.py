#!/usr/bin/python3
"""Real Linux TCP connections, captured, and checked against the conversation tracker. Run by
tests/live/conversations_check.sh inside a fresh network namespace (root):

    linux_connections.py PATH/TO/conversations WORK_DIR [KEEP_DIR]

On the namespace's loopback, with dumpcap capturing, the kernel makes six connections:
  normal      the client closes first, the server after: TIME-WAIT / CLOSED
  reset       the client aborts (SO_LINGER 0): a RST, both CLOSED
  crossing    both ends shut down at one moment (a barrier), so the FINs may cross
  refused     a SYN to a port nobody listens on: RST,ACK
  open        left open: ESTABLISHED on both ends
  half-closed the client shuts down its side only: FIN-WAIT-2 / CLOSE-WAIT
While the sockets of the last two are still open, the kernel's own socket table (ss -tan) is
read: that is the oracle. Then the capture stops, and `conversations` reads it. Each
endpoint's final state in its report must equal the state ss gave the socket. A socket ss
does not list is CLOSED. With KEEP_DIR, the capture and the socket table (linux_connections.ss:
local, peer, state per line) are copied there: tests/data/live/ holds one such pair, from a
run where the FINs crossed.
"""
import pathlib
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time

conversations_binary, work = sys.argv[1], pathlib.Path(sys.argv[2])
keep = pathlib.Path(sys.argv[3]) if len(sys.argv) > 3 else None
capture = work / "linux_connections.pcap"
HOST = "127.0.0.1"
SS_STATES = {"ESTAB": "ESTABLISHED", "SYN-RECV": "SYN-RECEIVED", "UNCONN": "CLOSED"}


def fail(what):
    print(f"linux_connections: FAILED: {what}")
    sys.exit(1)


def listener(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, port))
    s.listen(4)
    return s


def connected_pair(listening, port):
    client = socket.create_connection((HOST, port), timeout=5)
    server, _ = listening.accept()
    server.settimeout(5)
    return client, server


def settle():
    time.sleep(0.2)  # let the last ACKs of a scenario cross before the next one starts


held = []  # sockets kept open until the socket table has been read


def normal(listening, port):
    client, server = connected_pair(listening, port)
    client.sendall(b"hello")
    server.recv(100)
    server.sendall(b"world")
    client.recv(100)
    client.close()
    if server.recv(100) != b"":
        fail("normal: no EOF at the server")
    server.close()


def reset(listening, port):
    client, server = connected_pair(listening, port)
    client.sendall(b"about to abort")
    server.recv(100)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()  # linger 0: ABORT, a RST instead of a FIN
    try:
        server.recv(100)
        fail("reset: the server saw no reset")
    except ConnectionResetError:
        pass
    server.close()


def crossing(listening, port):
    client, server = connected_pair(listening, port)
    client.sendall(b"x")
    server.recv(10)
    barrier = threading.Barrier(2)

    def shut(s):
        barrier.wait()
        s.shutdown(socket.SHUT_WR)

    threads = [threading.Thread(target=shut, args=(s,)) for s in (client, server)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in (client, server):
        if s.recv(10) != b"":
            fail("crossing: no EOF")
        s.close()


def refused(_listening, port):
    try:
        socket.create_connection((HOST, port), timeout=5)
        fail("refused: a connection to a closed port succeeded")
    except ConnectionRefusedError:
        pass


def left_open(listening, port):
    client, server = connected_pair(listening, port)
    client.sendall(b"ping")
    server.recv(10)
    server.sendall(b"pong")
    client.recv(10)
    held.extend([client, server])


def half_closed(listening, port):
    client, server = connected_pair(listening, port)
    client.sendall(b"last words")
    client.shutdown(socket.SHUT_WR)
    server.recv(100)
    if server.recv(100) != b"":
        fail("half-closed: no EOF at the server")
    held.extend([client, server])


def socket_table():
    """ss -tan, without listeners: {(local, peer): state}."""
    lines = subprocess.run(["ss", "-Htan"], check=True, capture_output=True, text=True).stdout.splitlines()
    table = {}
    for line in lines:
        state, _recv_q, _send_q, local, peer = line.split()[:5]
        if state != "LISTEN":
            table[(local, peer)] = SS_STATES.get(state, state)
    return table


def tracker_report():
    out = subprocess.run([conversations_binary, str(capture)], check=True, capture_output=True, text=True).stdout
    report = []
    for line in out.splitlines():
        if not line.startswith("tcp "):
            continue
        # tcp C -> S: N segments, client STATE, server STATE, ...
        head, rest = line[4:].split(": ", 1)
        client, server = head.split(" -> ")
        fields = [f.strip() for f in rest.split(",")]
        report.append((client, server, fields[1].split()[1], fields[2].split()[1], line))
    return report


def main():
    # Stops by itself after 2 minutes should this script die before stopping it.
    dumpcap = subprocess.Popen(["dumpcap", "-q", "-i", "lo", "-P", "-a", "duration:120", "-w", str(capture)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):  # until dumpcap has opened the interface: at most 10 s
        if capture.exists() and capture.stat().st_size >= 24:
            break
        time.sleep(0.1)
    else:
        dumpcap.kill()
        fail("dumpcap did not start: " + dumpcap.stderr.read().decode(errors="replace"))
    time.sleep(0.5)  # dumpcap writes the file header before the capture is armed

    scenarios = [("normal", normal), ("reset", reset), ("crossing", crossing), ("refused", refused),
                 ("open", left_open), ("half-closed", half_closed)]
    listeners = []
    names = {}
    try:
        for number, (name, run) in enumerate(scenarios):
            port = 9001 + number
            names[port] = name
            listening = listener(port) if name != "refused" else None
            if listening:
                listeners.append(listening)
            run(listening, port)
            settle()
        table = socket_table()
        time.sleep(0.3)
    finally:
        dumpcap.terminate()
        dumpcap.wait(timeout=10)
        for s in held + listeners:
            s.close()
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(capture, keep / capture.name)
        (keep / "linux_connections.ss").write_text("".join(f"{local}\t{peer}\t{state}\n" for (local, peer), state in sorted(table.items())))

    report = tracker_report()
    if len(report) != len(scenarios):
        fail(f"the tracker reported {len(report)} connections, not {len(scenarios)}:\n" + "\n".join(r[4] for r in report))
    mismatches = 0
    for client, server, client_state, server_state, _line in report:
        port = int(server.rsplit(":", 1)[1])
        kernel_client = table.get((client, server), "CLOSED")
        kernel_server = table.get((server, client), "CLOSED")
        ok = (client_state, server_state) == (kernel_client, kernel_server)
        mismatches += not ok
        print(f"{'ok  ' if ok else 'DIFF'} {names.get(port, '?'):12} {client} -> {server}: "
              f"tracker {client_state} / {server_state}, kernel (ss) {kernel_client} / {kernel_server}")
    if mismatches:
        fail(f"{mismatches} of {len(report)} connections end in states other than the kernel's")
    print(f"linux_connections: {len(report)} real connections; the tracker's final states equal the kernel's")


main()
