"""WSGI entry point: `gunicorn penpals.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "penpals.settings")
application = get_wsgi_application()
