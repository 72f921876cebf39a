"""What identifies this build of the code in cache keys and ETags."""

import functools
import hashlib
from pathlib import Path

from django.conf import settings

FINGERPRINTED = ("templates", "reports", "areas", "send_inspections", "static")
FINGERPRINTED_SUFFIXES = {".py", ".html", ".css", ".js", ".svg"}


def release() -> str:
    """DJANGO_RELEASE when deployment sets it, else a fingerprint of this checkout."""
    return settings.RELEASE or code_fingerprint(Path(settings.BASE_DIR))


# Once per process, on first use, as it was when a setting computed it; but no longer on every
# settings import, so a manage.py command or a test run that serves no page skips the walk.
# A deployment restarts its workers with new code, and runserver restarts on a Python change.
@functools.cache
def code_fingerprint(base: Path) -> str:
    """Changes whenever the code or templates change, and is the same in every worker."""
    digest = hashlib.sha256()
    for folder in FINGERPRINTED:
        for path in sorted((base / folder).rglob("*")):
            if path.is_file() and path.suffix in FINGERPRINTED_SUFFIXES:
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns}".encode()
                )
    return digest.hexdigest()[:12]
