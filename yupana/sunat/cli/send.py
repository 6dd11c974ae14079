"""``send`` and ``status``: talk to SUNAT, an OSE or the simulator.

    python -m yupana.sunat send FILE.zip [--endpoint URL|beta|produccion|simulador] --ruc --user --password
    python -m yupana.sunat status TICKET [--endpoint ...]
    python -m yupana.sunat status --ruc R --tipo 01 --serie F001 --numero 1 [--validez]

Facturas, boletas and notes go by sendBill (the CDR comes back at once and is saved as
``R-NAME.zip`` next to the file or in ``--out``); RC and RA go by sendSummary (prints the ticket).
Exit status: 0 accepted (also with observations) or ticket received, 1 rejected, 2 exception or
SOAP fault (nothing registered), 3 no answer (timeout, connection): ask ``status`` before resending,
4 still in process (ticket 98).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from yupana.sunat import client as sunat_client
from yupana.sunat import packaging
from yupana.sunat.cdr import Cdr, Outcome
from yupana.sunat.client import StatusResult, SunatClient, SunatFault, TransportError
from yupana.sunat.errors import SunatError

NAMED_ENDPOINTS = {
    "beta": sunat_client.SUNAT_BETA,
    "produccion": sunat_client.SUNAT_PRODUCTION,
    "simulador": sunat_client.SIMULATOR,
}
EXIT_OK, EXIT_REJECTED, EXIT_EXCEPTION, EXIT_TRANSPORT, EXIT_PENDING = 0, 1, 2, 3, 4


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--endpoint", default="simulador",
        help="URL del billService (o base del simulador) o: beta, produccion, simulador (por defecto)",
    )
    parser.add_argument("--consult-endpoint", help="URL del billConsultService si no es la del endpoint")
    parser.add_argument("--ruc", help="RUC del emisor (por defecto, el del nombre del archivo)")
    parser.add_argument("--user", default=sunat_client.BETA_USER, help="usuario SOL (MODDATOS en beta)")
    parser.add_argument("--password", default=sunat_client.BETA_PASSWORD, help="clave SOL (moddatos en beta)")
    parser.add_argument("--timeout", type=float, default=30.0, help="segundos de espera (30)")
    parser.add_argument("--out", type=Path, help="carpeta donde guardar el CDR")


def add_parser(subparsers) -> argparse.ArgumentParser:
    send = subparsers.add_parser("send", help="envía un ZIP (o XML) a SUNAT, un OSE o el simulador")
    send.add_argument("file", type=Path, help="RUC-TT-SERIE-NUMERO.zip, RUC-RC-AAAAMMDD-N.zip o su .xml")
    _common(send)
    send.set_defaults(run=run_send)
    status = subparsers.add_parser("status", help="consulta un ticket o el CDR de un comprobante")
    status.add_argument("ticket", nargs="?", help="ticket de sendSummary")
    _common(status)
    status.add_argument("--tipo", help="tipo de comprobante (01, 03, 07, 08)")
    status.add_argument("--serie", help="serie, p. ej. F001")
    status.add_argument("--numero", help="número correlativo")
    status.add_argument("--validez", action="store_true", help="consulta de validez en lugar del CDR")
    status.set_defaults(run=run_status)
    return send


def _client(args: argparse.Namespace, ruc: str) -> SunatClient:
    endpoint = NAMED_ENDPOINTS.get(args.endpoint.lower(), args.endpoint)
    return SunatClient(
        endpoint, ruc, args.user, args.password, args.timeout, consult_endpoint=args.consult_endpoint
    )


def _print_cdr(result: Cdr, out) -> int:
    print(f"{result.code} {result.description}".strip(), file=out)
    for code, text in result.notes:
        print(f"{code} {text}".strip(), file=out)
    labels = {
        Outcome.ACCEPTED: "ACEPTADO",
        Outcome.OBSERVED: "ACEPTADO CON OBSERVACIONES",
        Outcome.REJECTED: "RECHAZADO",
        Outcome.EXCEPTION: "EXCEPCION",
    }
    print(f"Resultado: {labels[result.outcome]}", file=out)
    if result.outcome.accepted:
        return EXIT_OK
    return EXIT_REJECTED if result.outcome is Outcome.REJECTED else EXIT_EXCEPTION


def _save_cdr(result: Cdr, name: str, folder: Path, out) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"R-{name}.zip"
    target.write_bytes(result.raw)
    print(f"CDR: {target}", file=out)


def _fail(exc: Exception, out) -> int:
    if isinstance(exc, SunatFault):
        print(f"{exc.code} {exc.message}".strip(), file=out)
        print("Resultado: RECHAZADO" if exc.code.startswith(("2", "3")) else "Resultado: EXCEPCION", file=out)
        return EXIT_REJECTED if exc.code.startswith(("2", "3")) else EXIT_EXCEPTION
    print(f"Sin respuesta: {exc}", file=out)
    print("Resultado: DESCONOCIDO (consulte el estado antes de reenviar)", file=out)
    return EXIT_TRANSPORT


def run_send(args: argparse.Namespace) -> int:
    out = sys.stdout
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"No se pudo leer {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_EXCEPTION
    try:
        name = packaging.parse_name(args.file.name)
    except SunatError as exc:
        print(str(exc), file=out)
        return EXIT_EXCEPTION
    if args.file.suffix.lower() == ".xml":
        data = packaging.zip_document(str(name), data)
    folder = args.out or args.file.parent
    with _client(args, args.ruc or name.ruc) as sunat:
        try:
            if name.is_summary:
                ticket = sunat.send_summary(f"{name}.zip", data)
                print(f"Ticket: {ticket}", file=out)
                return EXIT_OK
            result = sunat.send_bill(f"{name}.zip", data)
        except (SunatFault, TransportError) as exc:
            return _fail(exc, out)
    code = _print_cdr(result, out)
    _save_cdr(result, str(name), folder, out)
    return code


def _print_status(result: StatusResult, label: str, folder: Path | None, out) -> int:
    if result.cdr is None:
        print(f"{result.code} {result.message}".strip(), file=out)
        if result.in_process:
            print("Resultado: EN PROCESO (consulte de nuevo en unos segundos)", file=out)
            return EXIT_PENDING
        return EXIT_OK if result.code in ("0", "0004") else EXIT_EXCEPTION
    print(f"Estado: {result.code}", file=out)
    code = _print_cdr(result.cdr, out)
    if folder is not None:
        _save_cdr(result.cdr, label, folder, out)
    return code


def run_status(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.ticket:
        if not args.ruc:
            print("Indique --ruc: el usuario SOL es RUC + usuario", file=sys.stderr)
            return EXIT_EXCEPTION
        with _client(args, args.ruc) as sunat:
            try:
                result = sunat.get_status(args.ticket)
            except (SunatFault, TransportError) as exc:
                return _fail(exc, out)
        return _print_status(result, f"ticket-{args.ticket}", args.out, out)
    missing = [flag for flag in ("ruc", "tipo", "serie", "numero") if not getattr(args, flag)]
    if missing:
        print("Indique un TICKET o --ruc, --tipo, --serie y --numero (faltan: "
              + ", ".join(f"--{m}" for m in missing) + ")", file=sys.stderr)
        return EXIT_EXCEPTION
    with _client(args, args.ruc) as sunat:
        try:
            if args.validez:
                code, message = sunat.consult(args.ruc, args.tipo, args.serie, args.numero)
                print(f"{code} {message}".strip(), file=out)
                return EXIT_OK
            result = sunat.get_status_cdr(args.ruc, args.tipo, args.serie, args.numero)
        except (SunatFault, TransportError) as exc:
            return _fail(exc, out)
    label = f"{args.ruc}-{args.tipo}-{args.serie}-{args.numero}"
    return _print_status(result, label, args.out, out)
