"""The results as tables: printed as the benchmark goes and at the end, or as Markdown for
docs/performance.md (run.py --report FILE [--markdown])."""

from common import CONNECTIONS, CSV_OURS, MB, PAGES, say
from measure import load_errors

PAGE_NAMES = [name for name, _, _ in PAGES] + ["csv"]


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
    for r in results["scales"].values():  # results written before load_runs existed
        if "load_runs" not in r and r.get("load"):
            r["load_runs"] = {
                "all pages": {"wrk": r["load"], "server_log": r.get("load_log_errors")}
            }
    say("\n================ Summary ================")
    say(f"Machine: {results['versions']['nproc']} cores, {results['versions']['mem_total']}; "
        f"{results['versions']['gunicorn']}; datasette {results['versions']['datasette']}; "
        f"{results['versions']['wrk']}")  # fmt: skip
    print_queries(results)
    for s, r in results["scales"].items():
        print_latency(s, r)
        print_ratios(s, r)
        print_csv(s, r)
        print_load(s, r)
    print_targets(results)


def print_queries(results: dict):
    scales = list(results["scales"])
    say("\nSQL queries per page (first request with the cache cleared / repeat / conditional)")
    say(f"{'page':12} " + " ".join(f"{s:>16}" for s in scales) + "  constant")
    for name in PAGE_NAMES:
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


def print_latency(s: str, r: dict):
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


def print_ratios(s: str, r: dict):
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
        say(f"Area pages, distinct areas (production cache misses): {fmt_run(r['area_misses'])}")


def print_csv(s: str, r: dict):
    say(f"\nCSV of all findings at {s} ({r['meta']['findings']} rows)")
    for who, c in r["csv"].items():
        say(f"  {who:10} {fmt_csv(c)}")
    ours_csv, ds_csv = r["csv"].get("ours"), r["csv"].get("datasette")
    if ours_csv and ds_csv:
        say(
            "  rows/s ours/datasette: "
            + ratio(ours_csv["rows_per_second"], ds_csv["rows_per_second"])
        )


def print_load(s: str, r: dict):
    for label, run_ in r.get("load_runs", {}).items():
        load = run_["wrk"]
        say(f"\nLoad at {s}, {label}: {fmt_run(load)}")
        if load:
            say(f"  p99 {fmt_ms(load['p99_ms'])} ms, max {fmt_ms(load['max_ms'])} ms; "
                f"statuses {load['statuses']}; socket errors {load['errors']}; "
                f"errors {load_errors(load)}; server log {run_['server_log']}")  # fmt: skip


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


def target(ok: bool, text: str):
    say(f"  [{'MET ' if ok else 'MISS'}] {text}")


def print_targets(results: dict):
    scales = list(results["scales"])
    top = results["scales"][scales[-1]]
    say(f"\nTargets at {scales[-1]}")
    if len(scales) > 1:
        query_targets(results)
    for name, row in top["pages"].items():
        page_targets(name, row)
    ours_csv, ds_csv = top["csv"].get("ours"), top["csv"].get("datasette")
    if ours_csv and ds_csv:
        fast = ours_csv["complete"] and ours_csv["rows_per_second"] >= 2 * ds_csv["rows_per_second"]
        target(fast, f"CSV: {ours_csv['rows_per_second']} rows/s vs Datasette "
               f"{ds_csv['rows_per_second']} (target x2); complete: "
               f"{ours_csv['complete']}")  # fmt: skip
        target(ours_csv["peak_rss_mb"] < 150, f"CSV: peak RSS {ours_csv['peak_rss_mb']} MB (< 150)")
    for label, run_ in top.get("load_runs", {}).items():
        errors = load_errors(run_["wrk"])
        requests = (run_["wrk"] or {}).get("requests")
        target(errors == 0, f"Load, {label}: {errors} errors in {requests} requests")


