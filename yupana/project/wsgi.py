"""WSGI entry point (gunicorn yupana.project.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yupana.project.settings")
application = get_wsgi_application()
