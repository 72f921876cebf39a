import datetime

import pytest

from reports.vocabulary import FindingKind, Framework, Outcome, SourceKind
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    SourceFactory,
    ThemeFactory,
)

S, W, A, P = (
    FindingKind.STRENGTH,
    FindingKind.WEAKNESS,
    FindingKind.IMPROVEMENT,
    FindingKind.PRIORITY_ACTION,
)


# Long because every number the tests of this folder assert is built here, in one place.
@pytest.fixture
def world(db):
    """Four areas in two regions: inconsistent (with an older inspection), systemic (findings
    quoted in a press release), positive (no findings held) and never inspected. Their ONS codes
    are real authorities', so each has its tile on the map."""
    ehc = ThemeFactory(slug="ehc-plans", name="EHC plans", order=1)
    waits = ThemeFactory(slug="waits", name="Waiting times", order=2)
    quiet = ThemeFactory(slug="quiet", name="Quiet theme", order=3)
    alpha = AreaFactory(name="Alphashire", slug="alphashire", region="SW", ons_code="E06000052")
    beta = AreaFactory(name="Betashire", slug="betashire", region="SW", ons_code="E06000026")
    gamma = AreaFactory(name="Gammashire", slug="gammashire", region="E", ons_code="E06000033")
    delta = AreaFactory(name="Deltashire", slug="deltashire", region="E", ons_code="E10000003")
    older = InspectionFactory(
        area=alpha,
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.UNKNOWN,
        start_date=datetime.date(2017, 7, 3),
        end_date=datetime.date(2017, 7, 7),
    )
    latest = InspectionFactory(
        area=alpha,
        outcome=Outcome.INCONSISTENT,
        start_date=datetime.date(2023, 2, 6),
        end_date=datetime.date(2023, 2, 10),
        published=datetime.date(2023, 5, 5),
        next_full="within approximately three years",
        next_full_due=datetime.date(2026, 2, 6),
    )
    report = SourceFactory(kind=SourceKind.OFSTED_REPORT)
    for order, (kind, themes) in enumerate(
        [(S, [ehc]), (S, [ehc]), (W, [ehc, waits]), (A, [waits])], start=1
    ):
        FindingFactory(inspection=latest, kind=kind, order=order, source=report, themes=themes)
    systemic = InspectionFactory(
        area=beta,
        outcome=Outcome.SYSTEMIC,
        start_date=datetime.date(2024, 1, 8),
        end_date=datetime.date(2024, 1, 12),
        published=datetime.date(2024, 3, 1),
        next_monitoring_due=datetime.date(2025, 7, 8),
        next_full_due=datetime.date(2027, 1, 8),
    )
    press = SourceFactory(kind=SourceKind.PRESS_RELEASE, title="Council welcomes report")
    FindingFactory(inspection=systemic, kind=P, order=1, source=press, themes=[ehc])
    FindingFactory(inspection=systemic, kind=A, order=2, source=press, themes=[ehc])
    InspectionFactory(area=gamma, outcome=Outcome.POSITIVE, published=datetime.date(2025, 1, 10))
    return {
        "alpha": alpha,
        "beta": beta,
        "gamma": gamma,
        "delta": delta,
        "older": older,
        "latest": latest,
        "systemic": systemic,
        "themes": (ehc, waits, quiet),
        "press": press,
    }
