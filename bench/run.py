"""The benchmark: our pages under gunicorn against Datasette and a static floor, at 1x and 20x.

    .venv/bin/python bench/run.py            # 1x and 20x: about 30 minutes (20x alone: 20)
    .venv/bin/python bench/run.py --quick    # 1x only, short runs: about 5 minutes

For each scale it builds (or reuses) a synthetic SQLite database (bench/synthetic.py), then:

- counts SQL queries per page with the Django test client (first request, repeat, conditional);
- serves the database with the production configuration: gunicorn, 2 sync workers, debug off,
  collected static files, the default page cache ("ours");
- serves the same file with Datasette (its own venv, bench/.venv-datasette; uvicorn, 2 workers,
  immutable) for the equivalent views, and our pages' HTML bytes as static files through
  WhiteNoise under gunicorn (the floor);
- times each page with wrk, 4 connections: cold (first request after a server start, page cache
  cleared), uncached (the same server with CACHE_URL=dummy://, so every request renders),
  cached (repeats) and conditional GETs (If-None-Match with the page's ETag);
- downloads the CSV of all findings from us and from Datasette (rows per second, peak RSS of the
  serving process, sampled from /proc);
- runs 50 clients for 60 seconds on a mix of pages and counts errors.

It prints tables and writes every figure to bench/out/results-<scales>.json. It is not a test:
it passes or fails nothing, it reports.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
VENV_BIN = ROOT / ".venv" / "bin"
PY = VENV_BIN / "python"
GUNICORN = VENV_BIN / "gunicorn"
GUNICORN_PIN = "gunicorn==27.0.1"
DATASETTE_PIN = "datasette==0.65.5"
DS_VENV = BENCH / ".venv-datasette"
LUA = BENCH / "wrk" / "bench.lua"
WORKERS = 2
CONNECTIONS = 4
SECRET = "bench-" + "x" * 50  # a throwaway key: the benchmark serves only 127.0.0.1
MB = 1024 * 1024

# name, our address, Datasette's equivalent view ({...} filled in from the database).
PAGES = [
    ("home", "/", "/db/areas_area?_facet=region"),
    (
        "area",
        "/areas/{area}/",
        "/db/reports_finding?inspection_id__in={area_inspections}&_size=max",
    ),
    (
        "compare",
        "/compare/?area={a1}&area={a2}&area={a3}",
        "/db/reports_finding?inspection_id__in={compare_inspections}&_facet=kind"
        "&_facet=primary_theme_id",
    ),
    ("outcomes", "/outcomes/", "/db/reports_inspection?_facet=outcome&_facet=framework"),
    ("inspections", "/inspections/", "/db/reports_inspection"),
    (
        "filtered",
        "/findings/?kind=improvement&theme=ehc-plans",
        "/db/reports_finding?kind=improvement&_where="
        + quote("id in (select finding_id from reports_finding_themes where theme_id = 1)"),
    ),
    ("searched", "/findings/?q=plans", "/db/reports_finding?_search=plans"),
]
CSV_OURS = "/findings/?format=csv"
CSV_DATASETTE = "/db/reports_finding.csv?_stream=on&_size=max"


def say(message=""):
    print(message, flush=True)


# --- tools ------------------------------------------------------------------------------------


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, text=True, capture_output=True, **kwargs)


def ensure_tools():
    if not shutil.which("wrk"):
        if os.geteuid() != 0:
            sys.exit("wrk is missing: apt-get install -y wrk (as root), then run again.")
        say("Installing wrk (Debian) ...")
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq", "wrk"])
    if not GUNICORN.exists():
        say(f"Installing {GUNICORN_PIN} into .venv ...")
        run([str(PY), "-m", "pip", "install", "--quiet", GUNICORN_PIN])
    if not (DS_VENV / "bin" / "uvicorn").exists():
        say(f"Installing {DATASETTE_PIN} into {DS_VENV.relative_to(ROOT)} ...")
        run([str(PY), "-m", "venv", str(DS_VENV)])
        run([str(DS_VENV / "bin" / "pip"), "install", "--quiet", DATASETTE_PIN])


def versions() -> dict:
    def out(argv):
        done = subprocess.run(argv, text=True, capture_output=True)
        return (done.stdout + done.stderr).strip().splitlines()[0]

    return {
        "python": platform.python_version(),
        "django": out([str(PY), "-c", "import django; print(django.get_version())"]),
        "gunicorn": out([str(GUNICORN), "--version"]),
        "whitenoise": out(
            [str(PY), "-c", "from importlib.metadata import version; print(version('whitenoise'))"]
        ),
        "datasette": out([str(DS_VENV / "bin" / "datasette"), "--version"]),
        "uvicorn": out([str(DS_VENV / "bin" / "uvicorn"), "--version"]),
        "wrk": out(["wrk", "-v"]),
        "sqlite": sqlite3.sqlite_version,
        "nproc": os.cpu_count(),
        "mem_total": Path("/proc/meminfo").read_text().splitlines()[0].split(":")[1].strip(),
        "uname": platform.uname()._asdict(),
        "git": out(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"])[:100],
        "git_dirty_files": len(
            subprocess.run(
                ["git", "-C", str(ROOT), "status", "--short", "--untracked-files=no"],
                text=True,
                capture_output=True,
            ).stdout.splitlines()
        ),
    }


# --- data -------------------------------------------------------------------------------------


def scale_label(scale: float) -> str:
    return f"{scale:g}x"


def ensure_database(scale: float, rebuild: bool) -> tuple[Path, dict]:
    sys.path.insert(0, str(BENCH))
    from synthetic import GENERATOR_VERSION

    folder = OUT / scale_label(scale)
    db, meta_path = folder / "db.sqlite3", folder / "meta.json"
    if not rebuild and db.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("generator_version") == GENERATOR_VERSION:
            say(f"Reusing {db.relative_to(ROOT)} ({meta['findings']} findings)")
            return db, meta
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(
        [str(PY), str(BENCH / "synthetic.py"), "--scale", f"{scale:g}", "--out", str(db)],
        check=True,
        env=clean_env(),
    )
    return db, json.loads(meta_path.read_text())


def addresses(db: Path, meta: dict) -> dict:
    """Our pages and Datasette's equivalents, plus rotations of distinct addresses."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    by_area = {}
    for slug, ids in con.execute(
        "SELECT a.slug, group_concat(i.id) FROM areas_area a "
        "JOIN reports_inspection i ON i.area_id = a.id GROUP BY a.id ORDER BY a.id"
    ):
        by_area[slug] = ids
    latest = dict(
        con.execute(
            "SELECT a.slug, max(i.id) FROM areas_area a JOIN reports_inspection i "
            "ON i.area_id = a.id AND i.framework = '2023' GROUP BY a.id"
        )
    )
    themes = dict(con.execute("SELECT slug, id FROM reports_theme"))
    con.close()
    a1, a2, a3 = meta["sample_areas"]
    values = {
        "area": a1,
        "area_inspections": by_area[a1],
        "a1": a1,
        "a2": a2,
        "a3": a3,
        "compare_inspections": ",".join(str(latest[s]) for s in (a1, a2, a3)),
    }
    pages = {
        name: {"ours": ours.format(**values), "datasette": ds.format(**values)}
        for name, ours, ds in PAGES
    }
    rng = random.Random(7)
    slugs = list(by_area)
    rng.shuffle(slugs)
    triples = [rng.sample(slugs, 3) for _ in range(2000)]
    kinds = ["strength", "weakness", "improvement", "priority_action"]
    regions = ["", "NE", "NW", "YH", "EM", "WM", "E", "GL", "SE", "SW"]
    filters = [(k, t, r) for k in kinds for t in themes for r in regions]
    rng.shuffle(filters)
    rotations = {
        "area": [f"/areas/{s}/" for s in slugs],
        "compare": ["/compare/?" + urlencode([("area", s) for s in t]) for t in triples],
        "filtered": [
            "/findings/?" + urlencode({"kind": k, "theme": t, **({"region": r} if r else {})})
            for k, t, r in filters
        ],
    }
    return {"pages": pages, "rotations": rotations}


