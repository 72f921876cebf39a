"""The twin of a finding's own page: its row as the findings download gives it, and more."""

from reports.selectors.finding import finding_record


def finding_detail(context: dict) -> dict:
    return {"finding": finding_record(context["page"])}
