"""A small site built with the factories, with something on every kind of page.

The browser tests serve it (`manage.py shell -c "from tests.sample_site import build; build()"`
fills their server's database) and the fuzz test requests it. It has areas of each outcome, and a
systemic one with a report, an area quoted only from a press release, areas known only from the
national table (one with no outcome stated, one with no region), an area never inspected, a
region of several areas, earlier inspections under the 2016 framework, themes, districts, data
notes and more than a page of sources. The names are real so that the hex map places the areas;
the findings are invented.
"""

import datetime

from reports.models import DataVersion, Response, Source
from reports.search import rebuild_index
from reports.vocabulary import (
    FindingKind,
    Framework,
    Outcome,
    RevisitResult,
    SourceKind,
    Speaker,
)
from tests.factories import (
    AreaFactory,
    DataNoteFactory,
    DistrictFactory,
    FindingFactory,
    InspectionFactory,
    PartnershipFactory,
    RevisitFactory,
    SourceFactory,
    ThemeFactory,
)

NATIONAL_TABLE_DATE = datetime.date(2026, 6, 29)

# The areas the pages are about, by what each shows.
WITH_REPORT = "southend-on-sea"  # every kind of list, an earlier inspection, a date passed
WITH_HISTORY = "cornwall"  # a 2016 inspection too
SECOND_HAND = "cambridgeshire"  # findings quoted from a press release, and a response
SYSTEMIC = "bexley"  # priority actions, a monitoring inspection
NATIONAL_ONLY = "slough"  # from the table alone, its outcome not stated
NO_REGION = "medway"
NEVER_INSPECTED = "kent"
EARLIER_ONLY = "devon"  # only a 2016 inspection, with a written statement of action and revisit
TIMELINE = ["oldham", "bury", "tameside", "bolton"]  # two inspections each
REGION = "london"
THEME = "ehc-plans"
REPORT_SOURCE = "ofsted-report-bexley-2024-02-23"
PRESS_RELEASE = "cambridgeshire-press-release"
SOURCES = 60  # more than one page of the sources list

# slug: (name, ONS code, region code)
AREAS = {
    "bexley": ("Bexley", "E09000004", "GL"),
    "bolton": ("Bolton", "E08000001", "NW"),
    "bury": ("Bury", "E08000002", "NW"),
    "cambridgeshire": ("Cambridgeshire", "E10000003", "E"),
    "camden": ("Camden", "E09000007", "GL"),
    "cornwall": ("Cornwall", "E06000052", "SW"),
    "devon": ("Devon", "E10000008", "SW"),
    "kent": ("Kent", "E10000016", ""),
    "medway": ("Medway", "E06000035", ""),
    "oldham": ("Oldham", "E08000004", "NW"),
    "slough": ("Slough", "E06000039", "SE"),
    "southend-on-sea": ("Southend-on-Sea", "E06000033", "E"),
    "tameside": ("Tameside", "E08000008", "NW"),
}
THEMES = [
    ("ehc-plans", "EHC plan timeliness and quality"),
    ("health-waiting-times", "Waiting times for health services"),
    ("co-production-voice", "Co-production and the voice of the child"),
    ("preparing-for-adulthood", "Preparing for adulthood"),
    ("leadership-strategy", "Leadership and strategy"),
]
OUTCOME_TEXT = {
    Outcome.POSITIVE: "The local area partnership’s arrangements typically lead to positive "
    "experiences and outcomes for children and young people with SEND.",
    Outcome.INCONSISTENT: "The local area partnership’s arrangements lead to inconsistent "
    "experiences and outcomes for children and young people with SEND.",
    Outcome.SYSTEMIC: "There are widespread and/or systemic failings leading to significant "
    "concerns about the experiences and outcomes of children and young people with SEND.",
}
# Long enough that the page folds it away after its opening words.
LONG_IMPROVEMENT = (
    "The local area partnership and stakeholders, including the council, health services and "
    "schools, should improve the timeliness and quality of EHC plans, so that annual reviews "
    "happen on time, plans are amended after each review, and children and young people get "
    "the right support at the right time from the professionals who know them best."
)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def build() -> None:
    """Create the sample site in an empty database."""
    themes = {
        slug: ThemeFactory(slug=slug, name=name, order=n)
        for n, (slug, name) in enumerate(THEMES, 1)
    }
    areas = {
        slug: AreaFactory(slug=slug, name=name, ons_code=code, region=region)
        for slug, (name, code, region) in AREAS.items()
    }
    national = SourceFactory(
        slug="national-outcomes-2026-06-29",
        title="Area SEND inspection outcomes (national table, as of 29 June 2026)",
        kind=SourceKind.DATA_TABLE,
        publisher="Data to Insight",
        published=NATIONAL_TABLE_DATE,
        licence="Open Government Licence v3.0",
    )
    _curated(areas, themes, national)
    _systemic(areas["bexley"], themes, national)
    _from_the_table(areas, national)
    _earlier_only(areas[EARLIER_ONLY])
    for district, area in [
        ("Cambridge", "cambridgeshire"),
        ("South Cambridgeshire", "cambridgeshire"),
        ("Maidstone", "kent"),
        ("Cornwall", "cornwall"),
    ]:
        DistrictFactory(name=district, area=areas[area])
    SourceFactory.create_batch(
        SOURCES - Source.objects.count(), kind=SourceKind.NEWS_REPORT, publisher="A newspaper"
    )
    rebuild_index()
    DataVersion.record()


