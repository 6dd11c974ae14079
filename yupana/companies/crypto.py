"""Secrets at rest (SOL password, certificate and its password): Fernet with keys from the environment.

YUPANA_ENCRYPTION_KEY holds one or more comma-separated Fernet keys; the first encrypts and any of
them decrypts, so a key can be rotated without re-entering every secret at once.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionError(Exception):
    """The stored secret cannot be read with the configured keys."""


@lru_cache(maxsize=4)
def _fernet(keys: str) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()])


def _current() -> MultiFernet:
    return _fernet(settings.YUPANA_ENCRYPTION_KEY)


def encrypt(plaintext: bytes | str) -> str:
    """Encrypt bytes (or UTF-8 text) into a printable token to store in a text column."""
    if isinstance(plaintext, str):
        plaintext = plaintext.encode()
    return _current().encrypt(plaintext).decode("ascii")


def decrypt(token: str) -> bytes:
    """The bytes a token was made from; DecryptionError when no configured key opens it."""
    try:
        return _current().decrypt(token.encode("ascii"))
    except (InvalidToken, ValueError) as exc:
        raise DecryptionError(
            "No se pudo descifrar un dato guardado: la clave YUPANA_ENCRYPTION_KEY no es la que lo cifró."
        ) from exc


def decrypt_text(token: str) -> str:
    return decrypt(token).decode()
