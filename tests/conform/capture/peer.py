#!/usr/bin/env python3
"""Client and server of the capture scenarios (stdlib sockets only); see make_captures.sh.

Each connection runs a small script of actions, separated by ';':
  send        send the payload (--payload, default "hello\\n")
  recv:N      read exactly N bytes (fails on EOF or reset before that)
  eof         read until end of file (the peer's FIN); data read on the way is discarded
  eofrst      read until end of file or connection reset (ECONNRESET)
  sleep:MS    wait MS milliseconds
  linger0     set SO_LINGER {on, 0}: the next close sends RST (abortive close)
  shutwr      shutdown(SHUT_WR): send FIN but keep the socket open
  close       close the socket
A style is "CLIENT_SCRIPT/SERVER_SCRIPT"; --styles takes several separated by '|', and the
connection that uses client port sport_base+i runs style i mod len(styles). The server
finds the style from the client's source port, so both sides agree without talking.

  peer.py server --addr 10.201.0.2 --port 5000 --conns 1 --styles 'send;close/eof;close'
  peer.py client --addr 10.201.0.2 --port 5000 --src 10.201.0.1 --sport 41000 --conns 1 ...

Every blocking call has a timeout (--timeout seconds), and the whole run a deadline
(--deadline seconds); the exit status is 0 when every connection ran its script.
"""

import argparse
import socket
import struct
import sys
import threading
import time


def parse_styles(text):
    styles = []
    for style in text.split("|"):
        client, sep, server = style.partition("/")
        if not sep:
            raise SystemExit(f"peer.py: style {style!r} is not CLIENT/SERVER")
        styles.append((client, server))
    return styles


def recv_exactly(sock, n):
    got = b""
    while len(got) < n:
        chunk = sock.recv(n - len(got))
        if not chunk:
            raise RuntimeError(f"EOF after {len(got)} of {n} bytes")
        got += chunk
    return got


def read_to_eof(sock, reset_ok):
    while True:
        try:
            if not sock.recv(4096):
                return "eof"
        except ConnectionResetError:
            if reset_ok:
                return "reset"
            raise


def run_script(sock, script, payload, log):
    for action in filter(None, script.split(";")):
        name, _, arg = action.partition(":")
        if name == "send":
            sock.sendall(payload)
        elif name == "recv":
            recv_exactly(sock, int(arg))
        elif name == "eof":
            read_to_eof(sock, reset_ok=False)
        elif name == "eofrst":
            log(f"eofrst: {read_to_eof(sock, reset_ok=True)}")
        elif name == "sleep":
            time.sleep(int(arg) / 1000.0)
        elif name == "linger0":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif name == "shutwr":
            sock.shutdown(socket.SHUT_WR)
        elif name == "close":
            sock.close()
        else:
            raise SystemExit(f"peer.py: unknown action {action!r}")


class Runner:
    """Runs one thread per connection and collects their failures."""

    def __init__(self, args):
        self.args = args
        self.styles = parse_styles(args.styles)
        self.payload = args.payload.encode().decode("unicode_escape").encode("latin-1")
        self.failures = []
        self.lock = threading.Lock()

    def log(self, text):
        if self.args.verbose:
            with self.lock:
                print(f"{self.args.role}: {text}", file=sys.stderr, flush=True)

    def fail(self, text):
        with self.lock:
            self.failures.append(text)
            print(f"{self.args.role}: FAILED: {text}", file=sys.stderr, flush=True)

    def style_of(self, sport):
        return self.styles[(sport - self.args.sport) % len(self.styles)]

    def guarded(self, what, fn, *fn_args):
        try:
            fn(*fn_args)
        except Exception as exc:  # report every failure, keep the other connections going
            self.fail(f"{what}: {exc!r}")

    def serve_one(self, conn, peer):
        conn.settimeout(self.args.timeout)
        script = self.style_of(peer[1])[1]
        self.log(f"accepted {peer[0]}:{peer[1]}, running {script!r}")
        run_script(conn, script, self.payload, self.log)

    def client_one(self, index):
        sport = self.args.sport + index
        script = self.style_of(sport)[0]
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(self.args.timeout)
        sock.bind((self.args.src, sport))
        try:
            sock.connect((self.args.addr, self.args.port))
        except ConnectionRefusedError:
            sock.close()
            if self.args.expect_refused:
                self.log(f"{sport}: connection refused, as expected")
                return
            raise
        if self.args.expect_refused:
            raise RuntimeError("connected, but a refusal was expected")
        self.log(f"{sport}: connected, running {script!r}")
        run_script(sock, script, self.payload, self.log)

    def server(self):
        lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        lsock.bind((self.args.addr, self.args.port))
        lsock.listen(256)
        if self.args.ready_file:
            with open(self.args.ready_file, "w") as f:
                f.write("ready\n")
        threads = []
        end = time.monotonic() + self.args.deadline
        while len(threads) < self.args.conns:
            lsock.settimeout(max(0.1, end - time.monotonic()))
            try:
                conn, peer = lsock.accept()
            except socket.timeout:
                self.fail(f"accepted only {len(threads)} of {self.args.conns} connections")
                break
            t = threading.Thread(target=self.guarded, args=(f"{peer}", self.serve_one, conn, peer))
            t.start()
            threads.append(t)
        lsock.close()
        return threads, end

    def client(self):
        threads = []
        end = time.monotonic() + self.args.deadline
        for i in range(self.args.conns):
            if i:
                time.sleep(self.args.stagger / 1000.0)
            t = threading.Thread(target=self.guarded, args=(f"conn {i}", self.client_one, i))
            t.start()
            threads.append(t)
        return threads, end

    def run(self):
        threads, end = self.server() if self.args.role == "server" else self.client()
        for t in threads:
            t.join(max(0.0, end - time.monotonic()))
            if t.is_alive():
                self.fail("a connection did not finish before the deadline")
                break
        return 1 if self.failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--addr", required=True, help="server address")
    p.add_argument("--port", type=int, required=True, help="server port")
    p.add_argument("--src", help="client address to bind")
    p.add_argument("--sport", type=int, default=41000, help="first client port")
    p.add_argument("--conns", type=int, default=1)
    p.add_argument("--stagger", type=int, default=10, help="ms between client connects")
    p.add_argument("--styles", required=True, help="CLIENT/SERVER scripts, '|'-separated")
    p.add_argument("--payload", default="hello\\n")
    p.add_argument("--expect-refused", action="store_true", help="client: connect must be refused")
    p.add_argument("--ready-file", help="server: written once listening")
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--deadline", type=float, default=30.0)
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    if args.role == "client" and not args.src:
        p.error("client needs --src")
    return Runner(args).run()


if __name__ == "__main__":
    sys.exit(main())