# --- servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL"))}
    env.pop("DATABASE_URL", None)
    return env


def app_env(db: Path, static_root: Path, cache_url: str | None) -> dict:
    env = clean_env()
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET,
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(static_root),
    )
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


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


def cpu_ticks(pids) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
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


def gunicorn_argv(app: str, extra=()) -> list[str]:
    argv = [str(GUNICORN), app, "--workers", str(WORKERS), "--bind", "127.0.0.1:{port}"]
    # gunicorn 24+ opens a control socket at one fixed path; two servers at once would clash.
    help_text = subprocess.run([str(GUNICORN), "--help"], text=True, capture_output=True).stdout
    if "--no-control-socket" in help_text:
        argv.append("--no-control-socket")
    return [*argv, *extra]


# --- measuring --------------------------------------------------------------------------------


def fetch(port: int, path: str, headers=None, timeout: float = 30.0) -> dict:
    """One GET on a new connection: status, headers, body, seconds (or an error)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
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
    argv += ["-s", str(LUA)]
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
    """CPU ticks of this process, its live descendants (servers) and its finished children."""
    times = os.times()
    finished = (times.children_user + times.children_system) * CLK_TCK
    return cpu_ticks([os.getpid(), *descendants(os.getpid())]) + finished


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


def download(server: Server, path: str, timeout: float) -> dict:
    """Stream a download to the end, sampling every server process's RSS meanwhile."""
    pids = [server.proc.pid, *server.workers()]
    base = {pid: rss_bytes(pid) for pid in pids}
    peak = dict(base)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_bytes(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    size = lines = 0
    status = error = None
    first_byte = None
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        status = response.status
        while chunk := response.read1(1 << 20):
            if first_byte is None:
                first_byte = time.perf_counter() - started
            size += len(chunk)
            lines += chunk.count(b"\n")
            if time.perf_counter() - started > timeout:
                error = f"stopped after {timeout:.0f}s"
                break
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__} after {time.perf_counter() - started:.1f}s"
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    grown = max(pids, key=lambda pid: peak[pid] - base[pid])
    return {
        "status": status,
        "error": error,
        "bytes": size,
        "rows": max(lines - 1, 0),
        "seconds": round(seconds, 2),
        "first_byte_seconds": round(first_byte, 3) if first_byte else None,
        "rows_per_second": round(max(lines - 1, 0) / seconds) if seconds else 0,
        "peak_rss_mb": round(peak[grown] / MB, 1),
        "base_rss_mb": round(base[grown] / MB, 1),
    }


