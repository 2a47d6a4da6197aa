"""The client side of bench/server_bench.sh: drives `podlint server` on stdio and measures it.

usage: server_client.py WORKSPACE BIG_DAG ITERATIONS COMMAND [ARGS...]

1. didChange -> diagnostics for BIG_DAG: each iteration changes one character of the open document (alternating
   between two texts, so every change is new work) and requests textDocument/diagnostic right away; the time from
   sending the change to reading the full report is recorded (the server lints on the request: no debounce).
   Median and p90 over ITERATIONS, after 5 warm-up rounds.
2. Memory: every *.py file under WORKSPACE is opened and its diagnostics pulled (so each is linted and held), then
   the server's resident set size is read from /proc.
"""
import json
import pathlib
import statistics
import subprocess
import sys
import time

workspace, big, iterations, command = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=workspace)
next_id = 0


def send(message):
    body = json.dumps(message).encode("utf-8")
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()


def receive():
    header = b""
    while not header.endswith(b"\r\n\r\n"):
        byte = server.stdout.read(1)
        if not byte:
            sys.exit("the server closed its output")
        header += byte
    return json.loads(server.stdout.read(int(header.split(b":")[1].strip())))


def request(method, params):
    global next_id
    next_id += 1
    send({"jsonrpc": "2.0", "id": next_id, "method": method, "params": params})
    while True:
        message = receive()
        if message.get("id") == next_id and "method" not in message:
            if "error" in message:
                sys.exit(f"{method} failed: {message['error']}")
            return message["result"]


def open_doc(path, text):
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": path.as_uri(), "languageId": "python", "version": 1, "text": text}}})


request("initialize", {"processId": None, "rootUri": workspace.as_uri(),
                       "capabilities": {"textDocument": {"diagnostic": {}}}})
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

text = big.read_text(encoding="utf-8")
uri = big.as_uri()
open_doc(big, text)
report = request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
findings = len(report["items"])
lines = text.count("\n")
# The change: a digit in the first line's comment, flipped each time.
first_line = text.split("\n", 1)[0]
times = []
for i in range(iterations + 5):
    digit = str(i % 2)
    change = {"range": {"start": {"line": 0, "character": len(first_line) - 1}, "end": {"line": 0, "character": len(first_line)}}, "text": digit}
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [change]}})
    report = request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    elapsed = (time.perf_counter() - start) * 1000
    assert report["kind"] == "full" and len(report["items"]) == findings, report
    if i >= 5:
        times.append(elapsed)
times.sort()
median = statistics.median(times)
p90 = times[min(len(times) - 1, int(round(0.9 * len(times))) - 1)]
print(f"didChange -> diagnostics, {lines}-line DAG ({findings} findings), {len(times)} changes: median {median:.1f} ms, p90 {p90:.1f} ms")

files = sorted(p for p in workspace.rglob("*.py") if p != big)
start = time.perf_counter()
total = 0
for p in files:
    open_doc(p, p.read_text(encoding="utf-8"))
    total += len(request("textDocument/diagnostic", {"textDocument": {"uri": p.as_uri()}})["items"])
opened = time.perf_counter() - start
rss_kb = next(int(line.split()[1]) for line in open(f"/proc/{server.pid}/status") if line.startswith("VmRSS:"))
print(f"{len(files) + 1} files open ({total} findings, opened and linted in {opened:.1f} s): RSS {rss_kb / 1024:.0f} MB")

request("shutdown", None)
send({"jsonrpc": "2.0", "method": "exit"})
server.wait(timeout=60)
