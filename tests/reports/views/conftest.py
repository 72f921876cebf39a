import datetime
import itertools

import pytest

from reports.vocabulary import FindingKind, Framework, Outcome, SourceKind
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    SourceFactory,
    ThemeFactory,
)


def inspection(area, start: datetime.date, published: datetime.date | None, **fields):
    return InspectionFactory(
        area=area,
        start_date=start,
        end_date=start + datetime.timedelta(days=4),
        published=published,
        **fields,
    )


@pytest.fixture
def default_areas(national_table):
    """The compare page's three default areas, each told to improve EHC plans, and neighbours
    to compare them with: Slough and Medway (whose region is not stated), Plymouth beside
    Cornwall, and two areas whose names begin "North". ONS codes are the real authorities'."""
    ehc = ThemeFactory(slug="ehc-plans", name="EHC plan timeliness and quality", order=1)
    report, press = SourceFactory(), SourceFactory(kind=SourceKind.PRESS_RELEASE)
    areas = {
        slug: AreaFactory(name=name, slug=slug, region=region, ons_code=code, la_code=la_code)
        for slug, name, region, code, la_code in [
            ("cornwall", "Cornwall", "SW", "E06000052", "908"),
            ("cambridgeshire", "Cambridgeshire", "E", "E10000003", "873"),
            ("southend-on-sea", "Southend-on-Sea", "E", "E06000033", "882"),
            ("slough", "Slough", "SE", "E06000039", "871"),
            ("medway", "Medway", "", "E06000035", "887"),
            ("plymouth", "Plymouth", "SW", "E06000026", "879"),
            ("north-somerset", "North Somerset", "SW", "E06000024", "802"),
            ("north-yorkshire", "North Yorkshire", "YH", "E10000023", "815"),
        ]
    }
    older = {"framework": Framework.LOCAL_AREA_2016, "outcome": Outcome.UNKNOWN}
    inspection(areas["cornwall"], datetime.date(2017, 7, 3), None, **older)
    cornwall = inspection(areas["cornwall"], datetime.date(2023, 2, 6), datetime.date(2023, 5, 5))
    inspection(areas["cornwall"], datetime.date(2026, 3, 23), datetime.date(2026, 5, 27))
    cambridgeshire = InspectionFactory(
        area=areas["cambridgeshire"],
        dates_as_stated="January 2025",
        published=datetime.date(2025, 5, 13),
    )
    southend = inspection(
        areas["southend-on-sea"], datetime.date(2023, 3, 6), datetime.date(2023, 6, 9)
    )
    inspection(
        areas["slough"],
        datetime.date(2025, 7, 7),
        datetime.date(2025, 11, 6),
        outcome=Outcome.UNKNOWN,
    )
    inspection(areas["medway"], datetime.date(2024, 2, 5), datetime.date(2024, 4, 2))
    inspection(
        areas["plymouth"],
        datetime.date(2024, 9, 9),
        datetime.date(2024, 11, 1),
        outcome=Outcome.SYSTEMIC,
    )
    FindingFactory(inspection=cornwall, kind=FindingKind.WEAKNESS, source=report, themes=[ehc])
    for held, source in [(cornwall, report), (cambridgeshire, press), (southend, report)]:
        FindingFactory(inspection=held, kind=FindingKind.IMPROVEMENT, source=source, themes=[ehc])
    return {"theme": ehc, **areas}


@pytest.fixture
def grow(default_areas):
    """grow(n): n more areas, each inspected and told something of every kind about EHC plans,
    and n more findings of each kind for each default area's inspection with findings."""
    theme, kinds = default_areas["theme"], itertools.cycle(FindingKind)

    def more(count: int) -> None:
        for slug in ["cornwall", "cambridgeshire", "southend-on-sea"]:
            held = default_areas[slug].inspections.filter(findings__isnull=False).first()
            for _ in range(count * len(FindingKind)):
                FindingFactory(inspection=held, kind=next(kinds), themes=[theme, ThemeFactory()])
        for area in AreaFactory.create_batch(count, region="NW"):
            held = InspectionFactory(area=area, published=datetime.date(2025, 1, 1))
            for kind in FindingKind:
                FindingFactory(inspection=held, kind=kind, themes=[theme])

    return more
