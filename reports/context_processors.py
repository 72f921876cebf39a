from django.conf import settings
from django.urls import reverse

NAVIGATION = [
    ("reports:home", "Find your area"),
    ("reports:findings", "Findings"),
    ("reports:inspections", "Inspections"),
    ("reports:data", "Data"),
    ("reports:glossary", "Glossary"),
    ("reports:about", "About the data"),
    ("reports:compare", "Compare areas"),
    ("reports:themes", "Themes"),
    ("reports:outcomes", "Outcomes in England"),
]


def site(request):
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
