"""`manage.py bake`: every bounded page and twin to files, per data version, switched at once."""

import json
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from reports import baking
from reports.models import DataVersion
from tests import sample_site
from tests.factories import AreaFactory, SourceFactory, ThemeFactory, new_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(tmp_path):
    with override_settings(BAKE=True, BAKED_ROOT=tmp_path / "baked", BAKE_HOST="testserver"):
        yield tmp_path / "baked"


@pytest.fixture
def small_site():
    area = AreaFactory(region="SW")
    ThemeFactory()
    SourceFactory()
    DataVersion.record()
    return area


def current(root) -> str:
    return os.readlink(root / baking.CURRENT)


def bake(*args) -> str:
    out = StringIO()
    call_command("bake", *args, stdout=out)
    return out.getvalue()


def test_every_bounded_page_and_its_json_twin_is_baked(root, client):
    sample_site.build()
    bake()
    manifest = baking.read_manifest()
    pages = [
        "",
        "outcomes/",
        "compare/",
        "themes/",
        "sources/",
        "glossary/",
        "about/",
        "about/data-quality/",
        "data/",
        "data/releases/",
        *(f"areas/{slug}/" for slug in sample_site.AREAS),
        *(f"themes/{slug}/" for slug, _ in sample_site.THEMES),
        f"sources/{sample_site.REPORT_SOURCE}/",
        f"regions/{sample_site.REGION}/",
    ]
    for page in pages:
        assert f"{page}index.html" in manifest["files"]
        assert f"{page}index.json" in manifest["files"]
    # The API's own page, the accessibility statement and the feedback page have no twin.
    for page in ("data/api/", "accessibility/", "feedback/"):
        assert f"{page}index.html" in manifest["files"]
        assert f"{page}index.json" not in manifest["files"]
    # Nothing with a query string, and nothing that is not a page (downloads, feeds).
    assert all(name.endswith(("/index.html", "/index.json")) or name.startswith("index.")
               for name in manifest["files"])  # fmt: skip
    area = f"/areas/{sample_site.WITH_HISTORY}/"
    assert (root / "current" / "areas/cornwall/index.html").read_bytes() == client.get(area).content
    twin = json.loads((root / "current/areas/cornwall/index.json").read_text())
    assert twin == client.get(area, {"format": "json"}).json()


def test_files_carry_the_data_versions_time_and_the_headers_to_replay(root, small_site):
    bake()
    version = DataVersion.objects.get()
    folder = root / current(root)
    manifest = json.loads((folder / baking.MANIFEST).read_text())
    assert manifest["version"] == version.version
    for name, headers in manifest["files"].items():
        assert os.stat(folder / name).st_mtime == int(version.loaded_at.timestamp())
        assert "Content-Security-Policy" in headers and "Permissions-Policy" in headers
        assert "ETag" not in headers and "Content-Length" not in headers
    assert manifest["files"]["index.json"]["Content-Type"] == "application/json; charset=utf-8"
    assert manifest["files"]["index.html"]["Content-Type"] == "text/html; charset=utf-8"


def test_if_stale_bakes_nothing_when_the_data_and_code_are_unchanged(root, small_site):
    bake()
    first = current(root)
    assert "current" in bake("--if-stale")
    assert current(root) == first
    new_data()
    assert "Baked" in bake("--if-stale")
    assert current(root) != first


def test_a_page_that_fails_fails_the_command_with_nothing_switched(root, small_site, monkeypatch):
    bake()
    before = current(root)
    folders = sorted(os.listdir(root))
    addresses = baking.addresses
    monkeypatch.setattr(baking, "addresses", lambda: [*addresses(), "/areas/no-such-area/"])
    with pytest.raises(CommandError, match="/areas/no-such-area/ answered 404"):
        bake()
    assert current(root) == before
    assert sorted(os.listdir(root)) == folders  # the half-made folder is gone


def test_a_page_that_raises_is_named_and_nothing_is_switched(root, small_site, monkeypatch):
    bake()
    before = current(root)

    def broken(**kwargs):
        raise RuntimeError("selector broke")

    monkeypatch.setattr("reports.views.area.area_page", broken)
    with pytest.raises(CommandError, match=f"/areas/{small_site.slug}/ could not be rendered"):
        bake()
    assert current(root) == before


def test_a_new_data_version_stops_the_current_bake_at_once(root, small_site):
    bake()
    new_data()
    assert not (root / baking.CURRENT).exists()
    assert baking.read_manifest() is None


def test_the_previous_bake_is_kept_and_older_ones_removed(root, small_site):
    bake()
    first = current(root)
    new_data()
    bake()
    second = current(root)
    bake()
    assert sorted(p for p in os.listdir(root) if not p.startswith(".")) == sorted(
        [second, current(root), "current"]
    )
    assert first not in os.listdir(root)


def test_no_data_version_is_a_clear_refusal(root):
    with pytest.raises(CommandError, match="No data is loaded"):
        bake()


def test_load_data_bakes_at_the_end_unless_told_not_to(root, monkeypatch):
    called = []
    monkeypatch.setattr(
        "reports.management.commands.load_data.call_command",
        lambda name, *args, **kwargs: called.append(name),
    )
    call_command("load_data", verbosity=0)
    assert called[-1] == "bake"
    called.clear()
    call_command("load_data", "--no-bake", verbosity=0)
    assert "bake" not in called
    with override_settings(BAKE=False):
        called.clear()
        call_command("load_data", verbosity=0)
        assert "bake" not in called


def test_pages_are_rendered_afresh_not_copied_from_a_cache_kept_for_another_host(
    root, small_site, client
):
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem):
        client.get("/", {"format": "json"}, headers={"host": "localhost"})  # now in the cache
        bake()
    twin = json.loads((root / "current" / "index.json").read_text())
    assert twin["url"] == "http://testserver/?format=json"


def test_a_load_during_the_bake_leaves_no_bake_switched_in(root, small_site, monkeypatch):
    render = baking._render_all

    def render_then_load(folder, version):
        files = render(folder, version)
        new_data()  # committed by another process meanwhile
        return files

    monkeypatch.setattr(baking, "_render_all", render_then_load)
    with pytest.raises(CommandError, match="The data changed while baking"):
        bake()
    assert not (root / baking.CURRENT).exists()
    assert [p for p in os.listdir(root) if not p.startswith(".")] == []
