"""The researchers' lists: every finding and every inspection, in the order the lists show them."""

from django.db.models import QuerySet

from reports.models import Finding, Inspection


def finding_list() -> QuerySet[Finding]:
    """Newest reports first; a filter narrows it and a page of it is shown or downloaded."""
    return Finding.objects.order_by(
        "-inspection__published", "inspection__area__name", "kind", "order"
    )


def finding_rows(page: QuerySet[Finding]) -> list[Finding]:
    """One page of findings with what each row shows, in two more queries."""
    return list(page.select_related("inspection__area", "source").prefetch_related("themes"))


def inspection_list() -> QuerySet[Inspection]:
    return Inspection.objects.order_by("area__name", "-published", "-start_date", "pk")


def inspection_rows(page: QuerySet[Inspection]) -> list[Inspection]:
    return list(page.select_related("area"))
