"""Terms parents meet on inspection pages, in plain English. Templates link to them by slug."""

import re
from dataclasses import dataclass

from .vocabulary import OUTCOMES, Outcome


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    definition: str
    # Where a quoted finding uses the term, the page lists it under "Words used on this page".
    pattern: re.Pattern | None = None


TERMS = [
    Term(
        "send",
        "SEND",
        (
            "Special educational needs and/or disabilities. A child or young person has SEND if "
            "they need extra help to learn, or have a disability, compared with others of the "
            "same age."
        ),
    ),
    Term(
        "local-area-partnership",
        "Local area partnership",
        (
            "The council and the NHS integrated care board for an area, working together with "
            "schools, colleges and other services to plan and pay for help for children and young "
            "people with SEND."
        ),
    ),
    Term(
        "integrated-care-board",
        "Integrated care board (ICB)",
        (
            "The NHS body that plans and pays for health services in an area. Integrated care "
            "boards replaced clinical commissioning groups (CCGs) in July 2022."
        ),
        re.compile(r"\bintegrated care board\b|\bICB\b", re.IGNORECASE),
    ),
    Term(
        "area-send-inspection",
        "Area SEND inspection",
        (
            "A joint inspection by Ofsted and the Care Quality Commission (CQC) of how well a "
            "local area partnership meets the needs of children and young people with SEND. It "
            "looks at the whole area, not one school."
        ),
    ),
    Term(
        "ehc-plan",
        "EHC plan",
        (
            "An education, health and care plan: a legal document for a child or young person "
            "aged up to 25 that sets out their needs and the help they must get. The council must "
            "follow legal time limits when it assesses a child and writes a plan."
        ),
        re.compile(r"\bEHC\b|education,? health and care", re.IGNORECASE),
    ),
    Term(
        "annual-review",
        "Annual review",
        (
            "The yearly meeting and check of an EHC plan, to see whether it still describes the "
            "child's needs and the help they get."
        ),
        re.compile(r"\bannual reviews?\b", re.IGNORECASE),
    ),
    Term(
        "co-production",
        "Co-production",
        (
            "Families, children and young people working with the people who run services to "
            "design and make decisions about those services together."
        ),
        re.compile(r"\bco-?production\b|\bco-produc", re.IGNORECASE),
    ),
    Term(
        "preparing-for-adulthood",
        "Preparing for adulthood",
        (
            "Help for young people with SEND to get ready for adult life: further study or work, "
            "living independently, health, friends and being part of the community."
        ),
        re.compile(r"\badulthood\b", re.IGNORECASE),
    ),
    Term(
        "neurodevelopmental-assessment",
        "Neurodevelopmental assessment",
        (
            "An assessment by health professionals for conditions such as autism or ADHD. In many "
            "areas families wait a long time for one."
        ),
        re.compile(r"\bneuro-? ?developmental\b", re.IGNORECASE),
    ),
    Term(
        "camhs",
        "CAMHS",
        (
            "Child and adolescent mental health services: NHS help for children and young people "
            "with their mental health."
        ),
        re.compile(r"\bCAMHS\b", re.IGNORECASE),
    ),
    Term(
        "sendiass",
        "SENDIASS",
        (
            "The SEND Information, Advice and Support Service: free, impartial and confidential "
            "advice for children, young people and parents about SEND."
        ),
        re.compile(r"\bSENDIASS\b", re.IGNORECASE),
    ),
    Term(
        "parent-carer-forum",
        "Parent carer forum",
        (
            "An independent group of parents and carers of disabled children that works with the "
            "council and the NHS so that services meet families' needs."
        ),
        re.compile(
            r"\bparent carer forum\b|\bParent Carer\b|\bparent and carer forum\b", re.IGNORECASE
        ),
    ),
    Term(
        "local-offer",
        "Local offer",
        (
            "The information every council must publish about the help and services available in "
            "its area for children and young people with SEND."
        ),
        re.compile(r"\blocal offer\b", re.IGNORECASE),
    ),
    Term(
        "written-statement-of-action",
        "Written statement of action",
        (
            "Under the older inspection framework (2016 to 2022), a plan that inspectors could "
            "require an area to write to show how it would fix significant weaknesses."
        ),
        re.compile(r"\bwritten statement of action\b", re.IGNORECASE),
    ),
]


# The labels findings carry: each kind of list in a report, and the words second-hand sources use.
FINDING_LABELS = [
    Term(
        "strength",
        "Strength",
        "Something the local area partnership does well, from the report's list under “What is "
        "the area partnership doing that is effective?”.",
    ),
    Term(
        "needs-to-do-better",
        "Needs to do better",
        "A weakness, from the report's list under “What does the area partnership need to do "
        "better?”. It describes what is not yet good enough; it is not itself an instruction.",
    ),
    Term(
        "area-for-improvement",
        "Area for improvement",
        "What the report says the partnership must improve. The partnership is expected to "
        "update and publish its SEND plan to address these. Press releases sometimes call them "
        "“recommendations”.",
    ),
    Term(
        "recommendation",
        "Recommendation",
        "The word some councils' press releases use for the report's areas for improvement. We "
        "show it when a finding is quoted from such a press release rather than from the report.",
    ),
    Term(
        "priority-action",
        "Priority action",
        "Given only with the outcome “widespread and/or systemic failings”: something a named "
        "body (the council, the integrated care board, or both) must fix urgently. The "
        "partnership must send inspectors a priority action plan.",
    ),
    Term(
        "quoted-in-press-release",
        "Quoted in a press release or news report",
        "A finding we could only take from a council's press release or a news report that "
        "quotes the report, because the report's text is not yet in our sources. The words are "
        "the report's as the press release or news report gives them; a news report may quote "
        "only part of a sentence.",
    ),
    Term(
        "monitoring-inspection",
        "Monitoring inspection",
        "A shorter visit, usually about 18 months after an area was found to have widespread or "
        "systemic failings, to check progress on the priority actions. It does not give a new "
        "outcome.",
    ),
    Term(
        "full-inspection",
        "Full inspection",
        "An area SEND inspection that looks at the whole partnership and gives one of the three "
        "outcomes. How soon the next one comes depends on the outcome: usually within about five "
        "years, three years, or (after systemic failings) three years with a monitoring "
        "inspection in between.",
    ),
]
OUTCOME_TERMS = [
    Term(info.glossary_slug, info.label, info.glossary)
    for outcome, info in OUTCOMES.items()
    if outcome in (Outcome.POSITIVE, Outcome.INCONSISTENT, Outcome.SYSTEMIC)
]
TERMS = TERMS + OUTCOME_TERMS + FINDING_LABELS
GLOSSARY_TERMS = sorted(TERMS, key=lambda term: term.term.casefold())


def terms_used_in(texts) -> list[Term]:
    """The glossary terms that occur in any of the texts, in glossary order."""
    joined = "\n".join(texts)
    return [term for term in TERMS if term.pattern and term.pattern.search(joined)]
