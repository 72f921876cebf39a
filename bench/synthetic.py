"""Synthetic national data in the project's own schema, for the benchmark (bench/run.py).

    .venv/bin/python bench/synthetic.py --scale 20 --out bench/out/20x/db.sqlite3
    DATABASE_URL=postgresql://... .venv/bin/python bench/synthetic.py --scale 20 --postgres

Scale 1 is about today's national picture: 153 areas, 2 inspections each (306), about 83 findings
an inspection (about 25,000). Scale 20 is 3,060 areas, 6,120 inspections, about 510,000 findings.
The file is built by `manage.py migrate`, then bulk_create in batches of 5,000; the FTS5 index
is rebuilt at the end. Deterministic: the same scale and seed give the same rows. A JSON file
beside the database (meta.json) records the counts and sample addresses run.py requests.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Bump when the generated data changes, so run.py rebuilds stale files.
GENERATOR_VERSION = 4
BATCH = 5000
AREAS_AT_1X = 153
INSPECTIONS_PER_AREA = 2
FINDINGS_PER_INSPECTION = (60, 107)  # inclusive bounds; mean 83.5
NATIONAL_TABLE_DATE = date(2025, 6, 30)

PLACES = (
    "Ashworth Avonmere Barnfield Bellhaven Birchmoor Blackwater Bramhope Brightwell Carrowby "
    "Castlebridge Cherrington Clayhill Coldharbour Crowmarsh Dalebrook Eastwick Elmstead "
    "Fairholme Fenwick Foxley Glenmoor Greyfield Hallowgate Harrowden Hazelbury Highcombe "
    "Holmewood Kingsmere Lanthorpe Larkhill Longmarsh Lowther Marlbeck Meadowbank Millbrook "
    "Moorcroft Netherby Northwold Oakhurst Oldcastle Pendlebury Quarrington Ravensworth "
    "Redhill Ridgewell Rosedale Saltmarsh Sandiford Shelbourne Southmere Stanway Stoneleigh "
    "Thornbury Upperton Wakeby Westerham Whitmore Willowby Woodhatch Yarrowfield"
).split()
SUFFIXES = ["", " and District", " City", " upon Avon", " Borough", " County"]
REGIONS = ["NE", "NW", "YH", "EM", "WM", "E", "GL", "SE", "SW"]

# Phrases findings are made of: the words readers search for, in inspectors' register.
PHRASES = [
    "EHC plans",
    "annual reviews",
    "waiting times",
    "children and young people with SEND",
    "the local area partnership",
    "leaders",
    "parents and carers",
    "health services",
    "speech and language therapy",
    "neurodevelopmental assessments",
    "the timeliness of",
    "the quality of",
    "is too variable",
    "should improve",
    "work together",
    "so that",
    "do not always",
    "have improved",
    "in a timely way",
    "preparing for adulthood",
    "the local offer",
    "co-production",
    "with the parent carer forum",
    "short breaks",
    "specialist provision",
    "mainstream schools",
    "early help",
    "alternative provision",
    "social care",
    "mental health",
    "support while they wait",
    "are not consistently",
    "quality assurance",
    "the integrated care board",
    "strategic plan",
    "the right support at the right time",
    "needs assessments",
    "within 20 weeks",
    "families",
    "practitioners",
    "training",
    "workforce",
    "communication",
    "effective",
    "identify needs early",
    "and",
    "and",
    "of",
    "for",
    "to",
    "the",
    "in",
    "their",
    "many",
    "some",
    "are",
    "is",
]
KINDS_2023 = [  # (kind, label, share)
    ("strength", "strength", 0.35),
    ("weakness", "needs to do better", 0.35),
    ("improvement", "area for improvement", 0.20),
    ("priority_action", "priority action", 0.10),
]
KINDS_2016 = [
    ("strength", "strength", 0.40),
    ("weakness", "area for development", 0.40),
    ("improvement", "recommendation", 0.20),
]
OUTCOME_TEXT = {
    "positive": "The local area partnership’s arrangements typically lead to positive "
    "experiences and outcomes for children and young people with SEND.",
    "inconsistent": "The local area partnership’s arrangements lead to inconsistent experiences "
    "and outcomes for children and young people with SEND.",
    "systemic": "There are widespread and/or systemic failings leading to significant concerns "
    "about the experiences and outcomes of children and young people with SEND.",
    "wsoa_required": "A written statement of action is required.",
    "no_wsoa": "",
}


def text_of(rng: random.Random, low: int = 30, high: int = 120) -> str:
    """A finding-like sentence or two of `low` to `high` words."""
    target = rng.randint(low, high)
    words: list[str] = []
    while len(words) < target:
        words.extend(rng.choice(PHRASES).split())
    words = words[:target]
    half = target // 2
    words[half - 1] += "."
    words[half] = words[half][0].upper() + words[half][1:]
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + "."


def area_names(count: int) -> list[str]:
    names = []
    for n in range(count):
        place = PLACES[n % len(PLACES)]
        suffix = SUFFIXES[(n // len(PLACES)) % len(SUFFIXES)]
        round_ = n // (len(PLACES) * len(SUFFIXES))
        names.append(f"{place}{suffix}" + (f" {round_ + 1}" if round_ else ""))
    return names


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SQLITE_CREATE"] = "1"  # the site never creates its SQLite file; we do
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_inspections.settings")
    import django

    django.setup()


def build(*, scale: float, seed: int, quiet: bool = False) -> dict:
    """Fill the (migrated, empty) default database; return counts and sample addresses."""
    started = time.perf_counter()

    def say(message):
        if not quiet:
            print(f"  {time.perf_counter() - started:6.1f}s {message}", flush=True)

    rng = random.Random(seed)
    themes = prepare_database()
    say(f"migrated; {len(themes)} themes from fixtures/themes.json")
    areas = make_areas(round(AREAS_AT_1X * scale))
    made = make_inspections(areas, rng)
    save_inspections(areas, made)
    inspections, sources = made["inspections"], made["sources"]
    say(f"{len(areas)} areas, {len(inspections)} inspections, {len(sources)} sources")
    n_findings, n_links = make_findings(inspections, themes, rng, say)
    say(f"{n_findings} findings, {n_links} finding themes")
    finish_database()
    say("search index rebuilt")

    # Addresses run.py requests: a typical area, three areas to compare, their inspections.
    mid = len(areas) // 2
    sample = [areas[mid], areas[mid + 1], areas[mid + 2]]
    ids = {a.slug: [i.id for i in inspections if i.area_id == a.id] for a in sample}
    return {
        "generator_version": GENERATOR_VERSION,
        "scale": scale,
        "seed": seed,
        "areas": len(areas),
        "inspections": len(inspections),
        "sources": len(sources),
        "findings": n_findings,
        "finding_themes": n_links,
        "responses": len(made["responses"]),
        "area_slugs": [a.slug for a in areas],
        "sample_areas": [a.slug for a in sample],
        "sample_inspections": ids,
        "themes": {t.slug: t.id for t in themes},
        "build_seconds": round(time.perf_counter() - started, 1),
    }


def prepare_database() -> list:
    """Migrate the empty database, load the themes and return them (in order)."""
    from django.core.management import call_command
    from django.db import connection

    from areas.models import Area
    from reports.models import Finding, Theme

    call_command("migrate", "--noinput", verbosity=0)
    if Area.objects.exists() or Finding.objects.exists():
        raise SystemExit("The target database already holds data; use a fresh file or --flush.")
    call_command("loaddata", "themes", verbosity=0)
    themes = list(Theme.objects.order_by("order"))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA journal_mode = MEMORY")
    return themes


def make_areas(count: int) -> list:
    from areas.models import Area

    return [
        Area(
            id=n + 1,
            name=name,
            slug=name.lower().replace(" ", "-"),
            urn=f"{80000 + n}",
            la_code=f"{n + 100:03d}" if n < 900 else "",
            ons_code=f"E{6000000 + n:08d}",
            region=REGIONS[n % len(REGIONS)] if n % 50 else "",
        )
        for n, name in enumerate(area_names(count))
    ]


def make_inspections(areas: list, rng: random.Random) -> dict[str, list]:
    """Each area's inspections, with their report sources, responses and a few data notes
    (unsaved), under the keys save_inspections takes."""
    from reports.models import DataNote, Inspection, Source

    national = Source(
        id=1,
        slug="national-table",
        title="Area SEND inspection outcomes (national table)",
        kind="data_table",
        publisher="Ofsted",
        published=NATIONAL_TABLE_DATE,
        file="synthetic/national.csv",
    )
    made = {"sources": [national], "inspections": [], "inspection_sources": []}
    made |= {"responses": [], "notes": [], "partnerships": []}
    for n, area in enumerate(areas):
        for k in range(INSPECTIONS_PER_AREA):
            pk = len(made["inspections"]) + 1
            inspection = make_inspection(area, pk, latest=k == 0, rng=rng)
            made["inspections"].append(inspection)
            made["sources"].append(report_source(area, pk, inspection.published))
            made["inspection_sources"].append(
                Inspection.sources.through(inspection_id=pk, source_id=pk + 1)
            )
            if k == 0:  # the latest report names the partnership's members
                made["partnerships"].append(make_partnership(area, n, source_id=pk + 1))
            made["responses"] += make_responses(area, pk, rng)
            if rng.random() < 0.05:
                made["notes"].append(
                    DataNote(
                        inspection_id=pk,
                        field="published",
                        note="The national table gives no publication date; ours is the report's.",
                        source_id=1,
                    )
                )
    return made


def make_partnership(area, n: int, *, source_id: int):
    from reports.models import Partnership

    icb = f"NHS {REGIONS[n % len(REGIONS)]} Integrated Care Board"
    return Partnership(
        area=area, council=f"{area.name} Council", integrated_care_board=icb, source_id=source_id
    )


def make_inspection(area, pk: int, *, latest: bool, rng: random.Random):
    from reports.models import Inspection

    if latest:
        framework = "2023"
        start = date(2023, 1, 9) + timedelta(days=rng.randrange(0, 880))
        outcome = rng.choices(["positive", "inconsistent", "systemic"], [2, 5, 3])[0]
    else:
        framework = "2016"
        start = date(2016, 5, 2) + timedelta(days=rng.randrange(0, 1800))
        outcome = rng.choice(["wsoa_required", "no_wsoa"])
    end = start + timedelta(days=4)
    published = end + timedelta(days=rng.randrange(30, 70))
    monitoring = outcome == "systemic"
    return Inspection(
        id=pk,
        area=area,
        framework=framework,
        start_date=start,
        end_date=end,
        published=published,
        outcome=outcome,
        outcome_text=OUTCOME_TEXT[outcome],
        next_monitoring="within approximately 18 months" if monitoring else "",
        next_monitoring_due=published + timedelta(days=548) if monitoring else None,
        next_full="within approximately three years" if latest else "",
        next_full_due=published + timedelta(days=1095) if latest else None,
        report_url=f"https://example.org/reports/{pk}",
    )


def report_source(area, pk: int, published: date):
    from reports.models import Source

    return Source(
        id=pk + 1,
        slug=f"{area.slug}-{published:%Y-%m-%d}",
        title=f"{area.name}: area SEND inspection report ({published:%B %Y})",
        kind="ofsted_report",
        publisher="Ofsted and CQC",
        published=published,
        url=f"https://example.org/reports/{pk}",
        file=f"synthetic/{pk}.pdf",
        licence="Open Government Licence v3.0",
    )


def make_responses(area, pk: int, rng: random.Random) -> list:
    from reports.models import Response

    return [
        Response(
            inspection_id=pk,
            speaker_kind=speaker,
            speaker=f"A spokesperson for {area.name}",
            text=text_of(rng, 20, 60),
            source_id=pk + 1,
            order=order,
        )
        for order, speaker in enumerate(["council", "parent_carer_forum"], start=1)
    ]


def save_inspections(areas: list, made: dict[str, list]) -> None:
    from django.db import transaction

    from areas.models import Area
    from reports.models import DataNote, Inspection, Partnership, Response, Source

    with transaction.atomic():
        Area.objects.bulk_create(areas, batch_size=BATCH)
        Source.objects.bulk_create(made["sources"], batch_size=BATCH)
        Partnership.objects.bulk_create(made["partnerships"], batch_size=BATCH)
        Inspection.objects.bulk_create(made["inspections"], batch_size=BATCH)
        Inspection.sources.through.objects.bulk_create(made["inspection_sources"], batch_size=BATCH)
        Response.objects.bulk_create(made["responses"], batch_size=BATCH)
        DataNote.objects.bulk_create(made["notes"], batch_size=BATCH)


def make_findings(inspections: list, themes: list, rng: random.Random, say) -> tuple[int, int]:
    """Create every inspection's findings and their themes, in batches; (findings, links)."""
    finding_id = n_findings = n_links = 0
    findings, links = [], []
    for inspection in inspections:
        kinds = KINDS_2023 if inspection.framework == "2023" else KINDS_2016
        total = rng.randint(*FINDINGS_PER_INSPECTION)
        for kind, label, share in kinds:
            for order in range(1, max(1, round(total * share)) + 1):
                finding_id += 1
                finding, chosen = make_finding(
                    finding_id, inspection, kind, label, order, themes, rng
                )
                findings.append(finding)
                links += chosen
        if len(findings) >= BATCH * 4:
            before = n_findings
            n_findings, n_links = save_findings(findings, links, n_findings, n_links)
            findings, links = [], []
            if n_findings // 100_000 > before // 100_000:
                say(f"{n_findings} findings")
    return save_findings(findings, links, n_findings, n_links)


