"""The company's digital certificate (.pfx/.p12): load it, describe it, refuse what cannot sign."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


class CertificateError(ValueError):
    """A certificate that cannot be used, with a message for the user."""


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    serial_number: str
    not_before: dt.datetime
    not_after: dt.datetime


def load_certificate(data: bytes, password: str, *, now: dt.datetime | None = None) -> CertificateInfo:
    """Open a PKCS#12 file; CertificateError if it does not open, lacks a key, or is not valid now."""
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(data, password.encode() if password else None)
    except (ValueError, TypeError) as exc:
        raise CertificateError(
            "No se pudo abrir el certificado: el archivo no es un .pfx/.p12 válido o la contraseña es incorrecta."
        ) from exc
    if cert is None or key is None:
        raise CertificateError("El archivo no contiene a la vez el certificado y su clave privada.")
    info = CertificateInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        serial_number=format(cert.serial_number, "X"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )
    if info.not_after <= now:
        raise CertificateError(
            f"El certificado venció el {info.not_after.astimezone(_lima()).strftime('%d/%m/%Y')}; "
            "suba uno vigente."
        )
    if info.not_before > now:
        raise CertificateError(
            f"El certificado aún no es válido (desde el {info.not_before.astimezone(_lima()).strftime('%d/%m/%Y')})."
        )
    return info


def make_demo_pkcs12(ruc: str, name: str, *, days: int = 3650) -> tuple[bytes, str]:
    """A self-signed certificate for the demo company: the SUNAT core's maker when it is there."""
    try:
        from yupana.sunat.signing import make_demo_certificate
    except ImportError:
        return _self_signed_pkcs12(ruc, name, days=days)
    return make_demo_certificate(ruc, name)


def _self_signed_pkcs12(ruc: str, name: str, *, days: int, not_before: dt.datetime | None = None) -> tuple[bytes, str]:
    password = "demo"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "PE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, ruc),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{name} (demo)"),
    ])
    start = not_before or dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        name.encode(), key, cert, None, serialization.BestAvailableEncryption(password.encode())
    )
    return data, password


def _lima():
    from zoneinfo import ZoneInfo

    return ZoneInfo("America/Lima")
