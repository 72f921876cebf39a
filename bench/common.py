"""What the benchmark's modules share: where things are, the pinned tools, the pages it asks
for, and the environment the servers run in."""

import os
import subprocess
from pathlib import Path
from urllib.parse import quote

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
# The production gunicorn settings (worker class, threads, timeouts); the bench overrides only
# the address and the number of workers, so every server has 2 processes, as Datasette does.
GUNICORN_CONFIG = ROOT / "send_inspections" / "gunicorn.py"
BAKE_COMMAND = ROOT / "reports" / "management" / "commands" / "bake.py"
# Every request names this host: baked files are served only for the host they were baked for.
HOST = "127.0.0.1"
WORKERS = 2
CONNECTIONS = 4
SECRET = "bench-" + "x" * 50  # a throwaway key: the benchmark serves only 127.0.0.1
MB = 1024 * 1024

COMPARE_DATASETTE = (
    "/db/reports_finding?inspection_id__in={compare_inspections}&_facet=kind"
    "&_facet=primary_theme_id"
)
# name, our address, Datasette's equivalent view ({...} filled in from the database).
PAGES = [
    ("home", "/", "/db/areas_area?_facet=region"),
    (
        "area",
        "/areas/{area}/",
        "/db/reports_finding?inspection_id__in={area_inspections}&_size=max",
    ),
    ("outcomes", "/outcomes/", "/db/reports_inspection?_facet=outcome&_facet=framework"),
    ("default_compare", "/compare/", COMPARE_DATASETTE),
    ("compare", "/compare/?area={a1}&area={a2}&area={a3}", COMPARE_DATASETTE),
    ("inspections", "/inspections/", "/db/reports_inspection"),
    (
        "filtered",
        "/findings/?kind=improvement&theme=ehc-plans",
        "/db/reports_finding?kind=improvement&_where="
        + quote("id in (select finding_id from reports_finding_themes where theme_id = 1)"),
    ),
    ("searched", "/findings/?q=plans", "/db/reports_finding?_search=plans"),
]
# What `manage.py bake` writes (the addresses the data fixes, no query string); the rest are
# rendered per request and kept in the page cache.
BAKED = ("home", "area", "outcomes", "default_compare")
DYNAMIC = ("compare", "inspections", "filtered", "searched")
# Uncached pages against Datasette's equivalent view: ours at most this share of its p95.
UNCACHED_TARGETS = {"area": 0.5, "compare": 0.5, "searched": 1.0}
# Downloads in the load's mix: a filtered view's CSV, and JSON twins (baked and rendered).
DOWNLOADS = [
    ("csv_filtered", "/findings/?kind=improvement&theme=ehc-plans&format=csv"),
    ("json_filtered", "/findings/?kind=improvement&theme=ehc-plans&format=json"),
]
CSV_OURS = "/findings/?format=csv"
CSV_DATASETTE = "/db/reports_finding.csv?_stream=on&_size=max"


def say(message=""):
    print(message, flush=True)


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, text=True, capture_output=True, **kwargs)


def scale_label(scale: float) -> str:
    return f"{scale:g}x"


def clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL"))}
    env.pop("DATABASE_URL", None)
    return env


def app_env(db: Path, static_root: Path, cache_url: str | None, baked_root: Path | None) -> dict:
    """The server's environment; baked_root None turns baking off."""
    env = clean_env()
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET,
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_BAKE="1" if baked_root else "0",
        DJANGO_BAKE_HOST=HOST,
    )
    if baked_root:
        env["DJANGO_BAKED_ROOT"] = str(baked_root)
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env