def query_targets(results: dict):
    """Each page makes as many queries at the largest scale as at the smallest."""
    scales = list(results["scales"])
    low, top = results["scales"][scales[0]], results["scales"][scales[-1]]
    for name in PAGE_NAMES:
        url_low = CSV_OURS if name == "csv" else low["addresses"][name]["ours"]
        url_top = CSV_OURS if name == "csv" else top["addresses"][name]["ours"]
        a, b = low["queries"].get(url_low), top["queries"].get(url_top)
        if a and b and ("error" in a or "error" in b):
            target(False, f"{name}: queries not counted: {a.get('error') or b.get('error')}")
        elif a and b:
            same = (a["uncached"]["queries"], a["uncached"]["status"]) == (
                b["uncached"]["queries"],
                b["uncached"]["status"],
            ) and a["uncached"]["status"] == 200
            target(same, f"{name}: queries {a['uncached']['queries']} at {scales[0]}, "
                   f"{b['uncached']['queries']} at {scales[-1]} "
                   f"(HTTP {a['uncached']['status']}/{b['uncached']['status']})")  # fmt: skip


def page_targets(name: str, row: dict):
    o, d, f = row["ours"], row["datasette"], row["floor"]
    if o.get("state") != "ok":
        target(False, f"{name}: {o.get('state')}")
        return
    c, fl = p95(o, "cached"), p95(f, "cached")
    target(bool(c and fl and c <= 3 * fl), f"{name}: cached p95 {fmt_ms(c)} ms vs floor "
           f"{fmt_ms(fl)} ms (x{ratio(c, fl)}; target <= 3)")  # fmt: skip
    if o.get("conditional"):
        c, fl = p95(o, "conditional"), p95(f, "conditional")
        target(bool(c and fl and c <= 1.2 * fl), f"{name}: conditional p95 {fmt_ms(c)} ms vs "
               f"floor {fmt_ms(fl)} ms (x{ratio(c, fl)}; target <= 1.2)")  # fmt: skip
    else:
        target(False, f"{name}: no ETag, no conditional GET")
    if name in ("area", "compare", "filtered"):
        u = p95(o, "uncached") or o.get("uncached_single_ms")
        dd = p95(d, "cached")
        target(bool(u and dd and u <= dd / 2), f"{name}: uncached p95 {fmt_ms(u)} ms vs "
               f"Datasette {fmt_ms(dd)} ms (x{ratio(u, dd)}; target <= 0.5)")  # fmt: skip


class Markdown:
    """Lines of Markdown, some of them table rows."""

    def __init__(self):
        self.lines = []

    def add(self, text: str):
        self.lines.append(text)

    def row(self, *cells):
        self.add("| " + " | ".join(str(c) for c in cells) + " |")


def markdown(results: dict) -> str:
    """The figures as Markdown tables, for docs/performance.md."""
    md = Markdown()
    md_queries(md, results)
    for s, r in results["scales"].items():
        m = r["meta"]
        md.add(f"\n### {s}: {m['areas']:,} areas, {m['inspections']:,} inspections, "
               f"{m['findings']:,} findings\n")  # fmt: skip
        md_latency(md, r, results["args"])
        md_ratios(md, r)
        md_csv(md, r)
        md_load(md, r, results["args"])
    return "\n".join(md.lines)


def md_queries(md: Markdown, results: dict):
    scales = list(results["scales"])
    md.add("### SQL queries per page\n")
    md.add("First request with the page cache cleared / repeat (cached) / conditional GET.\n")
    md.row("page", *scales)
    md.row(*["---"] * (len(scales) + 1))
    for name in PAGE_NAMES:
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
        md.row(name, *cells)


