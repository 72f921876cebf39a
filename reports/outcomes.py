"""The one outcome vocabulary: labels, plain-English explanations, glossary text and colours.

Templates (tags, explanations), the glossary and the charts and map all read from here.
Ofsted's own words stand beside the plain-English ones on every page.
"""

from dataclasses import dataclass

from .models import Outcome


@dataclass(frozen=True)
class OutcomeInfo:
    value: str
    label: str  # Ofsted's name for the outcome
    short: str  # for table headers and chart legends
    summary: str  # what it means, in plain English
    next: str  # what usually happens next
    glossary: str
    tag: str  # GOV.UK tag modifier
    colour: str  # Okabe-Ito palette, safe for colour-blind readers
    pattern: str  # the map's second cue beside colour

    @property
    def glossary_slug(self) -> str:
        return f"outcome-{self.value}"


OUTCOMES = {
    Outcome.POSITIVE: OutcomeInfo(
        value=Outcome.POSITIVE,
        label=Outcome.POSITIVE.label,
        short="Positive",
        summary="Inspectors found that children and young people with SEND in this area "
        "usually have good experiences and do well.",
        next="The council and the NHS are expected to keep improving where they need to. "
        "The next full inspection is usually within about five years.",
        glossary="The best of the three outcomes of an area SEND inspection since 2023. The "
        "next full inspection is usually within about five years.",
        tag="govuk-tag--green",
        colour="#009E73",
        pattern="dots",
    ),
    Outcome.INCONSISTENT: OutcomeInfo(
        value=Outcome.INCONSISTENT,
        label=Outcome.INCONSISTENT.label,
        short="Inconsistent",
        summary="Inspectors found that experiences vary: some children and young people with "
        "SEND get the help they need, but others do not.",
        next="The council and the NHS must work together to improve. Inspectors ask them to "
        "update and publish their plan for SEND, based on the report's recommendations. "
        "The next full inspection is usually within about three years.",
        glossary="The middle of the three outcomes since 2023: some children get good help and "
        "others do not. The partnership must work together to improve, and the next full "
        "inspection is usually within about three years.",
        tag="govuk-tag--yellow",
        colour="#E69F00",
        pattern="stripes",
    ),
    Outcome.SYSTEMIC: OutcomeInfo(
        value=Outcome.SYSTEMIC,
        label=Outcome.SYSTEMIC.label,
        short="Systemic failings",
        summary="Inspectors found serious problems across the area that affect many children "
        "and young people with SEND.",
        next="The council and the NHS must act urgently and send inspectors a priority action "
        "plan. Inspectors usually come back for a monitoring inspection within about 18 months, "
        "and for a full inspection within about three years.",
        glossary="The most serious of the three outcomes since 2023. The partnership must act "
        "urgently and write a priority action plan; inspectors usually return for a monitoring "
        "inspection within about 18 months and a full reinspection within about three years.",
        tag="govuk-tag--red",
        colour="#D55E00",
        pattern="crosses",
    ),
    Outcome.WSOA_REQUIRED: OutcomeInfo(
        value=Outcome.WSOA_REQUIRED,
        label=Outcome.WSOA_REQUIRED.label,
        short="Statement of action",
        summary="Under the older framework (2016 to 2022), inspectors found significant "
        "weaknesses and required the area to write a statement of how it would fix them.",
        next="Inspectors later revisited to check progress.",
        glossary="",
        tag="govuk-tag--orange",
        colour="#CC79A7",
        pattern="",
    ),
    Outcome.NO_WSOA: OutcomeInfo(
        value=Outcome.NO_WSOA,
        label=Outcome.NO_WSOA.label,
        short="No statement of action",
        summary="Under the older framework (2016 to 2022), inspectors described strengths and "
        "weaknesses but did not require a written statement of action.",
        next="",
        glossary="",
        tag="govuk-tag--blue",
        colour="#56B4E9",
        pattern="",
    ),
    Outcome.UNKNOWN: OutcomeInfo(
        value=Outcome.UNKNOWN,
        label=Outcome.UNKNOWN.label,
        short="Not stated",
        summary="Our sources do not state the outcome of this inspection.",
        next="",
        glossary="",
        tag="govuk-tag--grey",
        colour="#999999",
        pattern="",
    ),
}
# Areas with no inspection under the 2023 framework yet, on the map and in counts.
NOT_INSPECTED = OutcomeInfo(
    value="none",
    label="Not yet inspected under the 2023 framework",
    short="Not yet inspected",
    summary="",
    next="",
    glossary="",
    tag="govuk-tag--grey",
    colour="#FFFFFF",
    pattern="",
)

OLDER_FRAMEWORK = (
    "Inspections from 2016 to 2022 did not give one of today's three outcomes. Inspectors wrote "
    "a letter about strengths and weaknesses, and could require a written statement of action. "
    "Results under the two frameworks cannot be compared."
)
