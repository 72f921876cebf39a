"""Where a parent can turn, for an area's page ("What you can do"): the report, the council's
SEND service and local offer, the parent carer forum where a source we hold names it, and the
routes that do not depend on the area.

Every link is to a page its runner publishes; none is made up for an area (councils' own
addresses change and we hold none), so the council is reached through GOV.UK's finder.
"""

import re
from dataclasses import dataclass

from reports.models import Source
from reports.selectors.area import AreaPage

OFSTED_REPORTS = "https://reports.ofsted.gov.uk/"
FIND_COUNCIL = "https://www.gov.uk/find-local-council"
SEND_GUIDANCE = "https://www.gov.uk/children-with-special-educational-needs"
IASS_NETWORK = (
    "https://councilfordisabledchildren.org.uk/information-advice-and-support-services-network"
)

# A forum's own name: capitalised words before "parent carer forum" and its spellings ("Parent
# and Carer Forum", "Parents and Carers Forum"), with the short form after it if one is given.
# "the parent carer forum" names no forum, so it is not taken.
FORUM = re.compile(
    r"\b((?:[A-Z][a-z]+ )+)((?i:parents?,? (?:and )?carers?['’]? forum))(?: \(([A-Za-z]{2,10})\))?"
)
# Or a name that a bracket says is the forum: "Hertfordshire Parent Carer Involvement (HPCI, the
# Hertfordshire parent carer forum)", "the PCC (Parent and Carers Cornwall, which is Cornwall's
# parent carer forum)".
NAMED_BEFORE = re.compile(
    r"((?:[A-Z][a-z]+ )+[A-Z][a-z]+) \(([A-Z]{2,10}), the [^()]*(?i:carers?['’]? forum)\)"
)
NAMED_INSIDE = re.compile(r"\(([A-Z][A-Za-z ]+?),? which is [^()]*(?i:carers?['’]? forum)\)")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Capitalised words that open a sentence or a phrase, not a forum's name.
NOT_NAME_WORDS = {"The", "A", "An", "Local", "Its", "This", "Their", "Our", "With", "While"}


@dataclass(frozen=True)
class Route:
    title: str  # the link's words
    url: str
    runner: str  # who runs the page


@dataclass(frozen=True)
class NamedForum:
    name: str  # as the source writes it: "Suffolk Parent Carer Forum"
    source: Source
    quote: str  # the sentence of the source that names it, word for word


@dataclass(frozen=True)
class WhatYouCanDo:
    area_name: str
    report: Route  # the latest report, or Ofsted's reports site where we hold no link
    has_report: bool  # whether `report` is the area's own report
    council: str  # the council, as a source names it, or the area's name
    find_council: Route
    forum: NamedForum | None
    send_guidance: Route
    iass_network: Route


def named_forum(text: str) -> tuple[str, str]:
    """The forum a text names and the sentence it names it in ("... the Suffolk Parent Carer
    Forum (SPCF) ..." gives "Suffolk Parent Carer Forum (SPCF)"), or ("", "")."""
    for sentence in SENTENCE_END.split(text):
        if match := NAMED_BEFORE.search(sentence):
            return f"{match.group(1)} ({match.group(2)})", sentence
        if match := NAMED_INSIDE.search(sentence):
            return match.group(1), sentence
        for match in FORUM.finditer(sentence):
            words = match.group(1).split()
            while words and words[0] in NOT_NAME_WORDS:
                words.pop(0)
            if words:  # the forum words stay as the source capitalises them
                name = " ".join([*words, match.group(2)])
                return (f"{name} ({match.group(3)})" if match.group(3) else name), sentence
    return "", ""


def _forum(page: AreaPage) -> NamedForum | None:
    """The first forum named in what we hold of the area, latest inspection first: its findings,
    then the responses to it."""
    for inspection in page.inspections:
        for quoted in [*inspection.findings.all(), *inspection.responses.all()]:
            name, sentence = named_forum(quoted.text)
            if name:
                return NamedForum(name=name, source=quoted.source, quote=sentence)
    return None


def _report(page: AreaPage) -> tuple[Route, bool]:
    latest = page.latest
    if latest:
        url = latest.inspection.report_url or (latest.report.url if latest.report else "")
        if url:
            return Route(f"Read {page.area.name}’s latest inspection report", url, "Ofsted"), True
    return Route("Search Ofsted’s inspection reports", OFSTED_REPORTS, "Ofsted"), False


def what_you_can_do(*, page: AreaPage) -> WhatYouCanDo:
    """The "What you can do" section of an area's page, from what `area_page` already read
    (no query of its own)."""
    report, has_report = _report(page)
    council = page.partnership.council if page.partnership and page.partnership.council else ""
    return WhatYouCanDo(
        area_name=page.area.name,
        report=report,
        has_report=has_report,
        council=council or f"the council for {page.area.name}",
        find_council=Route("Find your local council", FIND_COUNCIL, "GOV.UK"),
        forum=_forum(page),
        send_guidance=Route(
            "Children with special educational needs and disabilities (SEND)",
            SEND_GUIDANCE,
            "GOV.UK, for the Department for Education",
        ),
        iass_network=Route(
            "Find your local information, advice and support service",
            IASS_NETWORK,
            "the Information, Advice and Support Services Network, at the Council for "
            "Disabled Children",
        ),
    )
