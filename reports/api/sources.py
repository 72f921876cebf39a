"""The twins of the sources list, each source's page and the data-quality notes."""

from django.urls import reverse

from reports.api.common import area, pagination, source


def source_counts(counts) -> list[dict]:
    return [{"kind": label, "sources": n} for label, n in counts]


def source_list(context: dict) -> dict:
    page_obj = context["page_obj"]
    return {
        "counts": source_counts(context["source_counts"]),
        "pagination": pagination(page_obj),
        "sources": [source(s) for s in page_obj.object_list],
    }


def source_detail(context: dict) -> dict:
    page = context["page"]
    return {
        "source": {
            **source(page.source),
            "file": page.source.file,
            "file_url": reverse("reports:source-file", args=[page.source.slug]),
            "second_hand": page.source.is_second_hand,
        },
        "findings": page.findings,
        "responses": page.responses,
        "inspections": [
            {
                "id": i.pk,
                "area": area(i.area),
                "framework": i.framework,
                "dates": i.dates_display,
                "url": i.get_absolute_url(),
            }
            for i in page.inspections
        ],
    }


def data_quality(context: dict) -> dict:
    page_obj = context["page_obj"]
    return {
        "pagination": pagination(page_obj),
        "notes": [
            {
                "area": area(note.inspection.area),
                "inspection": note.inspection.pk,
                "dates": note.inspection.dates_display,
                "field": note.field,
                "note": note.note,
                "source": note.source.slug,
            }
            for note in page_obj.object_list
        ],
    }
