"""One scale of the benchmark, phase by phase: queries per page; our pages cached and
conditional; cold starts; uncached; Datasette; the floor; the CSV download; the load."""

import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import (
    BAKE_COMMAND,
    BENCH,
    CSV_DATASETTE,
    CSV_OURS,
    DOWNLOADS,
    DS_VENV,
    GUNICORN_CONFIG,
    OUT,
    PY,
    ROOT,
    UNCACHED_TARGETS,
    WORKERS,
    app_env,
    clean_env,
    say,
    scale_label,
)
from measure import (
    Background,
    SlowClients,
    clear_page_cache,
    count_queries,
    download,
    fetch,
    load_errors,
    log_errors,
    probe_state,
    timed_run,
    wrk,
)
from servers import Server, gunicorn_argv
from tables import fmt_csv, fmt_ms, fmt_run, fmt_slow


@dataclass
class ScaleRun:
    """What every phase at one scale shares: the addresses, the servers, the results so far."""

    args: object
    meta: dict
    pages: dict
    rotations: dict
    prod_env: dict
    ours: Server
    uncached: Server
    datasette: Server
    floor: Server
    floor_dir: Path
    baked_root: Path | None
    result: dict

    def page(self, name: str, who: str) -> dict:
        return self.result["pages"][name][who]


def run_scale(scale: float, args, static_root: Path, db: Path, meta: dict, where: dict) -> dict:
    """Every phase at one scale, on the database built for it; the figures."""
    run = start_scale(scale, args, static_root, db, meta, where)
    count_page_queries(run)
    bake_pages(run)
    ours_cached(run)
    cold_starts(run)
    ours_uncached(run)
    datasette_runs(run)
    floor_runs(run)
    shutil.rmtree(run.floor_dir, ignore_errors=True)
    csv_downloads(run)
    load_runs(run)
    return run.result


def start_scale(scale, args, static_root: Path, db: Path, meta: dict, where: dict) -> ScaleRun:
    """The servers for one scale (not started yet) and an empty result."""
    label = scale_label(scale)
    pages = where["pages"]
    logs = OUT / "logs" / label
    shutil.rmtree(logs, ignore_errors=True)
    # Ours as deployed: the pages baked (when this checkout can bake) and the production
    # gunicorn settings. Uncached: no bake and a cache that keeps nothing, so every page renders.
    bakes = BAKE_COMMAND.exists() and (args.bake_scales is None or scale in args.bake_scales)
    baked_root = OUT / label / "baked" if bakes else None
    prod_env = app_env(db, static_root, args.cache_url, baked_root)
    dummy_env = app_env(db, static_root, "dummy://", None)
    # --no-max-requests: workers never restart, to see the steady state (not as deployed).
    extra = ["--max-requests", "0"] if args.no_max_requests else []
    app = gunicorn_argv("send_inspections.wsgi", extra, GUNICORN_CONFIG)
    ours = Server("ours", app, prod_env, ROOT, logs / "ours.log")
    uncached = Server("ours-uncached", app, dummy_env, ROOT, logs / "ours-uncached.log")
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
        # The same gunicorn settings as ours, so the floor differs from ours by Django alone.
        gunicorn_argv("floor_app:application", ["--chdir", str(BENCH), *extra], GUNICORN_CONFIG),
        clean_env() | {"BENCH_FLOOR_DIR": str(floor_dir)},
        BENCH,
        logs / "floor.log",
    )
    result = {"scale": scale, "meta": {k: v for k, v in meta.items() if k != "area_slugs"}}
    result["addresses"] = pages
    result["pages"] = {name: {"ours": {}, "datasette": {}, "floor": {}} for name in pages}
    return ScaleRun(
        args, meta, pages, where["rotations"], prod_env, ours, uncached, datasette, floor,
        floor_dir, baked_root, result,
    )  # fmt: skip


def count_page_queries(run: ScaleRun):
    """1. Queries per page, with the Django test client against the same file."""
    say("Counting queries ...")
    args = run.args
    urls = [p["ours"] for p in run.pages.values()] + [CSV_OURS]
    run.result["queries"] = count_queries(
        run.prod_env, urls[:-1], args.page_timeout * 2 + 10, 0
    ) | count_queries(run.prod_env, urls[-1:], args.csv_timeout * 2, args.csv_query_rows)
    for url, q in run.result["queries"].items():
        if "error" in q:
            say(f"  {url[:60]:60} {q['error']}")
            continue
        cond = q["conditional"]["queries"] if q["conditional"] else "-"
        say(
            f"  {url[:60]:60} {q['uncached']['status']} uncached {q['uncached']['queries']:>3}"
            f"  cached {q['cached']['queries']:>3}  conditional {cond}"
        )