# --- phases -----------------------------------------------------------------------------------


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


def bench_scale(scale: float, args, static_root: Path) -> dict:
    label = scale_label(scale)
    say(f"\n######## {label} ########")
    db, meta = ensure_database(scale, args.rebuild)
    where = addresses(db, meta)
    pages = where["pages"]
    logs = OUT / "logs" / label
    shutil.rmtree(logs, ignore_errors=True)
    prod_env = app_env(db, static_root, args.cache_url)
    dummy_env = app_env(db, static_root, "dummy://")
    ours = Server("ours", gunicorn_argv("send_inspections.wsgi"), prod_env, ROOT, logs / "ours.log")
    uncached = Server(
        "ours-uncached", gunicorn_argv("send_inspections.wsgi"), dummy_env, ROOT,
        logs / "ours-uncached.log",
    )  # fmt: skip
    ds_env = clean_env() | {"BENCH_DB": str(db)}
    datasette = Server(
        "datasette",
        [str(DS_VENV / "bin" / "uvicorn"), "datasette_app:app", "--app-dir", str(BENCH),
         "--host", "127.0.0.1", "--port", "{port}", "--workers", str(WORKERS),
         "--no-access-log"],
        ds_env, BENCH, logs / "datasette.log",
    )  # fmt: skip
    floor_dir = Path(tempfile.mkdtemp(prefix=f"bench-floor-{label}-"))
    floor = Server(
        "floor",
        gunicorn_argv("floor_app:application", ["--chdir", str(BENCH)]),
        clean_env() | {"BENCH_FLOOR_DIR": str(floor_dir)},
        BENCH,
        logs / "floor.log",
    )
    result = {"scale": scale, "meta": {k: v for k, v in meta.items() if k != "area_slugs"}}
    result["addresses"] = pages
    result["pages"] = {name: {"ours": {}, "datasette": {}, "floor": {}} for name in pages}
    timeout = args.page_timeout

    # 1. Queries per page, with the Django test client against the same file.
    say("Counting queries ...")
    urls = [p["ours"] for p in pages.values()] + [CSV_OURS]
    result["queries"] = count_queries(
        prod_env, urls[:-1], args.page_timeout * 2 + 10, 0
    ) | count_queries(prod_env, urls[-1:], args.csv_timeout * 2, args.csv_query_rows)
    for url, q in result["queries"].items():
        if "error" in q:
            say(f"  {url[:60]:60} {q['error']}")
            continue
        cond = q["conditional"]["queries"] if q["conditional"] else "-"
        say(
            f"  {url[:60]:60} {q['uncached']['status']} uncached {q['uncached']['queries']:>3}"
            f"  cached {q['cached']['queries']:>3}  conditional {cond}"
        )

    # 2. Ours, production configuration: probe, capture the floor's bytes, cached, conditional.
    say("Ours (gunicorn, production settings): probe, cached and conditional runs ...")
    clear_page_cache(prod_env)
    with ours:
        for name, page in pages.items():
            mine = result["pages"][name]["ours"]
            probe = fetch(ours.port, page["ours"], timeout=timeout)
            mine["state"] = probe_state(probe)
            mine["probe_seconds"] = round(probe["seconds"], 3)
            if probe.get("status") is None:  # stuck workers: start afresh
                ours.restart()
            if mine["state"] != "ok":
                say(f"  {name:12} {mine['state']}")
                continue
            mine["bytes"] = probe["bytes"]
            etag = probe["headers"].get("etag")
            mine["etag"] = bool(etag)
            (floor_dir / f"{name}.html").write_bytes(probe["body"])
            mine["cached"] = timed_run(ours, page["ours"], args)
            if etag:
                check = fetch(ours.port, page["ours"], headers={"If-None-Match": etag})
                mine["conditional_status"] = check["status"]
                mine["conditional"] = timed_run(
                    ours, page["ours"], args, headers=[f"If-None-Match: {etag}"],
                    count_status=True,
                )  # fmt: skip
            say(f"  {name:12} {fmt_run(mine.get('cached'))}   conditional "
                f"{fmt_run(mine.get('conditional'))}")  # fmt: skip
        # Cache misses in the production cache: distinct areas, each requested once.
        say("  area misses (distinct areas, production cache, each once) ...")
        clear_page_cache(prod_env)
        result["area_misses"] = wrk(
            ours.port, "/", duration=args.duration, paths=where["rotations"]["area"],
            once=True, count_status=True,
        )  # fmt: skip
        ours.wait_idle()
        say(f"  area misses  {fmt_run(result['area_misses'])}")

    # 3. Cold: first request after a server start (page cache cleared), each page on its own.
    say("Cold: first request after a server start ...")
    for name, page in pages.items():
        for who, server, path in (
            ("ours", ours, page["ours"]),
            ("datasette", datasette, page["datasette"]),
            ("floor", floor, f"/{name}.html"),
        ):
            entry = result["pages"][name][who]
            if who != "datasette" and result["pages"][name]["ours"]["state"] != "ok":
                continue
            if who == "ours":
                clear_page_cache(prod_env)
            with server:
                first = fetch(server.port, path, timeout=timeout)
            entry["cold_ms"] = round(first["seconds"] * 1000, 1) if first["status"] else None
            entry["cold_status"] = first.get("status") or first.get("error")
        row = result["pages"][name]
        say(f"  {name:12} ours {fmt_ms(row['ours'].get('cold_ms'))}  datasette "
            f"{fmt_ms(row['datasette'].get('cold_ms'))}  floor "
            f"{fmt_ms(row['floor'].get('cold_ms'))}")  # fmt: skip

    # 4. Uncached: the same server with a cache that keeps nothing, so every request renders.
    say("Ours uncached (CACHE_URL=dummy://: every request renders) ...")
    with uncached:
        for name, page in pages.items():
            mine = result["pages"][name]["ours"]
            if mine["state"] != "ok":
                continue
            probe = fetch(uncached.port, page["ours"], timeout=timeout)
            if probe["status"] != 200:
                mine["uncached_note"] = probe_state(probe)
                uncached.restart()
            elif probe["seconds"] > args.slow:
                mine["uncached_note"] = f"single request {probe['seconds']:.1f}s; not loaded"
                mine["uncached_single_ms"] = round(probe["seconds"] * 1000, 1)
            else:
                mine["uncached"] = timed_run(uncached, page["ours"], args)
            say(f"  {name:12} {mine.get('uncached_note') or fmt_run(mine.get('uncached'))}")

    # 5. Datasette, the same file, the equivalent views.
    say("Datasette (uvicorn, 2 workers, immutable) ...")
    with datasette:
        for name, page in pages.items():
            theirs = result["pages"][name]["datasette"]
            probe = fetch(datasette.port, page["datasette"], timeout=timeout)
            theirs["state"] = probe_state(probe)
            theirs["probe_seconds"] = round(probe["seconds"], 3)
            if probe.get("status") is None:
                datasette.restart()
                continue
            theirs["bytes"] = probe["bytes"]
            if probe["seconds"] > args.slow:
                theirs["note"] = f"single request {probe['seconds']:.1f}s; not loaded"
            else:
                theirs["cached"] = timed_run(datasette, page["datasette"], args)
            say(
                f"  {name:12} [{theirs['state']}] "
                f"{theirs.get('note') or fmt_run(theirs.get('cached'))}"
            )

    # 6. The floor: the same bytes as static files through WhiteNoise.
    say("Floor (our HTML as static files, WhiteNoise under gunicorn) ...")
    with floor:
        for name in pages:
            static = result["pages"][name]["floor"]
            if not (floor_dir / f"{name}.html").exists():
                continue
            path = f"/{name}.html"
            probe = fetch(floor.port, path)
            static["cached"] = timed_run(floor, path, args)
            etag = probe["headers"].get("etag")
            if etag:
                static["conditional"] = timed_run(
                    floor, path, args, headers=[f"If-None-Match: {etag}"], count_status=True
                )
            say(f"  {name:12} {fmt_run(static.get('cached'))}   conditional "
                f"{fmt_run(static.get('conditional'))}")  # fmt: skip
    shutil.rmtree(floor_dir, ignore_errors=True)

    # 7. CSV of all findings, ours and Datasette's.
    say("CSV export of all findings ...")
    result["csv"] = {}
    clear_page_cache(prod_env)
    with ours:
        log_start = ours.log.stat().st_size
        result["csv"]["ours"] = download(ours, CSV_OURS, args.csv_timeout)
        ours.wait_idle()
        result["csv"]["ours"]["server_log"] = log_errors(ours.log, log_start)
    with datasette:
        result["csv"]["datasette"] = download(datasette, CSV_DATASETTE, args.csv_timeout)
    for who, r in result["csv"].items():
        r["complete"] = r["rows"] == meta["findings"]
        say(f"  {who:10} {fmt_csv(r)}")

    # 8. Load: 50 clients for a minute on a mix of pages (cache cleared first). When a page is
    # too slow to render under load, a second run leaves it out, to show what the rest does.
    mix = load_mix(result["pages"], pages, where["rotations"])
    slow = [
        name
        for name, row in result["pages"].items()
        if row["ours"].get("uncached_note") or row["ours"]["state"].startswith("no response")
    ]
    result["load_runs"] = {"all pages": load_run(ours, prod_env, mix, args)}
    if slow:
        rest = [(name, path) for name, path in mix if name not in slow]
        result["load_runs"][f"without {', '.join(slow)}"] = load_run(ours, prod_env, rest, args)
    result["load"] = result["load_runs"]["all pages"]["wrk"]
    return result