def make_finding(finding_id, inspection, kind, label, order, themes, rng):
    """One finding (unsaved) and its links to 1 to 3 themes, the first its primary theme."""
    from reports.models import Finding

    chosen = rng.sample(themes, rng.choice([1, 1, 2, 2, 3]))
    source_slug = f"{inspection.area.slug}-{inspection.published:%Y-%m-%d}"  # report_source's
    finding = Finding(
        id=finding_id,
        identifier=Finding.identifier_for(source_slug, kind, order),
        inspection_id=inspection.id,
        kind=kind,
        label=label,
        text=text_of(rng),
        source_id=inspection.id + 1,
        location=f"{label.capitalize()}, item {order}",
        page=rng.randint(2, 14),
        responsible_body="The local area partnership" if kind == "priority_action" else "",
        order=order,
        primary_theme=chosen[0],
    )
    return finding, [Finding.themes.through(finding_id=finding_id, theme_id=t.id) for t in chosen]


def save_findings(findings: list, links: list, n_findings: int, n_links: int) -> tuple[int, int]:
    """Save a batch; the running totals after it."""
    from django.db import transaction

    from reports.models import Finding

    with transaction.atomic():
        Finding.objects.bulk_create(findings, batch_size=BATCH)
        Finding.themes.through.objects.bulk_create(links, batch_size=BATCH)
    return n_findings + len(findings), n_links + len(links)