def bake_pages(run: ScaleRun):
    """1b. `manage.py bake` with the server's environment, as `make serve` runs it."""
    if not BAKE_COMMAND.exists():
        run.result["bake"] = {"available": False}
        say("Bake: manage.py bake is not in this checkout; every page is rendered, as before.")
        return
    if run.baked_root is None:
        run.result["bake"] = {"available": True, "skipped": True}
        say("Bake: not at this scale (--bake-scales); every page is rendered.")
        return
    say("Baking the bounded pages (manage.py bake --if-stale, the server's environment) ...")
    started = time.monotonic()
    done = subprocess.run(
        [str(PY), "manage.py", "bake", "--if-stale"], env=run.prod_env, cwd=ROOT, text=True,
        capture_output=True, timeout=3 * 3600,
    )  # fmt: skip
    lines = (done.stdout + done.stderr).strip().splitlines() or [""]
    run.result["bake"] = {
        "available": True,
        "ok": done.returncode == 0,
        "seconds": round(time.monotonic() - started, 1),
        "said": lines[-1][:300],
    }
    say(f"  {run.result['bake']['said']} ({run.result['bake']['seconds']} s)")


def served_from(run: ScaleRun, path: str, etag: str | None) -> str:
    """ "baked" when the response is the baked file (its ETag is the file's mtime and size)."""
    if run.baked_root is None or "?" in path or not etag:
        return "django"
    try:
        stat = (run.baked_root / "current" / path.lstrip("/") / "index.html").stat()
    except OSError:
        return "django"
    return "baked" if etag == f'"{int(stat.st_mtime):x}-{stat.st_size:x}"' else "django"


def one_at_a_time(server: Server, path: str, args, times: int = 3) -> float:
    """The median of `times` requests one after another, in ms: for a page too slow to load
    under 4 connections, and its counterpart on the other server, so the two compare alike."""
    seconds = [fetch(server.port, path, timeout=args.page_timeout)["seconds"] for _ in range(times)]
    server.wait_idle()
    return round(statistics.median(seconds) * 1000, 1)


def ours_cached(run: ScaleRun):
    """2. Ours, production configuration: probe, capture the floor's bytes, cached,
    conditional; then cache misses."""
    say("Ours (gunicorn, production settings): probe, cached and conditional runs ...")
    clear_page_cache(run.prod_env)
    with run.ours:
        run.result["server"] = {"worker": run.ours.worker_class()}
        say(f"  gunicorn worker: {run.result['server']['worker']}")
        for name, page in run.pages.items():
            ours_cached_page(run, name, page["ours"])
        # Cache misses in the production cache: distinct areas, each requested once.
        say("  area misses (distinct areas, production cache, each once) ...")
        clear_page_cache(run.prod_env)
        run.result["area_misses"] = wrk(
            run.ours.port, "/", duration=run.args.duration, paths=run.rotations["area"],
            once=True, count_status=True,
        )  # fmt: skip
        run.ours.wait_idle()
        say(f"  area misses  {fmt_run(run.result['area_misses'])}")


def ours_cached_page(run: ScaleRun, name: str, path: str):
    ours, mine = run.ours, run.page(name, "ours")
    probe = fetch(ours.port, path, timeout=run.args.page_timeout)
    mine["state"] = probe_state(probe)
    mine["probe_seconds"] = round(probe["seconds"], 3)
    if probe.get("status") is None:  # stuck workers: start afresh
        ours.restart()
    if mine["state"] != "ok":
        say(f"  {name:15} {mine['state']}")
        return
    mine["bytes"] = probe["bytes"]
    etag = probe["headers"].get("etag")
    mine["etag"] = bool(etag)
    mine["served"] = served_from(run, path, etag)
    (run.floor_dir / f"{name}.html").write_bytes(probe["body"])
    mine["cached"] = timed_run(ours, path, run.args)
    if etag:
        check = fetch(ours.port, path, headers={"If-None-Match": etag})
        mine["conditional_status"] = check["status"]
        mine["conditional"] = timed_run(
            ours, path, run.args, headers=[f"If-None-Match: {etag}"], count_status=True
        )
    say(f"  {name:15} [{mine['served']}] {fmt_run(mine.get('cached'))}   conditional "
        f"{fmt_run(mine.get('conditional'))}")  # fmt: skip


