"""The benchmark: our pages under gunicorn against Datasette and a static floor, at 1x and 20x.

    .venv/bin/python bench/run.py            # 1x and 20x: about 30 minutes, plus the 20x bake
    .venv/bin/python bench/run.py --quick    # 1x only, short runs: about 5 minutes

For each scale it builds (or reuses) a synthetic SQLite database (bench/synthetic.py), then:

- counts SQL queries per page with the Django test client (first request, repeat, conditional);
- bakes the bounded pages (`manage.py bake --if-stale`, when the checkout has it) and serves the
  database as deployed ("ours"): gunicorn with send_inspections/gunicorn.py's settings (worker
  class, threads) but 2 workers, debug off, collected static files, the baked pages, the
  default page cache;
- serves the same file with Datasette (its own venv, bench/.venv-datasette; uvicorn, 2 workers,
  immutable) for the equivalent views, and our pages' HTML bytes as static files through
  WhiteNoise under the same gunicorn settings (the floor);
- times each page with wrk, 4 connections: cold (first request after a server start, page cache
  cleared), uncached (the same server with CACHE_URL=dummy:// and no bake, so every request
  renders), cached (repeats) and conditional GETs (If-None-Match with the page's ETag);
- downloads the CSV of all findings from us and from Datasette (rows per second, peak RSS of the
  serving process, sampled from /proc);
- runs 50 clients for 60 seconds on a mix of pages and downloads (a filtered CSV, JSON twins)
  with 50 slow connections alongside (headers one byte a second), and counts errors.

Pages are baked (home, area, outcomes, the default comparison: what the bake writes) or
dynamic (rendered per request and cached: inspections, filtered and searched findings, a
comparison of three areas); tables.py judges each against the issue's targets.

It prints tables and writes every figure to bench/out/results-<scales>.json. It is not a test:
it passes or fails nothing, it reports.

The work is split by what it does: common.py (paths, pins, the pages), servers.py, measure.py,
phases.py (one scale, phase by phase) and tables.py (the printed and Markdown tables).
"""

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from common import (
    BENCH,
    DATASETTE_PIN,
    DS_VENV,
    GUNICORN,
    GUNICORN_PIN,
    OUT,
    PAGES,
    PY,
    ROOT,
    app_env,
    clean_env,
    run,
    say,
    scale_label,
)
from phases import run_scale
from tables import markdown, print_tables

# --- tools ------------------------------------------------------------------------------------


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
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
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
        "json_area": [f"/areas/{s}/?format=json" for s in slugs],
        "compare": ["/compare/?" + urlencode([("area", s) for s in t]) for t in triples],
        "filtered": [
            "/findings/?" + urlencode({"kind": k, "theme": t, **({"region": r} if r else {})})
            for k, t, r in filters
        ],
    }
    return {"pages": pages, "rotations": rotations}


def bench_scale(scale: float, args, static_root: Path) -> dict:
    say(f"\n######## {scale_label(scale)} ########")
    db, meta = ensure_database(scale, args.rebuild)
    return run_scale(scale, args, static_root, db, meta, addresses(db, meta))


# --- main -------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description="Benchmark pages against Datasette and a floor.")
    parser.add_argument("--quick", action="store_true", help="1x only, short runs")
    parser.add_argument("--scales", default="1,20", help="comma-separated scales (default 1,20)")
    parser.add_argument("--duration", type=int, default=8, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up per run")
    parser.add_argument("--load-duration", type=int, default=60)
    parser.add_argument("--load-connections", type=int, default=50)
    parser.add_argument(
        "--slow-clients", type=int, default=50, help="slow connections alongside the load"
    )
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
    parser.add_argument(
        "--bake-scales",
        help="bake only at these comma-separated scales (default every scale); at 20x the bake "
        "renders some 18,000 pages",
    )
    parser.add_argument(
        "--no-max-requests",
        action="store_true",
        help="gunicorn workers never restart (max_requests 0), unlike the production settings",
    )
    parser.add_argument("--cache-url", help="CACHE_URL for our server (default: the file cache)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic databases")
    parser.add_argument("--report", type=Path, help="print the tables of a saved results file")
    parser.add_argument("--markdown", action="store_true", help="with --report: as Markdown")
    return parser.parse_args()


def main():
    args = parse_args()
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
    if args.bake_scales is not None:
        args.bake_scales = [float(s) for s in args.bake_scales.split(",") if s]
    measure_all(args, [float(s) for s in args.scales.split(",")])


def measure_all(args, scales: list[float]):
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
            env=app_env(ROOT / "db.sqlite3", static_root, None, None), cwd=ROOT, check=True,
        )  # fmt: skip
        out = OUT / f"results-{'-'.join(scale_label(s) for s in scales)}.json"
        for scale in scales:
            results["scales"][scale_label(scale)] = bench_scale(scale, args, static_root)
            # Written after each scale too, so a run stopped at 20x keeps its 1x figures.
            results["seconds"] = round(time.monotonic() - started)
            out.write_text(json.dumps(results, indent=1, default=str))
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    print_tables(results)
    say(f"\nAll figures: {out.relative_to(ROOT)}; took {results['seconds']} s")


if __name__ == "__main__":
    main()
