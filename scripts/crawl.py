"""Render every page the site links and save it, to show a refactor changed nothing a user sees.

    .venv/bin/python scripts/crawl.py save DIR      # build a fresh SQLite database, crawl from /
    .venv/bin/python scripts/crawl.py compare A B   # the pages that differ, apart from whitespace

The crawl follows every link in every HTML page, bounded: each path at most MAX_VARIANTS query
strings, MAX_PAGES pages in all. It runs in process (Django's test client, debug off, no page
cache) on a throwaway database loaded with `manage.py load_data`.
"""

import hashlib
import json
import os
import re
import sys
import tempfile
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
MAX_PAGES = 4000
MAX_VARIANTS = 4  # query strings followed per path: page 2 of a list, one filter, ...
SKIP_PREFIXES = ("/static/",)
TEXT_TYPES = ("text/html", "text/csv", "application/json", "text/plain")
# Addresses no link leads to, that a person can still type: bad input gets its own pages.
TYPED = [
    "/areas/no-such-area/",
    "/regions/atlantis/",
    "/themes/no-such-theme/",
    "/sources/no-such-source/",
    "/findings/?kind=bogus",
    "/findings/?kind=bogus&page=5",
    "/findings/?page=999",
    "/findings/?page=last",
    "/findings/?format=csv&kind=bogus",
    "/findings/?format=xml",
    "/findings/?q=plans&page=2",
    "/inspections/?year=abc",
    "/inspections/?sort=published",
    "/compare/?area=cornwall",
    "/compare/?area=Cornwall&area=Devon",
    "/compare/?area=nowhere&area=cornwall",
    "/?q=Southend",
    "/?q=zzzz",
    "/themes/ehc-plans/?page=99",
]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"a", "link"}:
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def normalise(text: str) -> str:
    """Whitespace differences are not differences: around tags none, elsewhere one space."""
    text = re.sub(r"\s*(<|>)\s*", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def setup(database: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="send_inspections.settings",
        DJANGO_DEBUG="0",
        DJANGO_SQLITE_CREATE="1",
        DATABASE_URL=f"sqlite:///{database}",
    )
    os.environ.pop("CACHE_URL", None)
    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_data", verbosity=0)


def crawl() -> dict[str, tuple[int, str, str]]:
    from django.test import Client

    client = Client()
    seen: set[str] = {"/", *TYPED}
    variants: Counter = Counter()
    queue = deque(["/", *TYPED])
    pages: dict[str, tuple[int, str, str]] = {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        kind = response.get("Content-Type", "").split(";")[0]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode() if kind in TEXT_TYPES else hashlib.sha256(body).hexdigest()
        pages[url] = (response.status_code, kind, text)
        if kind != "text/html":
            continue
        parser = Links()
        parser.feed(text)
        for href in parser.hrefs:
            target = urldefrag(urljoin(url, href)).url
            parts = urlsplit(target)
            if parts.netloc not in {"", "testserver"} or parts.scheme not in {"", "http"}:
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local in seen or parts.path.startswith(SKIP_PREFIXES):
                continue
            if parts.query:
                if variants[parts.path] >= MAX_VARIANTS:
                    continue
                variants[parts.path] += 1
            seen.add(local)
            queue.append(local)
    return pages


def save(folder: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp) / "crawl.sqlite3")
        pages = crawl()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pages.json").write_text(json.dumps(pages, indent=0, sort_keys=True))
    kinds = Counter(kind for _, kind, _ in pages.values())
    print(f"{len(pages)} pages saved to {folder}: {dict(kinds)}")


def compare(before: Path, after: Path) -> int:
    old = json.loads((before / "pages.json").read_text())
    new = json.loads((after / "pages.json").read_text())
    missing = sorted(set(old) - set(new))
    added = sorted(set(new) - set(old))
    changed = [
        url
        for url in sorted(set(old) & set(new))
        if old[url][:2] != new[url][:2] or normalise(old[url][2]) != normalise(new[url][2])
    ]
    print(f"before: {len(old)} pages; after: {len(new)} pages")
    print(f"only before: {len(missing)}; only after: {len(added)}; different: {len(changed)}")
    for label, urls in (("only before", missing), ("only after", added), ("different", changed)):
        for url in urls[:20]:
            print(f"  {label}: {url}")
    return 1 if missing or added or changed else 0


if __name__ == "__main__":
    command, *folders = sys.argv[1:] or ["help"]
    if command == "save" and len(folders) == 1:
        save(Path(folders[0]))
    elif command == "compare" and len(folders) == 2:
        sys.exit(compare(*map(Path, folders)))
    else:
        sys.exit(__doc__)
