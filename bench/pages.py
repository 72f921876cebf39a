"""Time the main pages in-process against the loaded database (db.sqlite3) and print the figures.

A quick look without servers; bench/run.py is the benchmark proper. The page cache is off
(CACHE_URL=dummy:// unless set), so every run renders the page rather than reading it back.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_inspections.settings")
os.environ.setdefault("CACHE_URL", "dummy://")

import django

django.setup()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

PAGES = ["/", "/?q=southend", "/areas/cornwall/", "/areas/cambridgeshire/", "/about/"]
RUNS = 30


def main():
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'page':28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for url in PAGES:
        client.get(url)  # warm caches
        timings = []
        for _ in range(RUNS):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        p95 = sorted(timings)[int(RUNS * 0.95) - 1]
        print(f"{url:28} {statistics.median(timings):10.1f} {p95:8.1f} {len(queries):8}")


if __name__ == "__main__":
    main()
