"""SQL queries per page, counted with the Django test client against a benchmark database.

    DATABASE_URL=sqlite:///bench/out/1x/db.sqlite3 .venv/bin/python bench/queries.py URL...

Prints one JSON object: for each URL its status, the queries of a first request with the page
cache cleared ("uncached"), of a repeat ("cached"), and of a conditional GET with the page's ETag.
A streamed response is read to the end (or to --max-rows lines) inside the count.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_inspections.settings")

import django

django.setup()

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def clear_caches():
    from django.conf import settings

    for alias in settings.CACHES:
        caches[alias].clear()


def measure(client: Client, url: str, max_rows: int, headers=None) -> dict:
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers or {})
        size = rows = 0
        if response.streaming:
            for chunk in response.streaming_content:
                size += len(chunk)
                rows += chunk.count(b"\n")
                if max_rows and rows >= max_rows:
                    break
            response.close()
        else:
            size = len(response.content)
    return {
        "status": response.status_code,
        "queries": len(captured),
        "bytes": size,
        "rows_read": rows if response.streaming else None,
        "seconds": round(time.perf_counter() - started, 3),
        "etag": response.get("ETag"),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--max-rows", type=int, default=0, help="stop reading a stream here")
    parser.add_argument("--clear-only", action="store_true", help="only clear the page cache")
    args = parser.parse_args()
    clear_caches()
    if args.clear_only:
        return
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for url in args.urls:
        clear_caches()
        first = measure(client, url, args.max_rows)
        repeat = measure(client, url, args.max_rows)
        conditional = None
        if first["etag"]:
            conditional = measure(client, url, 0, headers={"If-None-Match": first["etag"]})
        results[url] = {"uncached": first, "cached": repeat, "conditional": conditional}
    clear_caches()
    print("BENCHJSON " + json.dumps(results))


if __name__ == "__main__":
    main()