def cold_starts(run: ScaleRun):
    """3. Cold: first request after a server start (page cache cleared), each page on its own."""
    say("Cold: first request after a server start ...")
    for name, page in run.pages.items():
        for who, server, path in (
            ("ours", run.ours, page["ours"]),
            ("datasette", run.datasette, page["datasette"]),
            ("floor", run.floor, f"/{name}.html"),
        ):
            entry = run.page(name, who)
            if who != "datasette" and run.page(name, "ours")["state"] != "ok":
                continue
            if who == "ours":
                clear_page_cache(run.prod_env)
            with server:
                first = fetch(server.port, path, timeout=run.args.page_timeout)
            entry["cold_ms"] = round(first["seconds"] * 1000, 1) if first["status"] else None
            entry["cold_status"] = first.get("status") or first.get("error")
        row = run.result["pages"][name]
        say(f"  {name:15} ours {fmt_ms(row['ours'].get('cold_ms'))}  datasette "
            f"{fmt_ms(row['datasette'].get('cold_ms'))}  floor "
            f"{fmt_ms(row['floor'].get('cold_ms'))}")  # fmt: skip


def ours_uncached(run: ScaleRun):
    """4. Uncached: the same server with a cache that keeps nothing, so every request renders."""
    say("Ours uncached (CACHE_URL=dummy://, no bake: every request renders) ...")
    uncached = run.uncached
    with uncached:
        for name, page in run.pages.items():
            mine = run.page(name, "ours")
            if mine["state"] != "ok":
                continue
            probe = fetch(uncached.port, page["ours"], timeout=run.args.page_timeout)
            if probe["status"] != 200:
                mine["uncached_note"] = probe_state(probe)
                uncached.restart()
            elif probe["seconds"] > run.args.slow:
                mine["one_at_a_time_ms"] = one_at_a_time(uncached, page["ours"], run.args)
                mine["uncached_single_ms"] = mine["one_at_a_time_ms"]
                mine["uncached_note"] = f"one at a time {fmt_ms(mine['one_at_a_time_ms'])} ms"
            else:
                mine["uncached"] = timed_run(uncached, page["ours"], run.args)
                if name in UNCACHED_TARGETS:  # in case Datasette's is too slow to load
                    mine["one_at_a_time_ms"] = one_at_a_time(uncached, page["ours"], run.args)
            say(f"  {name:15} {mine.get('uncached_note') or fmt_run(mine.get('uncached'))}")


def datasette_runs(run: ScaleRun):
    """5. Datasette, the same file, the equivalent views."""
    say("Datasette (uvicorn, 2 workers, immutable) ...")
    datasette = run.datasette
    with datasette:
        for name, page in run.pages.items():
            theirs = run.page(name, "datasette")
            probe = fetch(datasette.port, page["datasette"], timeout=run.args.page_timeout)
            theirs["state"] = probe_state(probe)
            theirs["probe_seconds"] = round(probe["seconds"], 3)
            if probe.get("status") is None:
                datasette.restart()
                continue
            theirs["bytes"] = probe["bytes"]
            if probe["seconds"] > run.args.slow:
                theirs["one_at_a_time_ms"] = one_at_a_time(datasette, page["datasette"], run.args)
                theirs["note"] = f"one at a time {fmt_ms(theirs['one_at_a_time_ms'])} ms"
            else:
                theirs["cached"] = timed_run(datasette, page["datasette"], run.args)
                if name in UNCACHED_TARGETS:  # in case ours is too slow to load
                    theirs["one_at_a_time_ms"] = one_at_a_time(
                        datasette, page["datasette"], run.args
                    )
            say(
                f"  {name:15} [{theirs['state']}] "
                f"{theirs.get('note') or fmt_run(theirs.get('cached'))}"
            )


