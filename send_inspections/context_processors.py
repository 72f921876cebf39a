from django.urls import reverse

NAVIGATION = [
    ("areas:index", "Find your area"),
    ("glossary", "Glossary"),
    ("about", "About the data"),
]


def site(request):
    path = getattr(request, "path", "")
    items = []
    for name, label in NAVIGATION:
        url = reverse(name)
        active = path == url or (name == "areas:index" and path.startswith("/areas/"))
        items.append({"url": url, "label": label, "active": active})
    return {"service_name": "send_inspections", "navigation": items}
