"""The layout the README promises: imports between apps run one way (reports -> areas)."""

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


def test_send_inspections_holds_configuration_only():
    names = {path.name for path in (BASE / "send_inspections").glob("*.py")}
    assert not names & {"views.py", "models.py", "selectors.py", "glossary.py"}
