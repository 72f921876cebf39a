import datetime

import pytest

from reports.vocabulary import FindingKind, Framework, Outcome, SourceKind
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    NationalTableFactory,
    SourceFactory,
    ThemeFactory,
)


@pytest.fixture
def national_table(db):
    """The national table: its date, 29 June 2026, is the data's date every page gives."""
    return NationalTableFactory()


@pytest.fixture
def researcher_data(db):
    """Three areas: one inconsistent with an EHC-plan improvement and a weakness, one positive
    with a strength quoted in a press release, and one inspected under the older framework."""
    ehc, other = ThemeFactory(slug="t-ehc", name="T EHC"), ThemeFactory(slug="t-other")
    report = SourceFactory(kind=SourceKind.OFSTED_REPORT)
    press = SourceFactory(kind=SourceKind.PRESS_RELEASE)
    north = InspectionFactory(
        area=AreaFactory(name="Northtestshire", slug="northtestshire", region="NE"),
        outcome=Outcome.INCONSISTENT,
        published=datetime.date(2024, 3, 1),
    )
    south = InspectionFactory(
        area=AreaFactory(name="Southtestshire", slug="southtestshire", region="SW"),
        outcome=Outcome.POSITIVE,
        published=datetime.date(2022, 3, 1),
    )
    west = InspectionFactory(
        area=AreaFactory(name="Westtestshire", slug="westtestshire", region="NW"),
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.WSOA_REQUIRED,
        published=datetime.date(2019, 1, 1),
    )
    return {
        name: FindingFactory(inspection=i, kind=kind, text=text, source=source, themes=[theme])
        for name, i, kind, source, theme, text in [
            ("wanted", north, FindingKind.IMPROVEMENT, report, ehc,
             "Leaders should improve the timeliness of EHC plans for zebrafinches."),
            ("strength", south, FindingKind.STRENGTH, press, other,
             "The annual review process for zebrafinches works well."),
            ("weakness", north, FindingKind.WEAKNESS, report, other,
             "Zebrafinches wait for an annual health review."),
            ("older", west, FindingKind.WEAKNESS, report, other,
             "Zebrafinches lack speech therapy."),
        ]
    }  # fmt: skip