def _findings(inspection, source, themes, kinds: dict[str, list[tuple[str, str]]]) -> None:
    """Findings of each kind: kind -> [(text, theme slug)]."""
    labels = {
        FindingKind.STRENGTH: "strength",
        FindingKind.WEAKNESS: "needs to do better",
        FindingKind.IMPROVEMENT: "area for improvement",
        FindingKind.PRIORITY_ACTION: "priority action",
    }
    for kind, findings in kinds.items():
        for n, (text, theme) in enumerate(findings, 1):
            FindingFactory(
                inspection=inspection,
                source=source,
                kind=kind,
                label=labels[kind],
                text=text,
                location=f"{labels[kind]}, bullet {n}",
                order=n,
                themes=[themes[theme]],
                responsible_body="The council and the integrated care board"
                if kind == FindingKind.PRIORITY_ACTION
                else "",
            )


def _report(area, published: str):
    return SourceFactory(
        slug=f"ofsted-report-{area.slug}-{published}",
        title=f"{area.name}: area SEND inspection report",
        kind=SourceKind.OFSTED_REPORT,
        publisher="Ofsted and the Care Quality Commission",
        published=day(published),
        licence="Open Government Licence v3.0",
    )


def _inspection(area, outcome, start: str, end: str, published: str | None, *sources, **fields):
    inspection = InspectionFactory(
        area=area,
        outcome=outcome,
        start_date=day(start),
        end_date=day(end),
        published=day(published) if published else None,
        outcome_text=OUTCOME_TEXT.get(outcome, ""),
        **fields,
    )
    inspection.sources.set(sources)
    return inspection


def _earlier_only(area) -> None:
    statistics = SourceFactory(
        slug="ofsted-statistics-2016-2022",
        title="Area SEND inspection and revisit outcomes, May 2016 to August 2022",
        kind=SourceKind.OFFICIAL_STATISTICS,
        publisher="Ofsted",
        published=day("2022-11-17"),
        licence="Open Government Licence v3.0",
    )
    inspection = _inspection(
        area,
        Outcome.WSOA_REQUIRED,
        "2018-03-05",
        "2018-03-09",
        "2018-05-16",
        statistics,
        framework=Framework.LOCAL_AREA_2016,
        significant_weaknesses=4,
    )
    RevisitFactory(
        inspection=inspection,
        start_date=day("2022-05-23"),
        published=day("2022-07-11"),
        result=RevisitResult.NONE,
        progressed=0,
        not_progressed=4,
        source=statistics,
    )


