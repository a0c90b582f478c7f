#!/usr/bin/env python3
"""Idle CPU of the KetupekHTTP server holding N open SSE streams.

Builds nothing: run `swift build -c release` in this folder first. Starts the server, opens N streams on
loopback, waits until each has its first comment, then reads utime+stime from /proc/PID/stat over a window.
Usage: measure.py [streams=1000] [seconds=10] [heartbeat-seconds=15]
"""
import os, select, socket, subprocess, sys, time

streams = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
window = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
heartbeat = sys.argv[3] if len(sys.argv) > 3 else "15"
here = os.path.dirname(os.path.abspath(__file__))
binary = os.path.join(here, ".build", "release", "sse-idle-server")
ticks = os.sysconf("SC_CLK_TCK")

def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

server = subprocess.Popen([binary, heartbeat], stdout=subprocess.PIPE, text=True)
try:
    line = server.stdout.readline()
    port = int(line.strip().rsplit(":", 1)[1])
    rss_before = rss_kib(server.pid)
    sockets = []
    for _ in range(streams):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        sockets.append(s)
    pending = {s.fileno(): s for s in sockets}
    seen = {s.fileno(): b"" for s in sockets}
    deadline = time.time() + 30
    while pending and time.time() < deadline:
        ready, _, _ = select.select(list(pending.values())[:1000], [], [], 1)
        for s in ready:
            seen[s.fileno()] += s.recv(65536)
            if b": open" in seen[s.fileno()]:
                del pending[s.fileno()]
    if pending:
        print(f"only {streams - len(pending)} of {streams} streams opened", file=sys.stderr)
        sys.exit(1)
    time.sleep(1)  # let the opening burst settle
    start_cpu, start = cpu_seconds(server.pid), time.time()
    time.sleep(window)
    used, elapsed = cpu_seconds(server.pid) - start_cpu, time.time() - start
    print(f"streams={streams} window={elapsed:.1f}s heartbeat={heartbeat}s "
          f"cpu={used:.2f}s ({100 * used / elapsed:.2f}% of one core) "
          f"rss={rss_kib(server.pid) / 1024:.1f} MiB (before streams {rss_before / 1024:.1f} MiB)")
    for s in sockets:
        s.close()
finally:
    server.terminate()
    server.wait(timeout=5)
