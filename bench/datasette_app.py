"""Datasette as an ASGI app, so uvicorn can run it with as many workers as our gunicorn.

    BENCH_DB=bench/out/1x/db.sqlite3 bench/.venv-datasette/bin/uvicorn datasette_app:app \
        --app-dir bench --workers 2 --port 8001

The file is opened immutable (`datasette -i`), Datasette's mode for publishing read-only data,
with no cap on CSV size (max_csv_mb=0); every other setting is the default. It runs from its
own venv (bench/.venv-datasette), never the project's.
"""

import os

from datasette.app import Datasette

# max_csv_mb=0: the default 100 MB cap would cut the 20x CSV short; all else is the default.
app = Datasette(immutables=[os.environ["BENCH_DB"]], settings={"max_csv_mb": 0}).app()
