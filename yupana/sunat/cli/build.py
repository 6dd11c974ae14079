"""``python -m yupana.sunat build DOC.json --out DIR [--cert FILE --cert-password PW]``.

Writes the signed XML and the ZIP and prints their paths. Without ``--cert`` a self-signed demo
certificate for the issuer's RUC is generated once and cached under ``DIR/.demo-cert/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import jsonformat, signing
from ..build import build
from ..model import ValidationError

DEMO_DIR = ".demo-cert"


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("build", help="calcula, firma y empaqueta un documento JSON")
    parser.add_argument("document", type=Path, help="documento en formato JSON (docs/json-format.md)")
    parser.add_argument("--out", type=Path, required=True, help="carpeta de salida")
    parser.add_argument("--cert", type=Path, help="certificado .pfx/.p12 o PEM (clave y certificado)")
    parser.add_argument("--cert-password", default=None, help="contraseña del certificado")
    parser.add_argument("--algorithm", default="rsa-sha1", choices=sorted(signing.ALGORITHMS), help="algoritmo de firma")
    parser.set_defaults(run=run)
    return parser


def demo_signer(out: Path, ruc: str, name: str) -> signing.Signer:
    """A demo signer for ``ruc``, generated once and kept under ``out/.demo-cert`` (never committed)."""
    folder = out / DEMO_DIR
    pfx_path, password_path = folder / f"{ruc}.pfx", folder / f"{ruc}.password"
    if not pfx_path.exists() or not password_path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        pfx, password = signing.make_demo_certificate(ruc, name)
        pfx_path.write_bytes(pfx)
        password_path.write_text(password, encoding="utf-8")
        pfx_path.chmod(0o600)
        password_path.chmod(0o600)
    return signing.Signer.from_pkcs12(pfx_path.read_bytes(), password_path.read_text(encoding="utf-8"))


def run(args: argparse.Namespace) -> int:
    try:
        doc = jsonformat.loads(args.document.read_bytes())
    except OSError as exc:
        print(f"error: no se pudo leer {args.document}: {exc.strerror}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"error: {args.document}: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        if args.cert is not None:
            signer = signing.Signer.from_file(args.cert, args.cert_password)
        else:
            signer = demo_signer(args.out, doc.issuer.ruc, doc.issuer.legal_name)
        built = build(doc, signer, algorithm=args.algorithm)
    except ValidationError as exc:
        print(f"error: {args.document}: {exc}", file=sys.stderr)
        return 1
    except (signing.SigningError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    xml_path = args.out / f"{built.name}.xml"
    zip_path = args.out / f"{built.name}.zip"
    xml_path.write_bytes(built.xml)
    zip_path.write_bytes(built.zip)
    print(xml_path)
    print(zip_path)
    return 0