def load_run(ours: Server, env: dict, mix: list[tuple[str, str]], args) -> dict:
    names = sorted({name for name, _ in mix})
    say(f"Load: {args.load_connections} clients for {args.load_duration}s on {', '.join(names)}")
    clear_page_cache(env)
    with ours:
        log_start = ours.log.stat().st_size
        with Background() as background:
            run_result = wrk(
                ours.port, "/", duration=args.load_duration, connections=args.load_connections,
                paths=[path for _, path in mix], count_status=True,
            )  # fmt: skip
        if run_result:
            run_result["background_cores"] = round(background.cores, 2)
        ours.wait_idle()
        logged = log_errors(ours.log, log_start)
    say(f"  {fmt_run(run_result)}  errors {load_errors(run_result)}; server log {logged}")
    return {"pages": names, "wrk": run_result, "server_log": logged}


def load_mix(results, pages, rotations) -> list[tuple[str, str]]:
    """Every page that exists (not 404, not failing on its own), distinct addresses rotating."""
    usable = [
        name
        for name, row in results.items()
        if row["ours"]["state"] == "ok" or row["ours"]["state"].startswith("no response")
    ]
    mix = []
    for n in range(300):
        for name in usable:
            if name in rotations:
                items = rotations[name]
                mix.append((name, items[n % len(items)]))
            else:
                mix.append((name, pages[name]["ours"]))
    return mix