def floor_runs(run: ScaleRun):
    """6. The floor: the same bytes as static files through WhiteNoise."""
    say("Floor (our HTML as static files, WhiteNoise under gunicorn) ...")
    floor = run.floor
    with floor:
        for name in run.pages:
            static = run.page(name, "floor")
            if not (run.floor_dir / f"{name}.html").exists():
                continue
            path = f"/{name}.html"
            probe = fetch(floor.port, path)
            static["cached"] = timed_run(floor, path, run.args)
            etag = probe["headers"].get("etag")
            if etag:
                static["conditional"] = timed_run(
                    floor, path, run.args, headers=[f"If-None-Match: {etag}"], count_status=True
                )
            say(f"  {name:15} {fmt_run(static.get('cached'))}   conditional "
                f"{fmt_run(static.get('conditional'))}")  # fmt: skip


def csv_downloads(run: ScaleRun):
    """7. CSV of all findings, ours and Datasette's."""
    say("CSV export of all findings ...")
    csv = run.result["csv"] = {}
    clear_page_cache(run.prod_env)
    with run.ours:
        log_start = run.ours.log.stat().st_size
        csv["ours"] = download(run.ours, CSV_OURS, run.args.csv_timeout)
        run.ours.wait_idle()
        csv["ours"]["server_log"] = log_errors(run.ours.log, log_start)
    with run.datasette:
        csv["datasette"] = download(run.datasette, CSV_DATASETTE, run.args.csv_timeout)
    for who, r in csv.items():
        r["complete"] = r["rows"] == run.meta["findings"]
        say(f"  {who:10} {fmt_csv(r)}")


def load_runs(run: ScaleRun):
    """8. Load: 50 clients for a minute on a mix of pages (cache cleared first). When a page is
    too slow to render under load, a second run leaves it out, to show what the rest does."""
    result = run.result
    mix = load_mix(result["pages"], run.pages, run.rotations)
    slow = [
        name
        for name, row in result["pages"].items()
        if row["ours"].get("uncached_note") or row["ours"]["state"].startswith("no response")
    ]
    result["load_runs"] = {
        "all pages and downloads": load_run(run.ours, run.prod_env, mix, run.args)
    }
    if slow:
        rest = [(name, path) for name, path in mix if name not in slow]
        result["load_runs"][f"without {', '.join(slow)}"] = load_run(
            run.ours, run.prod_env, rest, run.args
        )
    result["load"] = result["load_runs"]["all pages and downloads"]["wrk"]


def load_run(ours: Server, env: dict, mix: list[tuple[str, str]], args) -> dict:
    names = sorted({name for name, _ in mix})
    say(f"Load: {args.load_connections} clients for {args.load_duration}s on {', '.join(names)}; "
        f"{args.slow_clients} slow connections alongside")  # fmt: skip
    clear_page_cache(env)
    with ours:
        log_start = ours.log.stat().st_size
        with Background() as background, SlowClients(ours.port, args.slow_clients) as slow:
            run_result = wrk(
                ours.port, "/", duration=args.load_duration, connections=args.load_connections,
                paths=[path for _, path in mix], count_status=True,
            )  # fmt: skip
        if run_result:
            run_result["background_cores"] = round(background.cores, 2)
        ours.wait_idle()
        logged = log_errors(ours.log, log_start)
    held = slow.summary()
    say(f"  {fmt_run(run_result)}  errors {load_errors(run_result)} in "
        f"{(run_result or {}).get('requests')} requests; server log {logged}; slow connections "
        f"{fmt_slow(held)}")  # fmt: skip
    return {"pages": names, "wrk": run_result, "server_log": logged, "slow_clients": held}


def load_mix(results, pages, rotations) -> list[tuple[str, str]]:
    """Every page that exists (not 404, not failing on its own) and the downloads (a filtered
    CSV, JSON twins), distinct addresses rotating."""
    usable = [
        name
        for name, row in results.items()
        if row["ours"]["state"] == "ok" or row["ours"]["state"].startswith("no response")
    ]
    fixed = dict(DOWNLOADS)
    usable += [*fixed, "json_area"]
    pages = {**pages, **{name: {"ours": path} for name, path in fixed.items()}}
    mix = []
    for n in range(300):
        for name in usable:
            if name in rotations:
                items = rotations[name]
                mix.append((name, items[n % len(items)]))
            else:
                mix.append((name, pages[name]["ours"]))
    return mix
