"""The results as tables: printed as the benchmark goes and at the end, or as Markdown for
docs/performance.md (run.py --report FILE [--markdown])."""

from common import BAKED, CONNECTIONS, CSV_OURS, MB, PAGES, UNCACHED_TARGETS, say
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
        f"{results['versions']['wrk']}; load average at the start "
        f"{results['versions'].get('load_average_at_start', '-')}")  # fmt: skip
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
    say(f"{'page':15} " + " ".join(f"{s:>16}" for s in scales) + "  constant")
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
        say(f"{name:15} " + " ".join(cells) + f"  {constant}")


def print_latency(s: str, r: dict):
    say(f"\nLatency at {s} (ms; wrk, {CONNECTIONS} connections; p50/p95, requests/s)")
    noise = background_of(r)
    if noise:
        worst = max(noise, key=lambda item: item[1])
        say(f"Other processes used up to {worst[1]:.2f} cores during a run ({worst[0]}); "
            f"median {sorted(c for _, c in noise)[len(noise) // 2]:.2f}. "
            "Above about 0.3 the figures are disturbed.")  # fmt: skip
    header = (
        f"{'page':15} {'state':>14} {'ours cold':>9} {'ds cold':>8} {'floor cold':>10}"
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
            f"{name:15} {served(name, o)[:14]:>14} {fmt_ms(o.get('cold_ms')):>9}"
            f" {fmt_ms(d.get('cold_ms')):>8} {fmt_ms(f.get('cold_ms')):>10}"
            f" | {uncached[:22]:>22} | {cell(o.get('cached')):>20}"
            f" | {dcell[:22]:>22} | {cell(f.get('cached')):>20} | {cond:>18}"
        )


