"""Who the local area partnership is: the council and the integrated care board(s), as the
report's "Information about the local area partnership" names them.

Most reports name both in one sentence ("Bedford Borough Council and the NHS Bedfordshire,
Luton and Milton Keynes Integrated Care Board (ICB) are responsible for planning and
commissioning services …"). A few older ones name the board in one sentence ("On 1 July 2022,
North East and North Cumbria Integrated Care Board became responsible …") and the council only
in another, so each name keeps the sentence it comes from. A name is the report's words with
the article and the bracketed abbreviation left off ("the … Integrated Care Board (ICB)").
"""

import re

from reports.importers import text as clean
from reports.importers.pdf.layout import join_lines
from reports.importers.pdf.record import Partnership, ReportLayoutError, Sentence
from reports.importers.pdf.sections import ABOUT_AREA, Section

SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z‘“])")
# The sentence that names the partners, and the part of it that lists them.
MEMBERS = [
    re.compile(
        r"^(?:(?:On|In) [^,]+, )?(?P<members>.+?) (?:are|became)(?: jointly)? responsible for "
        r"(?:the )?(?:planning|commissioning|delivery)"
    ),
    re.compile(r"^(?P<members>.+?) share responsibility"),
    re.compile(r"^The local area partnership is made up of (?P<members>.+)\.$"),
]
# One board at the start of what is left of the list, with what joins it to the one before.
BOARD = re.compile(
    r"(?:,\s*|\s*\band\s+)*(?:[Tt]he )?(?P<name>[A-Z].*?(?:Integrated Care Board|ICB))"
    r"(?: \([^)]*\))?(?=$|,| and )"
)
NOT_A_BOARD = re.compile(r"\b(?:council|trust|local authority)\b", re.IGNORECASE)


def council_pattern(area: str) -> re.Pattern:
    """The council of the named area: "Essex County Council", "Wakefield Metropolitan District
    Council", "The London Borough of Barking and Dagenham", "The Royal Borough of Greenwich
    local authority" (the words outside the name group are left off the name)."""
    name = re.escape(area)
    return re.compile(
        rf"(?:[Tt]he )?(?P<name>(?:London|Royal) Borough of {name}"
        rf"|{name}(?: (?:Borough|City|County|Metropolitan|District))* Council)"
        r"(?: local authority)?"
    )


def sentences_of(section: Section, vocabulary: clean.Vocabulary) -> list[Sentence]:
    """The section's sentences, each with the page it starts on."""
    text = join_lines(section.lines, vocabulary)
    # Where each line starts in the joined text: the lines before it, joined, are a prefix of it.
    starts = [
        (len(join_lines(section.lines[:index], vocabulary)), line.page)
        for index, line in enumerate(section.lines)
    ]
    found, offset = [], 0
    for part in SENTENCE_END.split(text):
        offset = text.index(part, offset)
        page = next(page for start, page in reversed(starts) if start <= offset)
        found.append(Sentence(part, page))
        offset += len(part)
    return found


def boards_in(members: str) -> list[str]:
    """The boards named at the start of the list, one after the other; the rest (a children's
    trust, "the local authority") is not a board."""
    boards, at = [], 0
    while match := BOARD.match(members, at):
        if NOT_A_BOARD.search(match.group("name")):
            raise ReportLayoutError(f"{match.group('name')!r} is not an integrated care board")
        boards.append(match.group("name"))
        at = match.end()
    return boards


def read_members(sentence: Sentence, council: re.Pattern) -> tuple[str, list[str]]:
    """(the council, the boards) a sentence names as the partners; blank where it names none."""
    match = next((m for p in MEMBERS if (m := p.match(sentence.text))), None)
    if match is None:
        return "", []
    members = match.group("members")
    found = council.search(members)
    if found is None:
        return "", boards_in(members)
    before, after = members[: found.start()], members[found.end() :]
    return found.group("name"), boards_in(before) + boards_in(after)


def parse_partnership(
    section: Section | None, area: str, vocabulary: clean.Vocabulary
) -> Partnership:
    if section is None:
        raise ReportLayoutError(f"no section {ABOUT_AREA!r}")
    council = council_pattern(area)
    sentences = sentences_of(section, vocabulary)
    read = [(sentence, *read_members(sentence, council)) for sentence in sentences]
    both = next(((s, c, b) for s, c, b in read if c and b), None)
    if both:
        sentence, name, boards = both
        return Partnership(name, tuple(boards), (sentence,))
    board_sentence, _, boards = next(((s, c, b) for s, c, b in read if b), (None, "", []))
    council_sentence = next((s for s in sentences if council.search(s.text)), None)
    if board_sentence is None or council_sentence is None:
        missing = "integrated care board" if board_sentence is None else f"council of {area}"
        raise ReportLayoutError(f"{ABOUT_AREA!r} names no {missing}")
    name = council.search(council_sentence.text).group("name")
    in_order = sorted({council_sentence, board_sentence}, key=sentences.index)
    return Partnership(name, tuple(boards), tuple(in_order))
