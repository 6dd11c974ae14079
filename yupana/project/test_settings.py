"""Settings for the test suite: the real settings with fixed keys, fast hashing and mail in memory."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789")
# A fixed Fernet key so encrypted fixtures are reproducible.
os.environ.setdefault("YUPANA_ENCRYPTION_KEY", "q1m1x5eC4Rk8r8m0rC6jJ2YtqkL0aB9dW3c7ZsXyV1U=")

from .settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
STATIC_ROOT = None  # whitenoise serves from the app folders (WHITENOISE_USE_FINDERS)
