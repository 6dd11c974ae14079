"""ASGI entry point, for servers that prefer it; Yupana runs on WSGI by default."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yupana.project.settings")
application = get_asgi_application()
