"""The layout the README promises: imports run one way (send_inspections -> reports -> areas)."""

import ast
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)


def imported_modules(folder: str) -> set[tuple[str, str]]:
    found = set()
    for path in (BASE / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((str(path.relative_to(BASE)), node.module.split(".")[0]))
            elif isinstance(node, ast.Import):
                found.update(
                    (str(path.relative_to(BASE)), a.name.split(".")[0]) for a in node.names
                )
    return found


def test_areas_never_imports_reports():
    assert [path for path, module in imported_modules("areas") if module == "reports"] == []


def test_send_inspections_holds_configuration_and_site_wide_plumbing_only():
    # Settings, URLs, middleware, error pages, the context processor: no pages or data of its own.
    names = {path.name for path in (BASE / "send_inspections").glob("*.py")}
    assert not names & {"views.py", "models.py", "selectors.py", "glossary.py"}


def test_the_apps_never_import_the_project_package():
    # send_inspections wires the apps together and imports them, so they must not import it.
    for app in ("areas", "reports"):
        assert [
            path for path, module in imported_modules(app) if module == "send_inspections"
        ] == []
