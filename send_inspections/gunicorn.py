"""gunicorn settings for `make serve`; each can be overridden with GUNICORN_* variables."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers suit short, cached, database-bound requests: two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A hung database fails within seconds (settings.DATABASE_TIMEOUT); this limit is for the
# streamed CSV of every finding, which at 20x the national data takes over a minute.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "180"))
graceful_timeout = 10
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
