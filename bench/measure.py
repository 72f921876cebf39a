"""Measuring: one request, a wrk run, a streamed download, queries per page, and how busy the
rest of the machine was meanwhile."""

import http.client
import json
import os
import selectors
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from common import BENCH, CONNECTIONS, HOST, LUA, MB, PY, ROOT
from servers import Server, cpu_ticks, descendants, rss_bytes


def fetch(port: int, path: str, headers=None, timeout: float = 30.0) -> dict:
    """One GET on a new connection: status, headers, body, seconds (or an error)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": HOST, **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        return {
            "status": response.status,
            "headers": {k.lower(): v for k, v in response.getheaders()},
            "body": body,
            "bytes": len(body),
            "seconds": time.perf_counter() - started,
        }
    except (OSError, http.client.HTTPException) as error:
        return {
            "status": None,
            "error": f"{type(error).__name__} after {time.perf_counter() - started:.1f}s",
            "seconds": time.perf_counter() - started,
        }
    finally:
        conn.close()


def wrk(port, path, *, duration, connections=CONNECTIONS, headers=(), paths=None, once=False,
        count_status=False, timeout=30) -> dict | None:  # fmt: skip
    threads = min(2, connections)
    env = dict(os.environ)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        if paths:
            handle.write("\n".join(paths) + "\n")
            env["BENCH_PATHS"] = handle.name
    env["BENCH_ONCE"] = "1" if once else "0"
    env["BENCH_STATUS"] = "1" if count_status else "0"
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout}s"]
    # wrk would send "Host: 127.0.0.1:<port>", and baked files are served for one host only.
    argv += ["-s", str(LUA), "-H", f"Host: {HOST}"]
    for header in headers:
        argv += ["-H", header]
    argv += [f"http://127.0.0.1:{port}{path}", "--", str(threads)]
    try:
        done = subprocess.run(
            argv, env=env, text=True, capture_output=True, timeout=duration + timeout + 30
        )
    except subprocess.TimeoutExpired:
        return None
    finally:
        os.unlink(handle.name)
    for line in done.stdout.splitlines():
        if line.startswith("BENCHJSON "):
            result = json.loads(line[len("BENCHJSON ") :])
            seconds = result["duration_us"] / 1e6
            result["rps"] = result["requests"] / seconds if seconds else 0.0
            for key in ("p50", "p95", "p99", "max"):
                result[f"{key}_ms"] = result.pop(f"{key}_us") / 1000
            result["mean_ms"] = result.pop("mean_us") / 1000
            if result["requests"] == 0:
                for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms", "mean_ms"):
                    result[key] = None
            return result
    raise RuntimeError(f"wrk printed no result: {done.stdout} {done.stderr}")


CLK_TCK = os.sysconf("SC_CLK_TCK")


def busy_ticks() -> int:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # all but idle and iowait


def own_ticks() -> float:
    """CPU ticks of this process, its live descendants (servers) and every finished process
    under them: its own finished children, and the servers' restarted workers."""
    times = os.times()
    finished = (times.children_user + times.children_system) * CLK_TCK
    return cpu_ticks([os.getpid()]) + cpu_ticks(descendants(os.getpid()), reaped=True) + finished


class Background:
    """How many cores other people's processes used meanwhile (the machine may be shared)."""

    def __enter__(self):
        self.busy, self.own, self.started = busy_ticks(), own_ticks(), time.monotonic()
        return self

    def __exit__(self, *exc):
        elapsed = time.monotonic() - self.started
        foreign = (busy_ticks() - self.busy) - (own_ticks() - self.own)
        self.cores = max(foreign, 0) / CLK_TCK / elapsed if elapsed else 0.0


def wait_for_quiet(limit: float, threshold: float = 0.3) -> float:
    """Wait (up to `limit` seconds) until others use less than `threshold` cores; return usage."""
    deadline = time.monotonic() + limit
    while True:
        with Background() as sample:
            time.sleep(1)
        if sample.cores < threshold or time.monotonic() >= deadline:
            return sample.cores


def timed_run(server, path, args, **kwargs) -> dict | None:
    """A warm-up, then the measured run; the server is left idle for whatever runs next."""
    if args.quiet_wait:
        wait_for_quiet(args.quiet_wait)
    if args.warmup:
        wrk(server.port, path, duration=args.warmup, **kwargs)
    with Background() as background:
        result = wrk(server.port, path, duration=args.duration, **kwargs)
    if result:
        result["background_cores"] = round(background.cores, 2)
    server.wait_idle()
    return result