def log_errors(log: Path, start: int = 0) -> dict:
    """What the server logged during the load: workers killed, requests that failed."""
    with log.open("rb") as handle:
        handle.seek(start)
        text = handle.read().decode(errors="replace")
    return {
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "tracebacks": text.count("Traceback"),
    }


def load_errors(run_result) -> int | None:
    if not run_result:
        return None
    e = run_result["errors"]
    bad_status = sum(n for code, n in run_result["statuses"].items() if not 200 <= int(code) < 400)
    return e["connect"] + e["read"] + e["write"] + e["timeout"] + bad_status


# --- printing ---------------------------------------------------------------------------------


def fmt_ms(value) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def fmt_run(r) -> str:
    if not r:
        return "-"
    if not r["requests"]:
        return "0 requests completed"
    return f"p50 {fmt_ms(r['p50_ms'])} ms, p95 {fmt_ms(r['p95_ms'])} ms, {r['rps']:.0f} req/s"


def fmt_csv(r) -> str:
    state = "complete" if r.get("complete") else f"INCOMPLETE ({r.get('error') or 'short'})"
    if (r.get("server_log") or {}).get("worker_timeouts"):
        state += "; gunicorn killed the worker (WORKER TIMEOUT)"
    return (
        f"HTTP {r['status']}, {r['rows']} rows, {r['bytes'] / MB:.1f} MB in {r['seconds']}s "
        f"= {r['rows_per_second']} rows/s; first byte {r['first_byte_seconds']}s; "
        f"peak RSS {r['peak_rss_mb']} MB (from {r['base_rss_mb']}); {state}"
    )


def ratio(a, b) -> str:
    return f"{a / b:.2f}" if a and b else "-"


def p95(entry, key):
    r = entry.get(key)
    return r["p95_ms"] if r and r.get("requests") else None


def print_tables(results: dict):
    scales = list(results["scales"])
    for r in results["scales"].values():  # results written before load_runs existed
        if "load_runs" not in r and r.get("load"):
            r["load_runs"] = {
                "all pages": {"wrk": r["load"], "server_log": r.get("load_log_errors")}
            }
    say("\n================ Summary ================")
    say(f"Machine: {results['versions']['nproc']} cores, {results['versions']['mem_total']}; "
        f"{results['versions']['gunicorn']}; datasette {results['versions']['datasette']}; "
        f"{results['versions']['wrk']}")  # fmt: skip

    say("\nSQL queries per page (first request with the cache cleared / repeat / conditional)")
    say(f"{'page':12} " + " ".join(f"{s:>16}" for s in scales) + "  constant")
    names = [name for name, _, _ in PAGES] + ["csv"]
    for name in names:
        cells, firsts = [], []
        for s in scales:
            r = results["scales"][s]
            url = CSV_OURS if name == "csv" else r["addresses"][name]["ours"]
            q = r["queries"].get(url)
            if not q or "error" in q:
                cells.append(f"{(q or {}).get('error', '-')[:16]:>16}")
                firsts.append(("error", None))
                continue
            cond = q["conditional"]["queries"] if q["conditional"] else "-"
            state = q["uncached"]["status"]
            text = f"{q['uncached']['queries']}/{q['cached']['queries']}/{cond}"
            if state != 200:
                text = f"HTTP {state}"
            firsts.append((state, q["uncached"]["queries"]))
            cells.append(f"{text:>16}")
        constant = (
            "yes" if len(firsts) > 1 and len(set(firsts)) == 1 and firsts[0][0] == 200 else "-"
        )
        if len(firsts) > 1 and len(set(firsts)) > 1:
            constant = "NO"
        say(f"{name:12} " + " ".join(cells) + f"  {constant}")

    for s in scales:
        r = results["scales"][s]
        say(f"\nLatency at {s} (ms; wrk, {CONNECTIONS} connections; p50/p95, requests/s)")
        noise = background_of(r)
        if noise:
            worst = max(noise, key=lambda item: item[1])
            say(f"Other processes used up to {worst[1]:.2f} cores during a run ({worst[0]}); "
                f"median {sorted(c for _, c in noise)[len(noise) // 2]:.2f}. "
                "Above about 0.3 the figures are disturbed.")  # fmt: skip
        header = (
            f"{'page':12} {'state':>14} {'ours cold':>9} {'ds cold':>8} {'floor cold':>10}"
            f" | {'uncached p50/p95 rps':>22} | {'cached p50/p95 rps':>20}"
            f" | {'datasette p50/p95 rps':>22} | {'floor p50/p95 rps':>20}"
            f" | {'304 ours/floor p95':>18}"
        )
        say(header)
        for name, row in r["pages"].items():
            o, d, f = row["ours"], row["datasette"], row["floor"]
            uncached = o.get("uncached_note") or cell(o.get("uncached"))
            if o.get("uncached_single_ms"):
                uncached = f"single {fmt_ms(o['uncached_single_ms'])}"
            dcell = d.get("note") or cell(d.get("cached"))
            if d.get("state") not in (None, "ok"):
                dcell = d["state"]
            cond = f"{fmt_ms(p95(o, 'conditional'))}/{fmt_ms(p95(f, 'conditional'))}"
            say(
                f"{name:12} {o.get('state', '-')[:14]:>14} {fmt_ms(o.get('cold_ms')):>9}"
                f" {fmt_ms(d.get('cold_ms')):>8} {fmt_ms(f.get('cold_ms')):>10}"
                f" | {uncached[:22]:>22} | {cell(o.get('cached')):>20}"
                f" | {dcell[:22]:>22} | {cell(f.get('cached')):>20} | {cond:>18}"
            )
        say(f"\nRatios at {s} (p95 unless cold; below 1 means ours is faster)")
        say(
            f"{'page':12} {'cold o/ds':>9} {'cold o/fl':>9} {'uncached o/ds':>13}"
            f" {'cached o/ds':>11} {'cached o/fl':>11} {'304 o/fl':>9}"
        )
        for name, row in r["pages"].items():
            o, d, f = row["ours"], row["datasette"], row["floor"]
            say(
                f"{name:12} {ratio(o.get('cold_ms'), d.get('cold_ms')):>9}"
                f" {ratio(o.get('cold_ms'), f.get('cold_ms')):>9}"
                f" {ratio(p95(o, 'uncached') or o.get('uncached_single_ms'), p95(d, 'cached')):>13}"
                f" {ratio(p95(o, 'cached'), p95(d, 'cached')):>11}"
                f" {ratio(p95(o, 'cached'), p95(f, 'cached')):>11}"
                f" {ratio(p95(o, 'conditional'), p95(f, 'conditional')):>9}"
            )
        if r.get("area_misses"):
            say(
                f"Area pages, distinct areas (production cache misses): {fmt_run(r['area_misses'])}"
            )
        say(f"\nCSV of all findings at {s} ({r['meta']['findings']} rows)")
        for who, c in r["csv"].items():
            say(f"  {who:10} {fmt_csv(c)}")
        ours_csv, ds_csv = r["csv"].get("ours"), r["csv"].get("datasette")
        if ours_csv and ds_csv:
            say(
                "  rows/s ours/datasette: "
                + ratio(ours_csv["rows_per_second"], ds_csv["rows_per_second"])
            )
        for label, run_ in r.get("load_runs", {}).items():
            load = run_["wrk"]
            say(f"\nLoad at {s}, {label}: {fmt_run(load)}")
            if load:
                say(f"  p99 {fmt_ms(load['p99_ms'])} ms, max {fmt_ms(load['max_ms'])} ms; "
                    f"statuses {load['statuses']}; socket errors {load['errors']}; "
                    f"errors {load_errors(load)}; server log {run_['server_log']}")  # fmt: skip
    print_targets(results)


