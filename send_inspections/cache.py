"""Cache configuration from CACHE_URL, and a fingerprint of the code for cache keys and ETags."""

import hashlib
from pathlib import Path
from urllib.parse import urlsplit


def cache_config(url: str, default_dir: Path) -> dict:
    """'' -> a file cache shared by the workers; redis://… or memcached://host:port -> shared."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(default_dir),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "memcached":
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": urlsplit(url).netloc,
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ValueError(f"CACHE_URL scheme {scheme!r} is not one of redis, memcached, locmem, dummy")


def code_fingerprint(base: Path) -> str:
    """Changes whenever the code or templates change, and is the same in every worker."""
    digest = hashlib.sha256()
    for folder in ("templates", "reports", "areas", "send_inspections", "static"):
        for path in sorted((base / folder).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".css", ".js", ".svg"}:
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns}".encode()
                )
    return digest.hexdigest()[:12]
