import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_inspections.settings")
# A web server's process: the tight database limits of settings.WEB_PROCESS apply.
os.environ.setdefault("DJANGO_WEB_PROCESS", "1")

application = get_wsgi_application()