def background_of(r: dict) -> list[tuple[str, float]]:
    found = []
    for name, row in r["pages"].items():
        for who, entry in row.items():
            for kind in ("cached", "uncached", "conditional"):
                run_result = entry.get(kind)
                if run_result and "background_cores" in run_result:
                    found.append((f"{name} {who} {kind}", run_result["background_cores"]))
    for label, run_ in r.get("load_runs", {}).items():
        if run_["wrk"] and "background_cores" in run_["wrk"]:
            found.append((f"load, {label}", run_["wrk"]["background_cores"]))
    return found


def cell(r) -> str:
    if not r:
        return "-"
    if not r["requests"]:
        return "none completed"
    return f"{fmt_ms(r['p50_ms'])}/{fmt_ms(r['p95_ms'])} {r['rps']:.0f}"


def print_targets(results: dict):
    scales = list(results["scales"])
    top = results["scales"][scales[-1]]
    say(f"\nTargets at {scales[-1]}")

    def line(ok, text):
        say(f"  [{'MET ' if ok else 'MISS'}] {text}")

    if len(scales) > 1:
        low = results["scales"][scales[0]]
        for name in [name for name, _, _ in PAGES] + ["csv"]:
            url_low = CSV_OURS if name == "csv" else low["addresses"][name]["ours"]
            url_top = CSV_OURS if name == "csv" else top["addresses"][name]["ours"]
            a, b = low["queries"].get(url_low), top["queries"].get(url_top)
            if a and b and ("error" in a or "error" in b):
                line(False, f"{name}: queries not counted: {a.get('error') or b.get('error')}")
            elif a and b:
                same = (a["uncached"]["queries"], a["uncached"]["status"]) == (
                    b["uncached"]["queries"],
                    b["uncached"]["status"],
                ) and a["uncached"]["status"] == 200
                line(same, f"{name}: queries {a['uncached']['queries']} at {scales[0]}, "
                     f"{b['uncached']['queries']} at {scales[-1]} "
                     f"(HTTP {a['uncached']['status']}/{b['uncached']['status']})")  # fmt: skip
    for name, row in top["pages"].items():
        o, d, f = row["ours"], row["datasette"], row["floor"]
        if o.get("state") != "ok":
            line(False, f"{name}: {o.get('state')}")
            continue
        c, fl = p95(o, "cached"), p95(f, "cached")
        line(bool(c and fl and c <= 3 * fl), f"{name}: cached p95 {fmt_ms(c)} ms vs floor "
             f"{fmt_ms(fl)} ms (x{ratio(c, fl)}; target <= 3)")  # fmt: skip
        if o.get("conditional"):
            c, fl = p95(o, "conditional"), p95(f, "conditional")
            line(bool(c and fl and c <= 1.2 * fl), f"{name}: conditional p95 {fmt_ms(c)} ms vs "
                 f"floor {fmt_ms(fl)} ms (x{ratio(c, fl)}; target <= 1.2)")  # fmt: skip
        else:
            line(False, f"{name}: no ETag, no conditional GET")
        if name in ("area", "compare", "filtered"):
            u = p95(o, "uncached") or o.get("uncached_single_ms")
            dd = p95(d, "cached")
            line(bool(u and dd and u <= dd / 2), f"{name}: uncached p95 {fmt_ms(u)} ms vs "
                 f"Datasette {fmt_ms(dd)} ms (x{ratio(u, dd)}; target <= 0.5)")  # fmt: skip
    ours_csv, ds_csv = top["csv"].get("ours"), top["csv"].get("datasette")
    if ours_csv and ds_csv:
        fast = ours_csv["complete"] and ours_csv["rows_per_second"] >= 2 * ds_csv["rows_per_second"]
        line(fast, f"CSV: {ours_csv['rows_per_second']} rows/s vs Datasette "
             f"{ds_csv['rows_per_second']} (target x2); complete: "
             f"{ours_csv['complete']}")  # fmt: skip
        line(ours_csv["peak_rss_mb"] < 150, f"CSV: peak RSS {ours_csv['peak_rss_mb']} MB (< 150)")
    for label, run_ in top.get("load_runs", {}).items():
        errors = load_errors(run_["wrk"])
        requests = (run_["wrk"] or {}).get("requests")
        line(errors == 0, f"Load, {label}: {errors} errors in {requests} requests")


