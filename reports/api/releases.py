"""The twin of the data releases page: each release on the page, with what it changed."""

from reports.api.common import pagination


def release_list(context: dict) -> dict:
    page_obj = context["page_obj"]
    return {
        "pagination": pagination(page_obj),
        "releases": [
            {
                "loaded_at": entry.release.version.loaded_at,
                "data_as_of": entry.release.data_as_of,
                "compared_with": entry.release.get_compared_with_display(),
                "first": entry.release.is_first,
                "counts": entry.counts,
                # The page's links: an area or source the site still holds has its address.
                "changes": {
                    subject: {
                        change: [
                            {"text": m.text, "url": m.url or None, "findings": m.count}
                            for m in mentions
                        ]
                        for change, mentions in by_change
                    }
                    for subject, by_change in entry.mentions.items()
                },
            }
            for entry in page_obj.object_list
        ],
    }
