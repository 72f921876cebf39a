"""gunicorn settings for `make serve`; each can be overridden with GUNICORN_* variables."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers suit short, cached, database-bound requests: two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Database timeouts are a few seconds (settings.DATABASE_TIMEOUT), so no request needs longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "20"))
graceful_timeout = 10
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
