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


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, text=True, capture_output=True, **kwargs)


def scale_label(scale: float) -> str:
    return f"{scale:g}x"


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
