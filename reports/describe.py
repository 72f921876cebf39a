"""Say in plain English what a filtered list holds, and name its downloads after it."""

import re
from datetime import date

from django.db.models import Model

from reports.wording import long_date

SLUG = re.compile(r"[^a-z0-9]+")


def _values(value) -> list:
    if value in (None, "", [], ()):
        return []
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return list(value)
    return [value]


def _label(filterset, name: str, value) -> str:
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, date):
        return long_date(value)
    choices = dict(getattr(filterset.form.fields[name], "choices", []) or [])
    return str(choices.get(value, value))


def applied_filters(filterset) -> dict:
    """The applied filters as plain values (slugs and codes), for a JSON export."""
    applied = {}
    for name, value in filterset.form.cleaned_data.items():
        values = _values(value)
        if not values:
            continue
        plain = [
            v.slug if isinstance(v, Model) and hasattr(v, "slug") else v.isoformat()
            if isinstance(v, date) else str(v) for v in values
        ]  # fmt: skip
        applied[name] = plain if len(plain) > 1 or isinstance(value, list | tuple) else plain[0]
    return applied


def describe_filters(filterset) -> str:
    """'Kind of finding: area for improvement; theme: EHC plans; published on or after …'."""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        values = _values(value)
        if not values:
            continue
        label = filterset.form.fields[name].label or name
        label = label.split(" (")[0]
        if name == "q":
            parts.append(f"containing “{value}”")
            continue
        if name == "sort":
            continue
        words = " or ".join(_label(filterset, name, v) for v in values)
        parts.append(f"{label.lower()}: {words}")
    return "; ".join(parts)


def export_filename(table: str, filterset, as_of: date | None, extension: str) -> str:
    """'findings-kind-improvement-theme-ehc-plans-data-2026-06-29.csv', kept short and safe."""
    bits = [table]
    for name, value in applied_filters(filterset).items():
        if name == "sort":
            continue
        joined = "-".join(value) if isinstance(value, list) else value
        bits.append(SLUG.sub("-", f"{name}-{joined}".lower()).strip("-"))
    stem = "-".join(bits)[:150].rstrip("-")
    when = f"-data-{as_of.isoformat()}" if as_of else ""
    return f"{stem}{when}.{extension}"
