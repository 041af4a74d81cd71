"""The site as production serves it: Django, with MEDIA_ROOT served beside it (a production web
server's job; Django serves no uploads when DEBUG is off)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from whitenoise import WhiteNoise

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "penpals.settings")
application = WhiteNoise(
    get_wsgi_application(), root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL
)