def _earlier(area, start: str, end: str, national):
    return _inspection(
        area, Outcome.UNKNOWN, start, end, None, national, framework=Framework.LOCAL_AREA_2016
    )


SOUTHEND_FINDINGS = {
    FindingKind.STRENGTH: [
        (
            "Leaders know their area well and share an ambitious vision.",
            "leadership-strategy",
        ),
        ("Children’s views shape the plans made for them.", "co-production-voice"),
    ],
    FindingKind.WEAKNESS: [
        ("Too many EHC plans are finished late.", "ehc-plans"),
        ("Families wait too long for therapies.", "health-waiting-times"),
    ],
    FindingKind.IMPROVEMENT: [
        (LONG_IMPROVEMENT, "ehc-plans"),
        (
            "Leaders should shorten the waits for health assessments.",
            "health-waiting-times",
        ),
        (
            "Leaders should plan earlier for young people’s adult lives.",
            "preparing-for-adulthood",
        ),
    ],
}


def _curated(areas, themes, national) -> None:
    """The three areas whose findings we hold in full: the compare page's default."""
    southend = areas["southend-on-sea"]
    report = _report(southend, "2023-06-09")
    PartnershipFactory(
        area=southend,
        council="Southend-on-Sea City Council",
        integrated_care_board="Mid and South Essex Integrated Care Board",
        source=report,
    )
    inspection = _inspection(
        southend,
        Outcome.INCONSISTENT,
        "2023-03-06",
        "2023-03-10",
        "2023-06-09",
        report,
        national,
        next_full="within approximately 3 years",
        next_full_due=day("2026-03-06"),
        report_url="https://files.ofsted.gov.uk/v1/file/50219405",
    )
    DataNoteFactory(
        inspection=inspection,
        field="next_full_due",
        note="Three years from the start of the inspection, as the report says.",
        source=national,
    )
    _findings(inspection, report, themes, SOUTHEND_FINDINGS)
    _earlier(southend, "2018-10-01", "2018-10-06", national)
    _cornwall(areas["cornwall"], themes, national)
    _cambridgeshire(areas["cambridgeshire"], themes, national)


def _cornwall(cornwall, themes, national) -> None:
    report = _report(cornwall, "2023-05-05")
    inspection = _inspection(
        cornwall,
        Outcome.INCONSISTENT,
        "2023-02-06",
        "2023-02-10",
        "2023-05-05",
        report,
        national,
        next_full="within approximately 3 years",
    )
    _findings(
        inspection,
        report,
        themes,
        {
            FindingKind.STRENGTH: [
                ("Early years settings identify needs quickly.", "preparing-for-adulthood"),
                ("Parents and carers help to design services.", "co-production-voice"),
                ("Leaders have a clear strategy for inclusion.", "leadership-strategy"),
            ],
            FindingKind.WEAKNESS: [
                ("Some EHC plans do not describe children’s needs well.", "ehc-plans"),
                (
                    "Waiting times for neurodevelopmental assessments are long.",
                    "health-waiting-times",
                ),
            ],
            FindingKind.IMPROVEMENT: [
                (LONG_IMPROVEMENT.replace("council", "council in Cornwall"), "ehc-plans"),
                ("Leaders should reduce waiting times for therapies.", "health-waiting-times"),
            ],
        },
    )
    _earlier(cornwall, "2017-07-03", "2017-07-07", national)


