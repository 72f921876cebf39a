"""The compare table names every kind of source an area's second-hand findings are quoted in,
not only the first (Cambridgeshire's are quoted in a press release and a news report)."""

from reports.selectors.compare import ComparedArea
from reports.vocabulary import SourceKind
from tests.factories import SourceFactory


def compared(*kinds: str) -> ComparedArea:
    sources = [SourceFactory.build(kind=kind) for kind in kinds]
    fields = dict.fromkeys(ComparedArea.__dataclass_fields__, None)
    return ComparedArea(**{**fields, "second_hand": sources, "findings": [], "history": []})


def test_each_kind_of_source_is_named_once():
    area = compared(SourceKind.NEWS_REPORT, SourceKind.PRESS_RELEASE, SourceKind.NEWS_REPORT)
    assert area.quoted_in == "a news report and a council or partnership press release"


def test_one_kind_and_none():
    assert compared(SourceKind.PRESS_RELEASE).quoted_in == "a council or partnership press release"
    assert compared().quoted_in == ""
