"""Test helpers for everyone who builds SUNAT documents: a cached demo signer and a
``check_document`` that judges a document the way SUNAT would, independently of our signer.
"""

from __future__ import annotations

import functools
from pathlib import Path

from yupana.sunat import signing

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "tests" / "fixtures" / "samples"
DEMO_RUC = "20123456789"
DEMO_NAME = "EMPRESA DEMO YUPANA S.A.C."


@functools.cache
def demo_certificate(ruc: str = DEMO_RUC, name: str = DEMO_NAME) -> tuple[bytes, str]:
    """One self-signed certificate per (ruc, name) and process: RSA key generation is slow."""
    return signing.make_demo_certificate(ruc, name)


def demo_signer(ruc: str = DEMO_RUC, name: str = DEMO_NAME) -> signing.Signer:
    pfx, password = demo_certificate(ruc, name)
    return signing.Signer.from_pkcs12(pfx, password)


def _verify_with_signxml(xml: bytes) -> str | None:
    """Verify the signature with signxml (independent of our verifier); the error text, or None."""
    import base64

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from lxml import etree
    from signxml import DigestAlgorithm, SignatureConfiguration, SignatureMethod, XMLVerifier

    root = etree.fromstring(xml)
    node = next(root.iter("{http://www.w3.org/2000/09/xmldsig#}X509Certificate"), None)
    if node is None or not (node.text or "").strip():
        return "el documento no está firmado (sin X509Certificate)"
    cert = x509.load_der_x509_certificate(base64.b64decode("".join(node.text.split())))
    config = SignatureConfiguration(
        signature_methods=frozenset({SignatureMethod.RSA_SHA1, SignatureMethod.RSA_SHA256}),
        digest_algorithms=frozenset({DigestAlgorithm.SHA1, DigestAlgorithm.SHA256}),
    )
    try:
        XMLVerifier().verify(
            xml, x509_cert=cert.public_bytes(serialization.Encoding.PEM).decode(), expect_config=config
        )
    except Exception as exc:  # signxml raises several exception types
        return f"{type(exc).__name__}: {exc}"
    return None


def check_document(xml: bytes, file_name: str, *, allow_observations=()) -> None:
    """Assert that SUNAT would accept ``xml`` sent as ``file_name``; list every problem otherwise.

    Three judges: the XSD, the signature verified by signxml (not by our own code), and SUNAT's
    rules. Observations fail too unless their code is in ``allow_observations``.
    """
    from yupana.sunat import validation
    from yupana.sunat.validation import xsd

    problems: list[str] = []
    root = signing.parse_xml(xml)
    problems += [f"XSD: {p}" for p in xsd.validate_schema(root)]
    signature_problem = _verify_with_signxml(xml)
    if signature_problem:
        problems.append(f"firma (signxml): {signature_problem}")
    report = validation.validate(xml, file_name, check_schema=False, check_signature=False)
    problems += [f"SUNAT: {p}" for p in report.errors]
    allowed = {str(code) for code in allow_observations}
    problems += [f"SUNAT observación: {p}" for p in report.observations if p.code not in allowed]
    if problems:
        raise AssertionError(f"{file_name} no pasaría SUNAT:\n  " + "\n  ".join(problems))
