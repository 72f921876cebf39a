"""The domain's words, spelt once: frameworks, outcomes, finding kinds, source kinds,
speakers, regions and "not stated", with their labels, plain-English text, glossary text,
colours and patterns.

Models take their choices from here; importers, selectors, charts, the map and templates read the
rest. Each meaning has colours of its own (outcomes the Okabe-Ito palette, safe for colour-blind
readers; finding kinds others), and every colour comes with a second cue (a pattern or a label);
tests/reports/test_colours.py checks their contrast. Regions are places, so `areas` owns their
codes and names (`areas.models.Region`); what the site says where a region is missing is said
here.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.text import slugify

from areas.models import Region
from reports import search_words

# What the site says wherever a source leaves a fact unsaid.
NOT_STATED = "not stated"


class Framework(models.TextChoices):
    LOCAL_AREA_2016 = "2016", "Local area SEND inspection (2016 to 2022)"
    AREA_SEND_2023 = "2023", "Area SEND inspection (from 2023)"


class Outcome(models.TextChoices):
    # The three outcomes of the 2023 framework, best first.
    POSITIVE = "positive", "Typically positive experiences and outcomes"
    INCONSISTENT = "inconsistent", "Inconsistent experiences and outcomes"
    SYSTEMIC = "systemic", "Widespread and/or systemic failings"
    # The 2016 framework ended without a graded outcome: inspectors either required
    # a written statement of action or did not.
    WSOA_REQUIRED = "wsoa_required", "Written statement of action required"
    NO_WSOA = "no_wsoa", "No written statement of action required"
    UNKNOWN = "unknown", "Not stated"


OUTCOMES_2023 = [Outcome.POSITIVE, Outcome.INCONSISTENT, Outcome.SYSTEMIC]
OUTCOMES_2016 = [Outcome.WSOA_REQUIRED, Outcome.NO_WSOA]


class RevisitResult(models.TextChoices):
    """What a 2016-framework revisit found, in Ofsted's words (its statistics' Yes, Some, No)."""

    ALL = "all", "Sufficient progress in addressing all significant weaknesses"
    SOME = "some", "Sufficient progress in addressing some significant weaknesses"
    NONE = "none", "Insufficient progress in addressing any significant weaknesses"


class SourceKind(models.TextChoices):
    OFSTED_REPORT = "ofsted_report", "Ofsted and CQC inspection report"
    PRESS_RELEASE = "press_release", "Council or partnership press release"
    NEWS_REPORT = "news_report", "News report"
    DATA_TABLE = "data_table", "Data table"
    # A publisher's own statistical release (Ofsted's of the 2016 to 2022 inspections).
    OFFICIAL_STATISTICS = "official_statistics", "Official statistics"


# How a citation names each kind of source in a few words ("Report, strengths, bullet 3").
SOURCE_KIND_SHORT = {
    SourceKind.OFSTED_REPORT: "Report",
    SourceKind.PRESS_RELEASE: "Press release",
    SourceKind.NEWS_REPORT: "News report",
    SourceKind.DATA_TABLE: "National table",
    SourceKind.OFFICIAL_STATISTICS: "Official statistics",
}


class Speaker(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS"
    PARENT_CARER_FORUM = "parent_carer_forum", "Parent carer forum"
    COUNCILLOR = "councillor", "Councillor"
    PUBLIC = "public", "Member of the public"
    REPORTING = "reporting", "Reporting and context"


class ThemesFrom(models.TextChoices):
    """Where a finding's themes come from: a review of the finding (fixtures/theme_review.json,
    or set by hand in a curated fixture) or, for a report not yet reviewed, the keyword rules."""

    REVIEWED = "reviewed", "Reviewed"
    RULES = "rules", "Keyword rules"


class ComparedWith(models.TextChoices):
    """What a data release's changes are counted against."""

    NOTHING = "nothing", "Nothing: the first release"
    PREVIOUS = "previous", "The previous release's data"
    # An import run on its own between two loads changes the data without a release; those
    # changes are not itemised (a release keeps only a digest of the data it left).
    CHANGED_SINCE = "changed_since", "The data before this load, changed since the previous release"


