"""The partners as each report names them ("Information about the local area partnership"),
read by reports/importers/pdf/partners.py: on the older, the 2024 and the June 2025 layouts,
and on sections written in the few other ways reports word them."""

import functools
from pathlib import Path

import pytest
from django.conf import settings

from reports.importers import pdf as reports_pdf
from reports.importers.pdf import ReportLayoutError, parse_report
from reports.importers.pdf import partners as partners_module
from reports.importers.pdf.layout import Line, Word
from reports.importers.pdf.partners import parse_partnership
from reports.importers.pdf.sections import ABOUT_AREA, Section
from reports.importers.text import Vocabulary, normalise, pdf_text

PDFS = Path(settings.SOURCES_DIR) / "reports"


@functools.cache
def parsed(stem: str) -> reports_pdf.ParsedReport:
    return parse_report(PDFS / f"{stem}.pdf")


def section(*lines: tuple[int, str]) -> Section:
    """A section of (page, text) lines, each a line of 12pt body text."""
    return Section(
        ABOUT_AREA,
        [
            Line(page, [Word(text, 57, 500, 100 + 15 * i, 112 + 15 * i, "Arial", 12)])
            for i, (page, text) in enumerate(lines)
        ],
    )


def read(*lines: tuple[int, str], area: str = "Northtestshire"):
    text = " ".join(text for _, text in lines)
    return parse_partnership(section(*lines), area, Vocabulary(text))


def test_the_older_layout_names_the_council_and_board_in_one_sentence():
    """Cornwall, May 2023: the board is "Cornwall and the Isles of Scilly Integrated Care Board
    (ICB)", an "and" inside its name."""
    partnership = parsed("cornwall-2023-05-05").partnership
    assert partnership.council == "Cornwall Council"
    assert partnership.integrated_care_boards == (
        "Cornwall and the Isles of Scilly Integrated Care Board",
    )
    (sentence,) = partnership.sentences
    assert sentence.page == 1
    assert sentence.text.startswith(
        "Cornwall Council and Cornwall and the Isles of Scilly Integrated Care Board (ICB) are "
        "responsible for commissioning and planning the services"
    )
    assert normalise(sentence.text) in normalise(pdf_text(PDFS / "cornwall-2023-05-05.pdf"))


def test_a_2024_report_naming_two_boards():
    """Suffolk, 2024: two boards, the second called by its short form, as printed."""
    partnership = parsed("suffolk-2024-01-30").partnership
    assert partnership.council == "Suffolk County Council"
    assert partnership.integrated_care_boards == (
        "NHS Suffolk and North East Essex Integrated Care Board",
        "NHS Norfolk and Waveney ICB",
    )
    (sentence,) = partnership.sentences
    assert sentence.text.startswith("Suffolk County Council, the NHS Suffolk and North East")


def test_the_june_2025_layout_naming_three_boards_and_the_json_keeping_the_sentence():
    """Essex, 2026: the council and three boards; the JSON keeps the names and the sentence."""
    partnership = parsed("essex-2026-05-20").partnership
    assert partnership.council == "Essex County Council"
    assert partnership.integrated_care_boards == (
        "NHS Mid and South Essex Integrated Care Board",
        "NHS Suffolk and North East Essex ICB",
        "NHS Hertfordshire and West Essex ICB",
    )
    stem = "essex-2026-05-20"
    row = reports_pdf.read_manifest(PDFS)[f"{stem}.pdf"]
    data = reports_pdf.report_data(PDFS / f"{stem}.pdf", parsed(stem), row)
    assert data["partnership"] == {
        "council": "Essex County Council",
        "integrated_care_boards": list(partnership.integrated_care_boards),
        "sentences": [{"text": partnership.sentences[0].text, "page": 1}],
    }


def test_a_report_naming_the_council_and_the_board_in_different_sentences():
    """Gateshead, 2023: no sentence names both, so each name keeps its own sentence, in the
    report's order."""
    partnership = parsed("gateshead-2023-07-24").partnership
    assert partnership.council == "Gateshead Metropolitan Borough Council"
    assert partnership.integrated_care_boards == (
        "North East and North Cumbria Integrated Care Board",
    )
    board, council = partnership.sentences
    assert board.text.startswith("On 1 July 2022, North East and North Cumbria Integrated Care")
    assert council.text.startswith("Gateshead Metropolitan Borough Council commissions")


def test_a_report_without_the_section_fails_naming_the_report(monkeypatch):
    real = reports_pdf.split_sections

    def without_partnership(pages):
        sections = real(pages)
        sections.pop(ABOUT_AREA)
        return sections

    monkeypatch.setattr(reports_pdf, "split_sections", without_partnership)
    with pytest.raises(ReportLayoutError) as error:
        parse_report(PDFS / "bedford-2025-02-04.pdf")
    assert str(error.value) == (
        "bedford-2025-02-04.pdf: no section 'Information about the local area partnership'"
    )


def test_a_borough_the_article_and_the_abbreviation_are_left_off_the_names():
    partnership = read(
        (1, "The London Borough of Northtestshire and the NHS North Test, Upper and Lower"),
        (1, "Integrated Care Board (NHS NTUL ICB) are jointly responsible for the planning"),
        (2, "of services. The partnership commissions alternative provision."),
    )
    assert partnership.council == "London Borough of Northtestshire"
    assert partnership.integrated_care_boards == (
        "NHS North Test, Upper and Lower Integrated Care Board",
    )
    (sentence,) = partnership.sentences
    assert sentence.page == 1 and sentence.text.endswith("for the planning of services.")


def test_a_childrens_trust_among_the_partners_is_not_a_board():
    partnership = read(
        (1, "Northtestshire Council, NHS Testshire Integrated Care Board and Northtestshire"),
        (1, "Children’s Trust are responsible for planning and commissioning services."),
    )
    assert partnership.council == "Northtestshire Council"
    assert partnership.integrated_care_boards == ("NHS Testshire Integrated Care Board",)


def test_the_sentence_naming_both_is_preferred_and_its_page_is_where_it_starts():
    partnership = read(
        (1, "On 1 July 2022, NHS Testshire ICB became responsible for the commissioning of"),
        (1, "health services in Northtestshire. Northtestshire City Council and NHS"),
        (2, "Testshire ICB are jointly responsible for the planning of services."),
    )
    assert partnership.council == "Northtestshire City Council"
    assert partnership.integrated_care_boards == ("NHS Testshire ICB",)
    (sentence,) = partnership.sentences
    assert sentence.page == 1 and sentence.text.startswith("Northtestshire City Council and")


@pytest.mark.parametrize(
    "lines, missing",
    [
        ([(1, "Northtestshire Council commissions alternative provision.")], "integrated care"),
        (
            [(1, "NHS Testshire Integrated Care Board is responsible for health services.")],
            "integrated care",
        ),
        (
            [(1, "NHS Testshire ICB and the council are responsible for the planning of it.")],
            "council of Northtestshire",
        ),
    ],
)
def test_a_section_naming_no_council_or_no_board_fails(lines, missing):
    with pytest.raises(ReportLayoutError, match=f"names no {missing}"):
        read(*lines)


def test_a_council_read_as_a_board_fails():
    with pytest.raises(ReportLayoutError, match="is not an integrated care board"):
        partners_module.boards_in("Testshire Council Integrated Care Board")