def _cambridgeshire(cambridgeshire, themes, national) -> None:
    release = SourceFactory(
        slug="cambridgeshire-press-release",
        title="Cambridgeshire SEND partnership responds to its inspection report",
        kind=SourceKind.PRESS_RELEASE,
        publisher="Cambridgeshire County Council",
        published=day("2025-05-13"),
    )
    inspection = InspectionFactory(
        area=cambridgeshire,
        outcome=Outcome.INCONSISTENT,
        dates_as_stated="January 2025",
        published=day("2025-05-13"),
        outcome_text=OUTCOME_TEXT[Outcome.INCONSISTENT],
        next_full="within approximately three years",
    )
    inspection.sources.set([release, national])
    _findings(
        inspection,
        release,
        themes,
        {
            FindingKind.STRENGTH: [
                ("Leaders have an accurate view of the area.", "leadership-strategy")
            ],
            FindingKind.IMPROVEMENT: [
                (
                    "Improve access to, and reduce waiting times for, specialist mental health "
                    "services.",
                    "health-waiting-times",
                ),
                ("Improve the timeliness of annual reviews of EHC plans.", "ehc-plans"),
            ],
        },
    )
    Response.objects.create(
        inspection=inspection,
        speaker_kind=Speaker.COUNCIL,
        speaker="A council spokesperson",
        text="We welcome the report and are already acting on its recommendations.",
        source=release,
        order=1,
    )


def _systemic(bexley, themes, national) -> None:
    report = _report(bexley, "2024-02-23")
    inspection = _inspection(
        bexley,
        Outcome.SYSTEMIC,
        "2023-12-04",
        "2023-12-08",
        "2024-02-23",
        report,
        national,
        next_monitoring="within approximately 18 months",
        next_monitoring_due=day("2025-06-04"),
        next_full="within approximately 3 years",
        next_full_due=day("2026-12-04"),
    )
    _findings(
        inspection,
        report,
        themes,
        {
            FindingKind.PRIORITY_ACTION: [
                ("Leaders must urgently make EHC plans on time.", "ehc-plans"),
                ("Leaders must cut the waits for health assessments.", "health-waiting-times"),
            ],
            FindingKind.IMPROVEMENT: [
                ("Leaders should listen to young people.", "co-production-voice")
            ],
            FindingKind.WEAKNESS: [("Annual reviews of EHC plans are often missed.", "ehc-plans")],
            FindingKind.STRENGTH: [("Schools work well together.", "leadership-strategy")],
        },
    )


def _from_the_table(areas, national) -> None:
    """Areas the national table alone tells us about (Kent it does not mention at all)."""
    rows = [
        ("camden", Outcome.POSITIVE, "2024-09-09", "2024-09-13", "2024-11-01"),
        ("slough", Outcome.UNKNOWN, "2025-07-07", "2025-07-11", "2025-11-06"),
        ("medway", Outcome.INCONSISTENT, "2024-02-05", "2024-02-09", "2024-04-12"),
        ("oldham", Outcome.SYSTEMIC, "2023-06-26", "2023-06-30", "2023-09-01"),
        ("bury", Outcome.SYSTEMIC, "2024-02-12", "2024-02-16", "2024-04-19"),
        ("tameside", Outcome.SYSTEMIC, "2025-05-12", "2025-05-16", "2025-07-18"),
        ("bolton", Outcome.POSITIVE, "2024-06-17", "2024-06-21", "2024-08-23"),
    ]
    for slug, outcome, start, end, published in rows:
        _inspection(areas[slug], outcome, start, end, published, national)
    slough = areas["slough"].inspections.get()
    DataNoteFactory(
        inspection=slough,
        field="previous",
        note="The national table does not say when this area was inspected before.",
        source=national,
    )
    DataNoteFactory(
        inspection=slough,
        field="outcome",
        note="The national table gives no outcome for this inspection.",
        source=national,
    )
    earlier = [
        ("medway", "2019-12-09", "2019-12-13"),
        ("oldham", "2017-10-02", "2017-10-06"),
        ("bury", "2019-05-13", "2019-05-17"),
        ("tameside", "2021-10-18", "2021-10-22"),
        ("bolton", "2016-05-23", "2016-05-27"),
    ]
    for slug, start, end in earlier:
        _earlier(areas[slug], start, end, national)