class FindingKind(models.TextChoices):
    """The four lists of a 2023-framework report, kept apart because readers need them apart."""

    STRENGTH = "strength", "Strength"
    WEAKNESS = "weakness", "Needs to do better"
    IMPROVEMENT = "improvement", "Area for improvement"
    PRIORITY_ACTION = "priority_action", "Priority action"


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
        tag="",  # GOV.UK's tag without a modifier is blue
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
        # Darker than Okabe-Ito's grey, so it stands 3:1 apart from "not yet inspected" (white),
        # the other solid fill in the same bars.
        colour="#8A8A8A",
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
# An area's whole history in plain words (reports/selectors/history.py): the 2016 framework's
# result, its revisit, a successor's inherited inspection and a report the site does not hold.
WSOA_RESULT = {
    Outcome.WSOA_REQUIRED: "A written statement of action was required",
    Outcome.NO_WSOA: "No written statement of action was required",
}
SIGNIFICANT_WEAKNESS = "significant weakness"
# After a revisit's result in Ofsted's words: "(sufficient progress in 3 of 4)".
REVISIT_COUNTS = "sufficient progress in {progressed} of {total}"
INSPECTED_AS = "inspected as {name}"
EARLIER_FRAMEWORK_RESULT = "Result under the 2016 to 2022 framework"
REPORT_NOT_HELD = "Report not held"
# Why an area's page has no findings to show: the site takes findings only from a report.
FINDINGS_NOT_HELD = (
    "This site does not hold what inspectors found at {what}: it takes findings from the "
    "reports themselves, and holds the report PDFs of only {held} of England’s {areas} areas."
)
FINDINGS_HELD_EARLIER = (
    " What inspectors found at its inspection of {when} is in its history below."
)
FINDINGS_NOT_HELD_2016 = (
    " Ofsted’s statistics of the 2016 to 2022 inspections give each one’s result, not its findings."
)


# The outcomes page's table of how areas inspected from 2016 to 2022 fared under the 2023
# framework. It puts two different judgements side by side, so it says what it cannot show.
CROSS_FRAMEWORK_CAVEAT = (
    "The two frameworks judged different things: from 2016 to 2022 inspectors decided whether an "
    "area's weaknesses were significant enough to need a written statement of action; since 2023 "
    "they give one of three outcomes. This table sets each area's two results side by side "
    "without making them one scale. It shows what followed, not why: it cannot say that anything "
    "found or done after the earlier inspection led to the later outcome."
)
SMALL_GROUP = 10  # a row of the table with fewer areas than this is said to be small


def _revisit_row(result: RevisitResult) -> str:
    return f"Revisit: {result.label[:1].lower()}{result.label[1:]}"


class EarlierResult(models.TextChoices):
    """A row of that table: an area's result from 2016 to 2022, and its revisit's in Ofsted's
    terms. The revisit rows (and "no revisit") split the first: an area in one is in it too."""

    WSOA = "wsoa", Outcome.WSOA_REQUIRED.label
    REVISIT_ALL = "revisit-all", _revisit_row(RevisitResult.ALL)
    REVISIT_SOME = "revisit-some", _revisit_row(RevisitResult.SOME)
    REVISIT_NONE = "revisit-none", _revisit_row(RevisitResult.NONE)
    NO_REVISIT = "no-revisit", "No revisit in Ofsted's statistics (to August 2022)"
    NO_WSOA = "no-wsoa", Outcome.NO_WSOA.label
    NO_RESULT = "no-result", "No result from 2016 to 2022 on record"


REVISIT_ROWS = {
    RevisitResult.ALL: EarlierResult.REVISIT_ALL,
    RevisitResult.SOME: EarlierResult.REVISIT_SOME,
    RevisitResult.NONE: EarlierResult.REVISIT_NONE,
}
# A column of that table: an authority since replaced counts once, and where its successors'
# latest outcomes under the 2023 framework differ it has no one outcome to be counted under.
SUCCESSORS_DIFFER = OutcomeInfo(
    value="successors-differ",
    label="Its successor authorities' latest outcomes differ",
    short="Successors differ",
    summary="",
    next="",
    glossary="",
    tag="govuk-tag--grey",
    # Near white, so its dots are what tells it from the positive outcome's, 3:1 apart.
    colour="#F8F8F8",
    pattern="dots",
)

# Outcomes as the national picture counts them, in order; "not stated" shows only where used.
CATEGORIES = [
    Outcome.POSITIVE,
    Outcome.INCONSISTENT,
    Outcome.SYSTEMIC,
    Outcome.UNKNOWN,
    NOT_INSPECTED.value,
]
# A map tile for an authority we hold no area for (the geography is not loaded).
NOT_HELD = OutcomeInfo(
    value="not-held",
    label="Not in our data",
    short="Not in our data",
    summary="",
    next="",
    glossary="",
    tag="govuk-tag--grey",
    colour="#F3F2F1",
    pattern="",
)
# The colour of the marks that draw an outcome's pattern.
OUTCOME_MARK = "#0B0C0C"
# The outline of every bar segment and point: where two fills (or a fill and the white page) are
# less than 3:1 apart, this line is 3:1 from both (WCAG technique G209).
CHART_BORDER = "#0B0C0C"


def category_info(value: str) -> OutcomeInfo:
    """An outcome's words and colours; anything else counts as not yet inspected."""
    if value == SUCCESSORS_DIFFER.value:
        return SUCCESSORS_DIFFER
    return OUTCOMES[value] if value in OUTCOMES else NOT_INSPECTED


