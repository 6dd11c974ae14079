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
