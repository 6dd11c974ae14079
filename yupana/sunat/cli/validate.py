"""``python -m yupana.sunat validate FILE.xml|FILE.zip``: SUNAT's verdict before sending.

Prints one ``CODE mensaje`` line per problem (errors first, then observations) and a last line
``Resultado: ACEPTADO|OBSERVADO|RECHAZADO|EXCEPCION``. EXCEPCION (codes 0100-1999): SUNAT would
register nothing, fix it and send the same number; RECHAZADO (2000-3999): the number would be
used up. Exit status: 0 accepted (also with observations), 1 not accepted, 2 unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from yupana.sunat import errors, packaging, validation
from yupana.sunat.errors import SunatError
from yupana.sunat.validation import Problem


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "validate",
        help="valida un XML o ZIP con el XSD, la firma y las reglas de SUNAT",
        description=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path, help="RUC-TT-SERIE-NUMERO.xml o .zip (también RC/RA)")
    parser.add_argument("--name", help="nombre SUNAT del documento si el archivo se llama de otra forma")
    parser.add_argument("--no-signature", action="store_true", help="no verificar la firma")
    parser.set_defaults(run=run)
    return parser


def _print(problems, out) -> None:
    for problem in problems:
        print(str(problem), file=out)


def _verdict(problems) -> str:
    if errors.severity(problems[0].code) is errors.Severity.REJECTED:
        return "Resultado: RECHAZADO"
    return "Resultado: EXCEPCION"


def run(args: argparse.Namespace) -> int:
    out = sys.stdout
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"No se pudo leer {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    name = args.name or args.file.name
    if args.file.suffix.lower() == ".zip":
        try:
            entry_name, xml = packaging.unzip_document(data, None if args.name else args.file.name)
        except SunatError as exc:
            problems = [Problem.of(exc.code, exc.detail)]
            _print(problems, out)
            print(_verdict(problems), file=out)
            return 1
        name = args.name or entry_name
    else:
        xml = data
    report = validation.validate(xml, name, check_signature=not args.no_signature)
    _print(report.errors, out)
    _print(report.observations, out)
    if report.rejected:
        print(_verdict(report.errors), file=out)
        return 1
    print("Resultado: OBSERVADO" if report.observations else "Resultado: ACEPTADO", file=out)
    return 0