def outcome_phrase(info: OutcomeInfo) -> str:
    """'inconsistent experiences and outcomes', 'outcome not stated'."""
    if info.value == Outcome.UNKNOWN:
        return f"outcome {NOT_STATED}"
    return info.label[:1].lower() + info.label[1:]


# Finding kinds: colours no outcome uses, the same in their tags (site.css's kind-tag--, solid,
# as GOV.UK's pale tags read as the outcomes' own) and in the charts; each fill has a pattern or
# is alone solid. Stacked in this order, neighbours alternate light and dark to stand 3:1 apart.
@dataclass(frozen=True)
class KindInfo:
    value: str
    label: str  # one, as the site names it
    plural: str  # a list's heading
    glossary_slug: str
    colour: str
    pattern: str  # a second cue beside colour: dots, stripes, crosses or "" (solid)
    mark: str  # the colour of the pattern's marks
    tag: str  # the tag modifier a list shows the kind in (site.css, in `colour`)
    one: str  # one of them in a sentence: "12 areas have a strength in this theme"


KINDS = {
    FindingKind.STRENGTH: KindInfo(
        FindingKind.STRENGTH,
        "Strength",
        "Strengths",
        "strength",
        "#1F9A8F",
        "",
        "#FFFFFF",
        "kind-tag--strength",
        "a strength",
    ),
    FindingKind.WEAKNESS: KindInfo(
        FindingKind.WEAKNESS,
        "Needs to do better",
        "Needs to do better",
        "needs-to-do-better",
        "#3F2580",
        "dots",
        "#FFFFFF",
        "kind-tag--weakness",
        "something that needs to be better",
    ),
    FindingKind.IMPROVEMENT: KindInfo(
        FindingKind.IMPROVEMENT,
        "Area for improvement",
        "Areas for improvement",
        "area-for-improvement",
        "#DD5A9C",
        "stripes",
        "#0B0C0C",
        "kind-tag--improvement",
        "an area for improvement",
    ),
    FindingKind.PRIORITY_ACTION: KindInfo(
        FindingKind.PRIORITY_ACTION,
        "Priority action",
        "Priority actions",
        "priority-action",
        "#0B0C0C",
        "crosses",
        "#FFFFFF",
        "kind-tag--priority-action",
        "a priority action",
    ),
}
# The kinds that tell an area what it must fix (theme pages quote them in this order).
TOLD_TO_IMPROVE = [FindingKind.IMPROVEMENT, FindingKind.PRIORITY_ACTION]

# What the theme pages say about where their tags come from.
THEMES_REVIEWED = (
    "The themes of {reviewed} of the {findings} findings counted here were reviewed, finding by "
    "finding; the rest were tagged by keyword rules."
)
THEMES_ALL_REVIEWED = (
    "The themes of every finding counted here ({findings}) were reviewed, finding by finding."
)
# Beside a quoted finding whose themes came from the rules (reports not yet reviewed).
THEMES_BY_RULES = "Themes tagged by keyword rules, not yet reviewed"

# The first option of a filter's select, choosing none: by filter name.
ANY_OPTION = {
    "region": "Any region",
    "framework": "Any framework",
    "source_kind": "Any source",
    "next_kind": "Any next inspection",
    "due": "Due or not",
    "sort": "Area, A to Z (the default)",
}

# What the searches say, and the words they treat as one: spelt in reports/search_words.py.
ALSO_OUTSIDE_ENGLAND = search_words.ALSO_OUTSIDE_ENGLAND
OUTSIDE_ENGLAND_PLACE = search_words.OUTSIDE_ENGLAND_PLACE
PLACE_ACROSS_BOUNDARY = search_words.PLACE_ACROSS_BOUNDARY
PLACES_OF_ONE_NAME = search_words.PLACES_OF_ONE_NAME
PLACES_UNAVAILABLE = search_words.PLACES_UNAVAILABLE
POSTCODE_PROBLEMS = search_words.POSTCODE_PROBLEMS
SEARCH_SYNONYMS = search_words.SEARCH_SYNONYMS

# Regions: the nine, and the group of areas whose region no source states.
REGION_LABELS = dict(Region.choices)  # built once: the enum builds its lists on every access
NOT_STATED_REGION = "Region not stated"
NOT_STATED_REGION_LONG = "Region not stated in our sources"
NO_REGION_SLUG = "not-stated"


def region_name(code: str) -> str:
    return REGION_LABELS.get(code, NOT_STATED_REGION)


def region_code(code: str) -> str:
    """The code if it is a region's, else "" (the group of areas whose region is not stated)."""
    return code if code in REGION_LABELS else ""


def region_slug(code: str) -> str:
    return slugify(REGION_LABELS[code]) if code else NO_REGION_SLUG
