"""
Drive one URL set with wrk and read its numbers; probe a set before loading it.

wrk runs in its own process (one thread, N connections, closed loop: each
connection sends its next request when the last answer arrives). Its
latencies are therefore service time plus queueing at this concurrency, and
like any closed-loop tool it under-reports the tail a real open arrival rate
would see (coordinated omission). The rotate.lua script prints the summary
and the latency percentiles as one JSON line.
"""

import http.client
import json
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

LUA = Path(__file__).with_name("wrk") / "rotate.lua"
WRK = "wrk"


def probe(host, port, paths, tries=5):
    """GET the first ``tries`` paths; return a Counter of status codes (0: no answer)."""
    statuses = Counter()
    for path in paths[:tries]:
        try:
            conn = http.client.HTTPConnection(host, port, timeout=30)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            statuses[response.status] += 1
            conn.close()
        except OSError:
            statuses[0] += 1
    return statuses


def prime(host, port, paths, connections=4):
    """Request every path once (``connections`` at a time); return the seconds it took.

    This is what a site looks like once each story has been read once: with a cache
    on, the measured load finds the pages in the cache, rotating over all of them;
    with the cache off, their rows are in PostgreSQL's and the system's memory.
    Either way the figures are of a site in use, not of a cold start.
    """
    started = time.monotonic()

    def fetch(path):
        try:
            conn = http.client.HTTPConnection(host, port, timeout=60)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
        except OSError:
            pass

    with ThreadPoolExecutor(max_workers=connections) as pool:
        list(pool.map(fetch, paths))
    return time.monotonic() - started


def choose(host, port, candidates):
    """Return (path, status) of the first candidate answering 200, else (None, statuses seen)."""
    seen = {}
    for path in candidates:
        status = probe(host, port, [path], tries=1).most_common(1)[0][0]
        if status == 200:
            return path, 200
        seen[path] = status
    return None, seen


def wrk(host, port, paths_file, *, duration, connections, threads=1, timeout=10):
    """Run wrk over the paths in ``paths_file``; return its summary as a dict."""
    command = [
        WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout}s", "--latency",
        "-s", str(LUA), f"http://{host}:{port}", "--", str(paths_file),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    result = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / seconds if seconds else 0.0
    result["bytes_per_response"] = result["bytes"] / result["requests"] if result["requests"] else 0
    result["non_2xx_3xx"] = result["errors"]["status"]
    result["socket_errors"] = sum(v for k, v in result["errors"].items() if k != "status")
    result["wrk_text"] = done.stdout  # wrk's own report, latency distribution included
    return result


def wrk_version():
    done = subprocess.run([WRK, "--version"], capture_output=True, text=True, check=False)
    text = done.stdout or done.stderr
    return text.splitlines()[0].split(" Copyright")[0] if text else "?"
