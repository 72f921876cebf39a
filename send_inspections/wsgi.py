import os

from django.core.wsgi import get_wsgi_application

from send_inspections.baked import with_baked_pages

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_inspections.settings")
# A web server's process: the tight database limits of settings.WEB_PROCESS apply.
os.environ.setdefault("DJANGO_WEB_PROCESS", "1")

# Baked pages are served in front of Django, when settings.BAKE is on.
application = with_baked_pages(get_wsgi_application())
