"""What every page's template is given: the service name, the feedback address, the navigation."""

from django.conf import settings
from django.urls import reverse

# Parents first, then councillors, then researchers; the glossary and about pages are in the
# footer too.
NAVIGATION = [
    ("reports:home", "Find your area"),
    ("reports:compare", "Compare areas"),
    ("reports:outcomes", "Outcomes in England"),
    ("reports:themes", "Themes"),
    ("reports:findings", "Findings"),
    ("reports:inspections", "Inspections"),
    ("reports:data", "Data"),
    ("reports:about", "About"),
]


def site(request):
    # An area's own page sits under "Find your area", which is how a reader reaches it.
    path = getattr(request, "path", "")
    items = []
    for name, label in NAVIGATION:
        url = reverse(name)
        active = path == url or (name == "reports:home" and path.startswith("/areas/"))
        items.append({"url": url, "label": label, "active": active})
    return {
        "service_name": settings.SERVICE_NAME,
        "feedback_url": settings.FEEDBACK_URL,
        "navigation": items,
    }