class SlowClients:
    """Connections that send their request headers one byte a second and never finish them.

    Each is reopened when the server closes it (its header timeout), so `count` are open all
    the time: `held` samples how many were open once a second, `closed_by_server` counts the
    closes. A server that answers others meanwhile is not held up by them."""

    REQUEST = f"GET / HTTP/1.1\r\nHost: {HOST}\r\nX-Slow: ".encode()

    def __init__(self, port: int, count: int = 50, interval: float = 1.0):
        self.port, self.count, self.interval = port, count, interval
        self.opened = self.closed_by_server = self.refused = self.answered = 0
        self.held: list[int] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.trickle, daemon=True)

    def connect(self, selector, sent: dict):
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        except OSError:
            self.refused += 1
            return
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
        sent[sock] = 0
        self.opened += 1

    def drop(self, selector, sent: dict, sock):
        selector.unregister(sock)
        sent.pop(sock)
        sock.close()

    def trickle(self):
        selector, sent = selectors.DefaultSelector(), {}
        while not self.stop.is_set():
            while len(sent) < self.count and not self.stop.is_set():
                self.connect(selector, sent)
            self.held.append(len(sent))
            for sock in list(sent):
                byte = self.REQUEST[sent[sock] : sent[sock] + 1] or b"a"
                try:
                    sock.send(byte)
                    sent[sock] += 1
                except OSError:
                    self.closed_by_server += 1
                    self.drop(selector, sent, sock)
            # Whatever the server says (a 408, a 400, or closing) ends that connection.
            deadline = time.monotonic() + self.interval
            while (left := deadline - time.monotonic()) > 0 and sent:
                for key, _ in selector.select(timeout=left):
                    try:
                        data = key.fileobj.recv(4096)
                    except OSError:
                        data = b""
                    self.closed_by_server += 1
                    self.answered += bool(data)
                    self.drop(selector, sent, key.fileobj)
            time.sleep(max(deadline - time.monotonic(), 0))
        for sock in list(sent):
            self.drop(selector, sent, sock)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)

    def summary(self) -> dict:
        held = self.held or [0]
        return {
            "target": self.count,
            "held_min": min(held),
            "held_mean": round(sum(held) / len(held), 1),
            "opened": self.opened,
            "closed_by_server": self.closed_by_server,
            "answered": self.answered,
            "refused": self.refused,
        }


class PeakRss:
    """Each process's resident memory, sampled every 20 ms while the block runs."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.base = {pid: rss_bytes(pid) for pid in pids}
        self.peak = dict(self.base)
        self.stop = threading.Event()
        self.sampler = threading.Thread(target=self.sample, daemon=True)

    def sample(self):
        while not self.stop.is_set():
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], rss_bytes(pid))
            time.sleep(0.02)

    def __enter__(self):
        self.sampler.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.sampler.join()

    def grown(self) -> int:
        """The process whose memory grew most."""
        return max(self.pids, key=lambda pid: self.peak[pid] - self.base[pid])


def download(server: Server, path: str, timeout: float) -> dict:
    """Stream a download to the end, sampling every server process's RSS meanwhile."""
    with PeakRss([server.proc.pid, *server.workers()]) as rss:
        got = stream(server.port, path, timeout)
    grown, rows, seconds = rss.grown(), max(got["lines"] - 1, 0), got["seconds"]
    return {
        "status": got["status"],
        "error": got["error"],
        "bytes": got["bytes"],
        "rows": rows,
        "seconds": round(seconds, 2),
        "first_byte_seconds": round(got["first_byte"], 3) if got["first_byte"] else None,
        "rows_per_second": round(rows / seconds) if seconds else 0,
        "peak_rss_mb": round(rss.peak[grown] / MB, 1),
        "base_rss_mb": round(rss.base[grown] / MB, 1),
    }


def stream(port: int, path: str, timeout: float) -> dict:
    """Read a response to its end (or for `timeout` seconds), counting bytes and lines."""
    started = time.perf_counter()
    got = {"status": None, "error": None, "bytes": 0, "lines": 0, "first_byte": None}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": HOST})
        response = conn.getresponse()
        got["status"] = response.status
        while chunk := response.read1(1 << 20):
            if got["first_byte"] is None:
                got["first_byte"] = time.perf_counter() - started
            got["bytes"] += len(chunk)
            got["lines"] += chunk.count(b"\n")
            if time.perf_counter() - started > timeout:
                got["error"] = f"stopped after {timeout:.0f}s"
                break
    except (OSError, http.client.HTTPException) as exc:
        got["error"] = f"{type(exc).__name__} after {time.perf_counter() - started:.1f}s"
    finally:
        conn.close()
    got["seconds"] = time.perf_counter() - started
    return got


def count_queries(env: dict, urls: list[str], timeout: float, max_rows: int) -> dict:
    """Each address in its own process, so a page that never finishes cannot stall the run."""
    counted = {}
    for url in urls:
        argv = [str(PY), str(BENCH / "queries.py"), url]
        if max_rows:
            argv += ["--max-rows", str(max_rows)]
        try:
            done = subprocess.run(
                argv, env=env, cwd=ROOT, text=True, capture_output=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            counted[url] = {"error": f"did not finish in {timeout:.0f}s"}
            continue
        for line in done.stdout.splitlines():
            if line.startswith("BENCHJSON "):
                counted.update(json.loads(line[len("BENCHJSON ") :]))
                break
        else:
            counted[url] = {"error": done.stderr.strip().splitlines()[-1][:200]}
    return counted


def clear_page_cache(env: dict):
    subprocess.run(
        [str(PY), str(BENCH / "queries.py"), "--clear-only", "/"],
        env=env, cwd=ROOT, check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def probe_state(result: dict) -> str:
    if result.get("status") == 200:
        return "ok"
    if result.get("status") == 404:
        return "missing (404)"
    if result.get("status") is None:
        return f"no response ({result.get('error')})"
    return f"HTTP {result['status']}"


def log_errors(log: Path, start: int = 0) -> dict:
    """What the server logged during the load: workers killed, requests that failed."""
    with log.open("rb") as handle:
        handle.seek(start)
        text = handle.read().decode(errors="replace")
    return {
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "tracebacks": text.count("Traceback"),
        # gunicorn's max_requests: each restart loads the application (and the bake) afresh.
        "worker_restarts": text.count("Autorestarting worker"),
    }


def load_errors(run_result) -> int | None:
    if not run_result:
        return None
    e = run_result["errors"]
    bad_status = sum(n for code, n in run_result["statuses"].items() if not 200 <= int(code) < 400)
    return e["connect"] + e["read"] + e["write"] + e["timeout"] + bad_status