def md_latency(md: Markdown, r: dict, args: dict):
    md.add("Milliseconds. Cold: one request after a server start. Others: wrk, 4 connections, "
           f"{args['duration']} s after {args['warmup']} s of warm-up; "
           "p50 / p95 and requests per second.\n")  # fmt: skip
    md.row("page", "KB", "ours cold", "Datasette cold", "floor cold", "ours uncached",
           "ours cached", "Datasette", "floor", "ours 304", "floor 304")  # fmt: skip
    md.row(*["---"] * 11)
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
        md.row(name, round(o["bytes"] / 1024) if o.get("bytes") else "-",
               fmt_ms(o.get("cold_ms")), fmt_ms(d.get("cold_ms")), fmt_ms(f.get("cold_ms")),
               uncached, md_cell(o.get("cached")), dcell, md_cell(f.get("cached")),
               md_cell(o.get("conditional")), md_cell(f.get("conditional")))  # fmt: skip


def md_ratios(md: Markdown, r: dict):
    md.add("\nRatios (p95, except cold; below 1 means ours is faster):\n")
    md.row("page", "cold ours/Datasette", "cold ours/floor", "uncached ours/Datasette",
           "cached ours/Datasette", "cached ours/floor", "304 ours/floor")  # fmt: skip
    md.row(*["---"] * 7)
    for name, e in r["pages"].items():
        o, d, f = e["ours"], e["datasette"], e["floor"]
        md.row(name, ratio(o.get("cold_ms"), d.get("cold_ms")),
               ratio(o.get("cold_ms"), f.get("cold_ms")),
               ratio(p95(o, "uncached") or o.get("uncached_single_ms"), p95(d, "cached")),
               ratio(p95(o, "cached"), p95(d, "cached")),
               ratio(p95(o, "cached"), p95(f, "cached")),
               ratio(p95(o, "conditional"), p95(f, "conditional")))  # fmt: skip
    if r.get("area_misses"):
        md.add(f"\nArea pages for distinct areas, each once, production file cache (misses): "
               f"{fmt_run(r['area_misses'])}.")  # fmt: skip


def md_csv(md: Markdown, r: dict):
    md.add(f"\nCSV of all findings ({r['meta']['findings']:,} rows):\n")
    md.row("server", "rows received", "MB", "seconds", "rows/s", "first byte s",
           "peak RSS MB (before)", "complete")  # fmt: skip
    md.row(*["---"] * 8)
    for who, c in r["csv"].items():
        done = "yes" if c.get("complete") else f"no: {c.get('error') or 'short'}"
        if (c.get("server_log") or {}).get("worker_timeouts"):
            done += " (gunicorn WORKER TIMEOUT)"
        md.row(who, f"{c['rows']:,}", f"{c['bytes'] / MB:.1f}", c["seconds"],
               f"{c['rows_per_second']:,}", c["first_byte_seconds"],
               f"{c['peak_rss_mb']} ({c['base_rss_mb']})", done)  # fmt: skip


def md_load(md: Markdown, r: dict, args: dict):
    md.add(f"\nLoad, {args['load_connections']} connections for "
           f"{args['load_duration']} s, page cache cleared first:\n")  # fmt: skip
    md.row("mix", "requests", "req/s", "p50", "p95", "p99", "statuses", "socket errors",
           "errors", "server log")  # fmt: skip
    md.row(*["---"] * 10)
    for label, run_ in r.get("load_runs", {}).items():
        w = run_["wrk"] or {}
        e = w.get("errors", {})
        socket_errors = ", ".join(f"{k} {v}" for k, v in e.items() if v and k != "status")
        md.row(label, w.get("requests"), f"{w.get('rps', 0):.1f}", fmt_ms(w.get("p50_ms")),
               fmt_ms(w.get("p95_ms")), fmt_ms(w.get("p99_ms")), w.get("statuses"),
               socket_errors or "none", load_errors(w), run_.get("server_log"))  # fmt: skip
    noise = background_of(r)
    if noise:
        worst = max(noise, key=lambda item: item[1])
        md.add(f"\nOther processes on the machine used up to {worst[1]:.2f} cores during a "
               f"measured run ({worst[0]}).")  # fmt: skip


def md_cell(r) -> str:
    if not r:
        return "-"
    if not r["requests"]:
        return "none completed"
    return f"{fmt_ms(r['p50_ms'])} / {fmt_ms(r['p95_ms'])}, {r['rps']:.0f}/s"