def markdown(results: dict) -> str:
    """The figures as Markdown tables, for docs/performance.md."""
    scales = list(results["scales"])
    lines = []
    add = lines.append

    def row(*cells):
        add("| " + " | ".join(str(c) for c in cells) + " |")

    add("### SQL queries per page\n")
    add("First request with the page cache cleared / repeat (cached) / conditional GET.\n")
    row("page", *scales)
    row(*["---"] * (len(scales) + 1))
    for name in [name for name, _, _ in PAGES] + ["csv"]:
        cells = []
        for s in scales:
            r = results["scales"][s]
            url = CSV_OURS if name == "csv" else r["addresses"][name]["ours"]
            q = r["queries"].get(url) or {}
            if "error" in q or not q:
                cells.append(q.get("error", "-"))
            elif q["uncached"]["status"] != 200:
                cells.append(f"HTTP {q['uncached']['status']}")
            else:
                cond = q["conditional"]["queries"] if q["conditional"] else "-"
                cells.append(f"{q['uncached']['queries']} / {q['cached']['queries']} / {cond}")
        row(name, *cells)
    for s in scales:
        r = results["scales"][s]
        m = r["meta"]
        add(f"\n### {s}: {m['areas']:,} areas, {m['inspections']:,} inspections, "
            f"{m['findings']:,} findings\n")  # fmt: skip
        add("Milliseconds. Cold: one request after a server start. Others: wrk, 4 connections, "
            f"{results['args']['duration']} s after {results['args']['warmup']} s of warm-up; "
            "p50 / p95 and requests per second.\n")  # fmt: skip
        row("page", "KB", "ours cold", "Datasette cold", "floor cold", "ours uncached",
            "ours cached", "Datasette", "floor", "ours 304", "floor 304")  # fmt: skip
        row(*["---"] * 11)
        for name, e in r["pages"].items():
            o, d, f = e["ours"], e["datasette"], e["floor"]
            if o.get("state") != "ok":
                uncached = o.get("state")
            elif o.get("uncached_single_ms"):
                uncached = f"one request: {fmt_ms(o['uncached_single_ms'])}"
            else:
                uncached = o.get("uncached_note") or md_cell(o.get("uncached"))
            dcell = md_cell(d.get("cached")) if d.get("state") == "ok" else d.get("state")
            if d.get("note"):
                dcell = d["note"]
            row(name, round(o["bytes"] / 1024) if o.get("bytes") else "-",
                fmt_ms(o.get("cold_ms")), fmt_ms(d.get("cold_ms")), fmt_ms(f.get("cold_ms")),
                uncached, md_cell(o.get("cached")), dcell, md_cell(f.get("cached")),
                md_cell(o.get("conditional")), md_cell(f.get("conditional")))  # fmt: skip
        add("\nRatios (p95, except cold; below 1 means ours is faster):\n")
        row("page", "cold ours/Datasette", "cold ours/floor", "uncached ours/Datasette",
            "cached ours/Datasette", "cached ours/floor", "304 ours/floor")  # fmt: skip
        row(*["---"] * 7)
        for name, e in r["pages"].items():
            o, d, f = e["ours"], e["datasette"], e["floor"]
            row(name, ratio(o.get("cold_ms"), d.get("cold_ms")),
                ratio(o.get("cold_ms"), f.get("cold_ms")),
                ratio(p95(o, "uncached") or o.get("uncached_single_ms"), p95(d, "cached")),
                ratio(p95(o, "cached"), p95(d, "cached")),
                ratio(p95(o, "cached"), p95(f, "cached")),
                ratio(p95(o, "conditional"), p95(f, "conditional")))  # fmt: skip
        if r.get("area_misses"):
            add(f"\nArea pages for distinct areas, each once, production file cache (misses): "
                f"{fmt_run(r['area_misses'])}.")  # fmt: skip
        add(f"\nCSV of all findings ({m['findings']:,} rows):\n")
        row("server", "rows received", "MB", "seconds", "rows/s", "first byte s",
            "peak RSS MB (before)", "complete")  # fmt: skip
        row(*["---"] * 8)
        for who, c in r["csv"].items():
            done = "yes" if c.get("complete") else f"no: {c.get('error') or 'short'}"
            if (c.get("server_log") or {}).get("worker_timeouts"):
                done += " (gunicorn WORKER TIMEOUT)"
            row(who, f"{c['rows']:,}", f"{c['bytes'] / MB:.1f}", c["seconds"],
                f"{c['rows_per_second']:,}", c["first_byte_seconds"],
                f"{c['peak_rss_mb']} ({c['base_rss_mb']})", done)  # fmt: skip
        add(f"\nLoad, {results['args']['load_connections']} connections for "
            f"{results['args']['load_duration']} s, page cache cleared first:\n")  # fmt: skip
        row("mix", "requests", "req/s", "p50", "p95", "p99", "statuses", "socket errors",
            "errors", "server log")  # fmt: skip
        row(*["---"] * 10)
        for label, run_ in r.get("load_runs", {}).items():
            w = run_["wrk"] or {}
            e = w.get("errors", {})
            socket_errors = ", ".join(f"{k} {v}" for k, v in e.items() if v and k != "status")
            row(label, w.get("requests"), f"{w.get('rps', 0):.1f}", fmt_ms(w.get("p50_ms")),
                fmt_ms(w.get("p95_ms")), fmt_ms(w.get("p99_ms")), w.get("statuses"),
                socket_errors or "none", load_errors(w), run_.get("server_log"))  # fmt: skip
        noise = background_of(r)
        if noise:
            worst = max(noise, key=lambda item: item[1])
            add(f"\nOther processes on the machine used up to {worst[1]:.2f} cores during a "
                f"measured run ({worst[0]}).")  # fmt: skip
    return "\n".join(lines)


