"""One ``Signer`` per company certificate and process (loading a .pfx costs tens of milliseconds)."""

from __future__ import annotations

import hashlib
import threading

from yupana.sunat import signing

_cache: dict[tuple[int, str], signing.Signer] = {}
_lock = threading.Lock()


class NoCertificate(ValueError):
    pass


def signer_for(company) -> signing.Signer:
    if not company.has_certificate:
        raise NoCertificate("La empresa no tiene certificado digital: cárguelo en Configuración > SUNAT.")
    key = (company.pk, hashlib.sha256(company.certificate_encrypted.encode()).hexdigest())
    with _lock:
        signer = _cache.get(key)
    if signer is None:
        pfx, password = company.certificate_pkcs12()
        signer = signing.Signer.from_pkcs12(pfx, password)
        with _lock:
            _cache[key] = signer
    return signer
