"""The servers under test, each in its own process group, and what /proc says about them."""

import contextlib
import os
import signal
import socket
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from common import GUNICORN, WORKERS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in task.read_text().split()]
    return found


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        kids = children(todo.pop())
        out += kids
        todo += kids
    return out


def rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_ticks(pids, reaped: bool = False) -> int:
    """User and system ticks of the processes; with `reaped`, of their finished children too
    (a gunicorn worker restarted after max_requests leaves its time in the master's)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            if reaped:
                total += int(fields[13]) + int(fields[14])
    return total


class Server:
    """A server in its own process group, stopped by its own id when done."""

    def __init__(self, label: str, argv: list[str], env: dict, cwd: Path, log: Path):
        self.label, self.argv, self.env, self.cwd, self.log = label, argv, env, cwd, log
        self.proc = None
        self.port = None

    def start(self):
        self.port = free_port()
        argv = [a.replace("{port}", str(self.port)) for a in self.argv]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        handle = self.log.open("a")
        handle.write(f"\n=== {datetime.now(UTC):%H:%M:%S} {' '.join(argv)}\n")
        handle.flush()
        self.proc = subprocess.Popen(
            argv, cwd=self.cwd, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.label} exited at start; see {self.log}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"{self.label} did not listen within 60 s; see {self.log}")
        # Workers load the application after the port opens: wait for them to settle.
        deadline = time.monotonic() + 30
        while len(self.workers()) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.05)
        self.wait_idle()
        return self

    def worker_class(self) -> str | None:
        """What gunicorn says it runs ("sync", "gthread", a class path), from its log."""
        found = None
        with contextlib.suppress(OSError):
            for line in self.log.read_text(errors="replace").splitlines():
                if "Using worker: " in line:
                    found = line.split("Using worker: ", 1)[1].strip()
        return found

    def workers(self) -> list[int]:
        return descendants(self.proc.pid) if self.proc else []

    def wait_idle(self, limit: float = 45.0) -> float:
        """Wait until the server's processes use no CPU (a stuck request has finished)."""
        started = time.monotonic()
        last = -1
        while time.monotonic() - started < limit:
            ticks = cpu_ticks([self.proc.pid, *self.workers()])
            if ticks == last:
                break
            last = ticks
            time.sleep(0.3)
        return time.monotonic() - started

    def stop(self):
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=8)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None

    def restart(self):
        self.stop()
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def gunicorn_argv(app: str, extra=(), config: Path | None = None) -> list[str]:
    """gunicorn on a free port with 2 workers; with `config`, every other setting from it."""
    argv = [str(GUNICORN), app, "--workers", str(WORKERS), "--bind", "127.0.0.1:{port}"]
    if config and config.exists():
        argv += ["-c", str(config)]
    # gunicorn 24+ opens a control socket at one fixed path; two servers at once would clash.
    help_text = subprocess.run([str(GUNICORN), "--help"], text=True, capture_output=True).stdout
    if "--no-control-socket" in help_text:
        argv.append("--no-control-socket")
    return [*argv, *extra]
