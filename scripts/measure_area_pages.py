"""How long every area page is on a 375 px phone, and how many A4 pages the longest print on.

    .venv/bin/python scripts/measure_area_pages.py [SITE]   # SITE: http://127.0.0.1:8000 (make run)

For each area page (from the site's /data/areas.csv): its height in screens of 667 px, and the
screen on which the latest outcome, the first thing that must improve, what happens next and the
link to the report end; longest pages first, then the A4 page count of the three longest. The
browser test tests/browser/test_area_length.py measures the same way and fails past the limits.
Needs Playwright and Debian's chromium (scripts/install-system-deps.sh).
"""

import csv
import io
import sys
from dataclasses import dataclass

WIDTH, SCREEN = 375, 667
MAX_SCREENS = 10  # the whole page, by default
MAX_KEY_SCREEN = 4  # the outcome, what must improve, what happens next and the report link
MAX_PRINTED_PAGES = 3
PRINTED = 3  # how many of the longest pages are printed
CHROMIUM = "/usr/bin/chromium"
# What a parent looks for first, by the element that shows it (templates/reports/area_detail.html).
KEYS = {
    "outcome": "#outcome",
    "must improve": "#must-improve li",
    "next": "#next-due",
    "report": "#report-link",
}
MEASURE = """([selectors, screen]) => {
  const bottom = selector => {
    const element = document.querySelector(selector);
    if (!element) return null;
    return (element.getBoundingClientRect().bottom + window.scrollY) / screen;
  };
  return {
    height: document.documentElement.scrollHeight / screen,
    keys: Object.fromEntries(Object.entries(selectors).map(([k, s]) => [k, bottom(s)])),
  };
}"""


@dataclass
class Measure:
    path: str
    screens: float
    keys: dict[str, float | None]  # the screen each key item ends on; None where the page has none
    printed: int | None = None  # A4 pages, for the longest

    def faults(self) -> list[str]:
        faults = []
        if self.screens > MAX_SCREENS:
            faults.append(f"{self.path}: {self.screens:.1f} screens, over {MAX_SCREENS}")
        for key, screen in self.keys.items():
            if screen is not None and screen > MAX_KEY_SCREEN:
                faults.append(f"{self.path}: {key} ends on screen {screen:.1f}")
        if self.printed is not None and self.printed > MAX_PRINTED_PAGES:
            faults.append(f"{self.path}: {self.printed} A4 pages printed")
        return faults


def area_paths(page, site: str) -> list[str]:
    response = page.request.get(f"{site}/data/areas.csv")
    assert response.ok, f"{site}/data/areas.csv: {response.status}"
    return [row["page"] for row in csv.DictReader(io.StringIO(response.text()))]


def printed_pages(page) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(page.pdf(format="A4")))


def measure(page, site: str) -> list[Measure]:
    """Every area page, longest first, the longest printed too. `page` is a Playwright page
    whose viewport is WIDTH wide; it is reused for every area, which keeps this quick."""
    found = []
    for path in area_paths(page, site):
        response = page.goto(site + path)
        assert response and response.ok, f"{path}: {response and response.status}"
        figures = page.evaluate(MEASURE, [KEYS, SCREEN])
        found.append(Measure(path=path, screens=figures["height"], keys=figures["keys"]))
    found.sort(key=lambda m: -m.screens)
    for measured in found[:PRINTED]:
        page.goto(site + measured.path)
        measured.printed = printed_pages(page)
    return found


def table(measures: list[Measure]) -> str:
    def cell(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    rows = [f"{'area page':<48} {'screens':>7} " + " ".join(f"{k:>12}" for k in KEYS) + "   A4"]
    for m in measures:
        keys = " ".join(f"{cell(m.keys[k]):>12}" for k in KEYS)
        printed = "" if m.printed is None else f"{m.printed:>5}"
        rows.append(f"{m.path:<48} {m.screens:>7.1f} {keys}{printed}")
    return "\n".join(rows)


def main(site: str) -> int:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless"])
        page = browser.new_page(viewport={"width": WIDTH, "height": SCREEN})
        measures = measure(page, site.rstrip("/"))
        browser.close()
    print(table(measures))
    faults = [fault for m in measures for fault in m.faults()]
    print("\n".join(faults) or f"All {len(measures)} area pages are within the limits.")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"))