def finish_database() -> None:
    """Rebuild the search index, record a data version, and leave the database tidy."""
    from django.core.management import call_command
    from django.db import connection

    from reports import models as report_models
    from reports import search

    search.rebuild_index()
    # A load records a new data version: ETags and the page cache are keyed on it.
    if hasattr(report_models, "DataVersion"):
        report_models.DataVersion.record()
    if connection.vendor == "postgresql":
        from io import StringIO

        sql = StringIO()
        call_command("sqlsequencereset", "areas", "reports", stdout=sql, no_color=True)
        with connection.cursor() as cursor:
            cursor.execute(sql.getvalue())
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode = DELETE")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = national; 20 = 20 times")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--out", type=Path, help="SQLite file to create (must not exist)")
    parser.add_argument(
        "--postgres", action="store_true", help="load into the database named by DATABASE_URL"
    )
    parser.add_argument(
        "--flush", action="store_true", help="with --postgres: empty the database first"
    )
    args = parser.parse_args(argv)
    if args.postgres:
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            parser.error("--postgres needs DATABASE_URL=postgresql://...")
        setup_django(url)
        if args.flush:
            from django.core.management import call_command

            call_command("migrate", "--noinput", verbosity=0)
            call_command("flush", "--noinput", verbosity=0)
        meta_path = None
    else:
        if args.out is None:
            parser.error("--out FILE is required for SQLite")
        if args.out.exists():
            parser.error(f"{args.out} exists; remove it or choose another file")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        setup_django(f"sqlite:///{args.out.resolve()}")
        meta_path = args.out.with_name("meta.json")
    print(f"Building synthetic data at {args.scale:g}x ...", flush=True)
    meta = build(scale=args.scale, seed=args.seed)
    print(
        f"Built {meta['areas']} areas, {meta['inspections']} inspections, "
        f"{meta['findings']} findings in {meta['build_seconds']}s"
    )
    if meta_path:
        meta_path.write_text(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
