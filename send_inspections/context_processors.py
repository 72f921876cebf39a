def site(request):
    return {"service_name": "send_inspections"}
