"""Templates name domain words through the vocabulary, never by their stored values, and stay
readable: a template that tests `outcome == "systemic"` silently breaks when a value is renamed,
and one line of several hundred characters hides what it renders."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
MAX_LINE = 200
TAG = re.compile(r"{%.*?%}")
# A comparison with a quoted literal on either side: `kind == "strength"`, `'systemic' != x`.
RAW_COMPARISON = re.compile(r"""(?:==|!=)\s*["']|["']\s*(?:==|!=)""")


def raw_comparisons(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # Only inside template tags: the data page's code samples compare in pandas and R.
            found += [
                f"{path.relative_to(folder)}:{number}: {tag}"
                for tag in TAG.findall(line)
                if RAW_COMPARISON.search(tag)
            ]
    return found


def long_lines(folder: Path) -> list[str]:
    return [
        f"{path.relative_to(folder)}:{number} ({len(line)} characters)"
        for path in sorted(folder.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > MAX_LINE
    ]


def test_templates_compare_no_raw_choice_value():
    assert raw_comparisons(TEMPLATES) == []


def test_template_lines_are_at_most_200_characters():
    assert long_lines(TEMPLATES) == []


def test_the_checks_find_what_they_forbid(tmp_path):
    (tmp_path / "page.html").write_text(
        '{% if inspection.outcome == "systemic" %}x{% endif %}\n'
        "{% if 'strength' != finding.kind %}y{% endif %}\n"
        f"<p>{'a' * MAX_LINE}</p>\n"
        '<pre>improvements = findings[findings["kind"] == "improvement"]</pre>\n',
        encoding="utf-8",
    )
    assert len(raw_comparisons(tmp_path)) == 2
    assert long_lines(tmp_path) == ["page.html:3 (207 characters)"]
