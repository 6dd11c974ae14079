"""WSGI entry point (gunicorn yupana.project.wsgi).

Each web process compiles SUNAT's schemas and rule sheets in a background thread as soon as it
starts (about 2 s of CPU), so the first sale after a deploy does not wait for them.
``YUPANA_PRELOAD_RULES=0`` turns that off.
"""

import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yupana.project.settings")
application = get_wsgi_application()


def _preload_rules() -> None:
    from yupana.sunat import validation

    validation.preload()


if os.environ.get("YUPANA_PRELOAD_RULES", "1") != "0":
    threading.Thread(target=_preload_rules, name="sunat-preload", daemon=True).start()