def md_cell(r) -> str:
    if not r:
        return "-"
    if not r["requests"]:
        return "none completed"
    return f"{fmt_ms(r['p50_ms'])} / {fmt_ms(r['p95_ms'])}, {r['rps']:.0f}/s"


# --- main -------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description="Benchmark pages against Datasette and a floor.")
    parser.add_argument("--quick", action="store_true", help="1x only, short runs")
    parser.add_argument("--scales", default="1,20", help="comma-separated scales (default 1,20)")
    parser.add_argument("--duration", type=int, default=8, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up per run")
    parser.add_argument("--load-duration", type=int, default=60)
    parser.add_argument("--load-connections", type=int, default=50)
    parser.add_argument("--page-timeout", type=float, default=35.0, help="seconds for one page")
    parser.add_argument(
        "--slow", type=float, default=2.0, help="a page slower than this is timed once, not loaded"
    )
    parser.add_argument("--csv-timeout", type=float, default=300.0)
    parser.add_argument(
        "--csv-query-rows", type=int, default=0, help="read only this many CSV rows when counting"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=0,
        help="before each run, wait up to this many seconds for other processes to go quiet",
    )
    parser.add_argument("--cache-url", help="CACHE_URL for our server (default: the file cache)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic databases")
    parser.add_argument("--report", type=Path, help="print the tables of a saved results file")
    parser.add_argument("--markdown", action="store_true", help="with --report: as Markdown")
    args = parser.parse_args()
    if args.report:
        saved = json.loads(args.report.read_text())
        if "load_runs" not in next(iter(saved["scales"].values())):
            print_tables(saved)  # fills in load_runs for older files
        if args.markdown:
            print(markdown(saved))
        else:
            print_tables(saved)
        return
    if args.quick:
        args.scales = "1"
        args.duration, args.warmup, args.load_duration = 3, 1, 15
    scales = [float(s) for s in args.scales.split(",")]

    ensure_tools()
    started = time.monotonic()
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": versions(),
        "args": vars(args),
        "scales": {},
    }
    say(f"Versions: {json.dumps({k: v for k, v in results['versions'].items() if k != 'uname'})}")
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    try:
        subprocess.run(
            [str(PY), "manage.py", "collectstatic", "--noinput", "-v0"],
            env=app_env(ROOT / "db.sqlite3", static_root, None), cwd=ROOT, check=True,
        )  # fmt: skip
        for scale in scales:
            results["scales"][scale_label(scale)] = bench_scale(scale, args, static_root)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    results["seconds"] = round(time.monotonic() - started)
    out = OUT / f"results-{'-'.join(results['scales'])}.json"
    out.write_text(json.dumps(results, indent=1, default=str))
    print_tables(results)
    say(f"\nAll figures: {out.relative_to(ROOT)}; took {results['seconds']} s")


if __name__ == "__main__":
    main()
