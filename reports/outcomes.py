"""Plain-English explanations of each outcome; Ofsted's own words stand beside them."""

from .models import Outcome

EXPLANATIONS = {
    Outcome.POSITIVE: {
        "summary": "Inspectors found that children and young people with SEND in this area "
        "usually have good experiences and do well.",
        "next": "The council and the NHS are expected to keep improving where they need to. "
        "The next full inspection is usually within about five years.",
    },
    Outcome.INCONSISTENT: {
        "summary": "Inspectors found that experiences vary: some children and young people with "
        "SEND get the help they need, but others do not.",
        "next": "The council and the NHS must work together to improve. Inspectors ask them to "
        "update and publish their plan for SEND, based on the report's recommendations. "
        "The next full inspection is usually within about three years.",
    },
    Outcome.SYSTEMIC: {
        "summary": "Inspectors found serious problems across the area that affect many children "
        "and young people with SEND.",
        "next": "The council and the NHS must act urgently and send inspectors a priority action "
        "plan. Inspectors usually come back for a monitoring inspection within about 18 months, "
        "and for a full inspection within about three years.",
    },
    Outcome.WSOA_REQUIRED: {
        "summary": "Under the older framework (2016 to 2022), inspectors found significant "
        "weaknesses and required the area to write a statement of how it would fix them.",
        "next": "Inspectors later revisited to check progress.",
    },
    Outcome.NO_WSOA: {
        "summary": "Under the older framework (2016 to 2022), inspectors described strengths and "
        "weaknesses but did not require a written statement of action.",
        "next": "",
    },
    Outcome.UNKNOWN: {
        "summary": "Our sources do not state the outcome of this inspection.",
        "next": "",
    },
}

OLDER_FRAMEWORK = (
    "Inspections from 2016 to 2022 did not give one of today's three outcomes. Inspectors wrote "
    "a letter about strengths and weaknesses, and could require a written statement of action. "
    "Results under the two frameworks cannot be compared."
)
