"""The floor: our pages' HTML bytes served as static files by WhiteNoise (run under gunicorn).

    BENCH_FLOOR_DIR=/tmp/floor .venv/bin/gunicorn floor_app:application --chdir bench ...

Files are found at startup, so write them before starting the server.
"""

import os

from whitenoise import WhiteNoise


def not_found(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"Not found\n"]


application = WhiteNoise(not_found, root=os.environ["BENCH_FLOOR_DIR"], max_age=300)
