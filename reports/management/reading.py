"""What every import command does with its file: read it whole, and reject it whole.

An importer checks the entire file before it writes, so its rejection (naming row and column)
means nothing was written; the commands say so in the same words.
"""

from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from None


@contextmanager
def rejected_whole(path: str, *errors: type[Exception]):
    """Turns an importer's rejection into the command's error, naming the file."""
    try:
        yield
    except errors as error:
        raise CommandError(f"{path} rejected, nothing written. {error}") from None
