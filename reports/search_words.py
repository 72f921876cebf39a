"""The searches' words, part of the domain vocabulary (reports/vocabulary.py re-exports them):
what the name, postcode and place search say when they cannot take a parent straight to an area,
and the spellings the reports use interchangeably, which the findings search treats as one."""

from areas.selectors import PostcodeStatus

# What the search says about a postcode it could not take to an area; {postcode} is the query
# written as a postcode. A postcode that is found needs no words: the page goes to its area.
POSTCODE_PROBLEMS = {
    PostcodeStatus.UNKNOWN: "{postcode} looks like a postcode, but it is not in the ONS Postcode "
    "Directory we use. Check it, or search by your town or council instead.",
    PostcodeStatus.OUTSIDE_ENGLAND: "{postcode} is outside England. Area SEND inspections by "
    "Ofsted and the CQC cover England only; Scotland, Wales and Northern Ireland inspect "
    "services differently.",
    PostcodeStatus.UNAVAILABLE: "Searching by postcode is not available on this copy of the "
    "service at the moment. Search by your town or council instead.",
}

# What the search says about a town or village: {place} is its name, {countries} the countries
# outside England with a place of that name. A place in one area needs no words: the page goes
# to its area.
OUTSIDE_ENGLAND_PLACE = (
    "{place} is in {countries}, outside England. Area SEND inspections by Ofsted and the CQC "
    "cover England only; Scotland, Wales and Northern Ireland inspect services differently."
)
PLACES_OF_ONE_NAME = (
    "More than one place in England is called {place}. Choose the area of the one you mean."
)
PLACE_ACROSS_BOUNDARY = (
    "{place} lies across the boundary between areas. Choose the area of the part you live in."
)
ALSO_OUTSIDE_ENGLAND = "There is also a {place} in {countries}, outside England."
PLACES_UNAVAILABLE = (
    "Searching by town or village is not available on this copy of the service at the moment. "
    "Search by your postcode or council instead."
)


# Words and spellings the reports use interchangeably: searching for any one of a group finds
# findings that use any other (reports/search.py). Plurals and capitals are listed only so a
# query in those words is recognised; matching itself is case-blind and stemmed.
SEARCH_SYNONYMS = [
    (
        "EHCP",
        "EHCPs",
        "EHC plan",
        "EHC plans",
        "education, health and care plan",
        "education, health and care plans",
    ),
    ("coproduction", "co-production", "co-produce", "coproduce", "co-produced", "co-producing"),
    (
        "SALT",
        "speech and language therapy",
        "speech and language therapist",
        "speech and language therapists",
    ),
    (
        "CAMHS",
        "child and adolescent mental health service",
        "child and adolescent mental health services",
    ),
    (
        "SENCo",
        "SENCos",
        "SENDCo",
        "SENDCos",
        "special educational needs coordinator",
        "special educational needs coordinators",
        "special educational needs co-ordinator",
        "special educational needs co-ordinators",
    ),
    ("ND", "neurodevelopmental"),
]