def print_ratios(s: str, r: dict):
    say(f"\nRatios at {s} (p95 unless cold; below 1 means ours is faster)")
    say(
        f"{'page':15} {'cold o/ds':>9} {'cold o/fl':>9} {'uncached o/ds':>13}"
        f" {'cached o/ds':>11} {'cached o/fl':>11} {'304 o/fl':>9}"
    )
    for name, row in r["pages"].items():
        o, d, f = row["ours"], row["datasette"], row["floor"]
        say(
            f"{name:15} {ratio(o.get('cold_ms'), d.get('cold_ms')):>9}"
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


def fmt_slow(held: dict | None) -> str:
    if not held:
        return "-"
    return (
        f"{held['held_mean']:g} of {held['target']} open on average (at least "
        f"{held['held_min']}); {held['opened']} opened, {held['closed_by_server']} closed by the "
        f"server, {held['refused']} refused"
    )


def served(name: str, o: dict) -> str:
    """A page's state with what answered it: "baked" (the file), "django", "dynamic"."""
    if o.get("state") != "ok":
        return o.get("state", "-")
    if name not in BAKED:
        return "dynamic"
    return o.get("served", "django")


def verdicts(results: dict) -> list[tuple[bool | None, str, str]]:
    """(met, target, result) for each of the issue's targets, judged at the largest scale;
    met is None for a figure given without a target."""
    scales = list(results["scales"])
    top = results["scales"][scales[-1]]
    found = bake_verdicts(results)
    if len(scales) > 1:
        found += query_verdicts(results)
    # Baked pages are judged at the largest scale that was baked (a baked file costs the same
    # at any scale: the pages are as big at 1x as at 20x), the rest at the largest scale.
    baked_at = [s for s in scales if (results["scales"][s].get("bake") or {}).get("ok")]
    for name, row in top["pages"].items():
        at = baked_at[-1] if name in BAKED and baked_at else scales[-1]
        suffix = f", at {at}" if at != scales[-1] else ""
        judged = floor_verdicts(name, results["scales"][at]["pages"][name])
        found += [(ok, label + suffix, text) for ok, label, text in judged]
        if name in UNCACHED_TARGETS and row["ours"].get("state") == "ok":
            found.append(uncached_verdict(name, row))
    return found + csv_and_load_verdicts(top)


def bake_verdicts(results: dict) -> list:
    found = []
    top = results["scales"][list(results["scales"])[-1]]
    if not (top.get("bake") or {}).get("available"):
        missing = "manage.py bake is not in this checkout (the bake branch is not merged)"
        found.append((False, "Bounded pages baked", f"{missing}: baked pages rendered by Django"))
    for s, r in results["scales"].items():
        done = r.get("bake") or {}
        if done.get("skipped"):
            found.append((None, f"Bounded pages baked at {s}", "not baked in this run "
                          "(--bake-scales): every page rendered by Django"))  # fmt: skip
        elif done.get("available"):
            said = (done.get("said") or "").split(", in /")[0]  # not the folder's path
            found.append((bool(done.get("ok")), f"Bounded pages baked at {s}", said))
    return found


def csv_and_load_verdicts(top: dict) -> list:
    found = []
    ours_csv, ds_csv = top["csv"].get("ours"), top["csv"].get("datasette")
    if ours_csv and ds_csv:
        fast = ours_csv["complete"] and ours_csv["rows_per_second"] >= 2 * ds_csv["rows_per_second"]
        found.append((fast, "CSV of all findings at least 2x Datasette's rows/s",
                      f"{ours_csv['rows_per_second']:,} rows/s vs {ds_csv['rows_per_second']:,}; "
                      f"complete: {ours_csv['complete']}"))  # fmt: skip
        found.append((ours_csv["peak_rss_mb"] < 150, "CSV peak memory under 150 MB",
                      f"{ours_csv['peak_rss_mb']} MB"))  # fmt: skip
    for label, run_ in top.get("load_runs", {}).items():
        w = run_["wrk"] or {}
        errors, slow = load_errors(run_["wrk"]), run_.get("slow_clients")
        text = f"{errors} errors in {w.get('requests')} requests ({w.get('rps', 0):.0f}/s)"
        if slow:
            text += f"; slow connections: {fmt_slow(slow)}"
        found.append((errors == 0, f"Load ({label}), 0 errors", text))
    return found


def target(ok: bool | None, text: str):
    mark = "    " if ok is None else "MET " if ok else "MISS"
    say(f"  [{mark}] {text}")


def print_targets(results: dict):
    say(f"\nTargets at {list(results['scales'])[-1]}")
    for ok, label, result in verdicts(results):
        target(ok, f"{label}: {result}")


def query_verdicts(results: dict) -> list:
    """Each page makes as many queries at the largest scale as at the smallest."""
    scales = list(results["scales"])
    low, top = results["scales"][scales[0]], results["scales"][scales[-1]]
    found = []
    for name in PAGE_NAMES:
        url_low = CSV_OURS if name == "csv" else low["addresses"][name]["ours"]
        url_top = CSV_OURS if name == "csv" else top["addresses"][name]["ours"]
        a, b = low["queries"].get(url_low), top["queries"].get(url_top)
        label = f"{name}: queries constant"
        if a and b and ("error" in a or "error" in b):
            found.append((False, label, f"not counted: {a.get('error') or b.get('error')}"))
        elif a and b:
            same = (a["uncached"]["queries"], a["uncached"]["status"]) == (
                b["uncached"]["queries"],
                b["uncached"]["status"],
            ) and a["uncached"]["status"] == 200
            statuses = f"HTTP {a['uncached']['status']}/{b['uncached']['status']}"
            found.append((same, label, f"{a['uncached']['queries']} at {scales[0]}, "
                          f"{b['uncached']['queries']} at {scales[-1]} ({statuses})"))  # fmt: skip
    return found


def against(ours, floor, limit) -> tuple[bool, str]:
    text = f"{fmt_ms(ours)} ms vs {fmt_ms(floor)} ms (x{ratio(ours, floor)}; target <= {limit:g})"
    return bool(ours and floor and ours <= limit * floor), text


def p50_ratio(ours: dict, floor: dict, key: str) -> str:
    """The medians beside a p95 verdict: on a busy machine p95 is mostly others' CPU."""
    a, b = (e.get(key) or {} for e in (ours, floor))
    if not (a.get("p50_ms") and b.get("p50_ms")):
        return ""
    return f"; p50 x{ratio(a['p50_ms'], b['p50_ms'])}"


def floor_verdicts(name: str, row: dict) -> list:
    """Baked pages: cached and 304 p95 within 1.2x of the floor's; dynamic pages within 3x."""
    o, f = row["ours"], row["floor"]
    kind = "baked" if name in BAKED else "dynamic"
    if o.get("state") != "ok":
        return [(False, f"{name} ({kind})", o.get("state"))]
    limit = 1.2 if kind == "baked" else 3.0
    how = f" [{served(name, o)}]" if kind == "baked" else ""
    met, text = against(p95(o, "cached"), p95(f, "cached"), limit)
    text += p50_ratio(o, f, "cached") + how
    found = [(met, f"{name} ({kind}) p95 within {limit:g}x of the floor", text)]
    if o.get("conditional"):
        met, text = against(p95(o, "conditional"), p95(f, "conditional"), limit)
        text += p50_ratio(o, f, "conditional")
        found.append((met, f"{name} ({kind}) 304 p95 within {limit:g}x of the floor's", text))
    else:
        found.append((False, f"{name} ({kind}) 304", "no ETag, no conditional GET"))
    return found


def uncached_verdict(name: str, row: dict) -> tuple:
    """Uncached (no bake, no page cache) against Datasette's equivalent view."""
    o, d = row["ours"], row["datasette"]
    share = UNCACHED_TARGETS[name]
    u, theirs = p95(o, "uncached"), p95(d, "cached")
    basis = "p95, 4 connections"
    if not (u and theirs):  # one side too slow to load: both one request at a time
        u, theirs = o.get("one_at_a_time_ms"), d.get("one_at_a_time_ms")
        basis = "median of 3 requests one at a time"
    return (bool(u and theirs and u <= share * theirs),
            f"{name} uncached at most {share:g}x Datasette's",
            f"{fmt_ms(u)} ms vs {fmt_ms(theirs)} ms (x{ratio(u, theirs)}; {basis})")  # fmt: skip


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
    md_targets(md, results)
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


def md_targets(md: Markdown, results: dict):
    md.add(f"### Targets at {list(results['scales'])[-1]}\n")
    md.row("Target", "Result", "Verdict")
    md.row("---", "---", "---")
    for ok, label, result in verdicts(results):
        md.row(label, result, "-" if ok is None else "**met**" if ok else "**missed**")
    md.add("")


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
    md.row("page", "answered by", "KB", "ours cold", "Datasette cold", "floor cold",
           "ours uncached", "ours cached", "Datasette", "floor", "ours 304",
           "floor 304")  # fmt: skip
    md.row(*["---"] * 12)
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
        md.row(name, served(name, o), round(o["bytes"] / 1024) if o.get("bytes") else "-",
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
