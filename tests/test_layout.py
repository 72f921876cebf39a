"""The layout the README promises: send_inspections -> reports -> areas, and the areas app
depends on nothing in reports, in its imports, its models, its migrations and the URLs it names."""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

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


def test_areas_models_relate_only_to_areas_and_django():
    # A relation named by string ("reports.Source") needs no import, so the import test misses it.
    outside = [
        f"{model.__name__}.{field.name} -> {field.related_model._meta.label}"
        for model in apps.get_app_config("areas").get_models()
        # Its own fields: reverse relations (Inspection.area seen from Area) point at areas.
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.is_relation
        and field.related_model._meta.app_label != "areas"
        and not field.related_model.__module__.startswith("django.")
    ]  # fmt: skip
    assert outside == []


def test_areas_never_queries_through_another_apps_relations():
    # Area.objects.filter(inspections__findings=...) imports nothing yet knows reports' models.
    accessors = {
        relation.get_accessor_name()
        for model in apps.get_app_config("areas").get_models()
        for relation in model._meta.related_objects
        if relation.related_model._meta.app_label != "areas"
    }
    assert "inspections" in accessors

    def through(name: str | None) -> bool:
        return isinstance(name, str) and name.split("__")[0] in accessors

    found = []
    for path in (BASE / "areas").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [
                getattr(node, "arg", None),  # a keyword: filter(inspections__...=...)
                getattr(node, "attr", None),  # an attribute: area.inspections
                node.value if isinstance(node, ast.Constant) else None,  # "inspections__..."
            ]
            if isinstance(node, ast.keyword | ast.Attribute | ast.Constant) and any(
                map(through, names)
            ):
                found.append(f"{path.relative_to(BASE)}:{node.lineno}")
    assert found == []


def test_areas_migrations_depend_only_on_areas_and_django():
    allowed = {"areas", "__setting__"} | {
        config.label for config in apps.get_app_configs() if config.name.startswith("django.")
    }
    migrations = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    areas = [name for app, name in migrations if app == "areas"]
    assert areas
    outside = [
        (name, dependency)
        for name in areas
        for dependency in migrations["areas", name].dependencies
        if dependency[0] not in allowed
    ]
    assert outside == []


def test_areas_names_no_url_of_reports():
    named = re.compile(r"""["']reports:""")
    offenders = [
        str(path.relative_to(BASE))
        for pattern in ("*.py", "*.html")
        for path in [*(BASE / "areas").rglob(pattern), *(BASE / "templates/areas").rglob(pattern)]
        if named.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


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
