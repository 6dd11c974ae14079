"""``python -m yupana.simulator`` / ``yupana-simulator``: start the local SUNAT."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path

from . import BILL_PATH, CONSULT_PATH
from .faults import DOWN_CODES, FAIL_KINDS, ControlError, Faults, validated


def _account(text: str) -> tuple[str, str, str]:
    ruc, _, rest = text.partition(":")
    user, _, password = rest.partition(":")
    if not (ruc.isdigit() and len(ruc) == 11 and user and password):
        raise argparse.ArgumentTypeError("use RUC:USUARIO:CLAVE, p. ej. 20123456789:FACTURA1:clave")
    return ruc, user, password


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="yupana-simulator", description="Un SUNAT local (billService y "
                                "billConsultService) que valida como SUNAT y falla a pedido.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--data", type=Path, default=Path("var/simulator"), help="carpeta de datos (SQLite, clave)")
    p.add_argument("--ticket-delay", type=float, default=1.0, help="segundos que un ticket queda en 98")
    p.add_argument("--ticket-stuck", action="store_true", help="los tickets se quedan en 98")
    p.add_argument("--latency", type=int, default=0, metavar="MS", help="demora añadida a cada respuesta SOAP")
    p.add_argument("--down", choices=DOWN_CODES, help="responde la falla SOAP de SUNAT caído con este código")
    p.add_argument("--http-status", type=int, choices=(500, 503), help="responde este error HTTP")
    p.add_argument("--drop", action="store_true", help="cierra la conexión sin responder")
    p.add_argument("--drop-after", action="store_true", help="procesa y cierra la conexión sin responder")
    p.add_argument("--timeout", action="store_true", help="retiene la conexión sin responder")
    p.add_argument("--hang-seconds", type=float, default=30.0, help="cuánto retiene la conexión --timeout")
    p.add_argument("--fail-rate", type=float, default=0.0, help="fracción de pedidos que fallan al azar")
    p.add_argument("--seed", type=int, help="semilla del azar de --fail-rate")
    p.add_argument("--fail-with", default="0130,503,drop",
                   help="fallas posibles para --fail-rate, separadas por comas: " + ",".join(FAIL_KINDS))
    p.add_argument("--account", type=_account, action="append", default=[], metavar="RUC:USUARIO:CLAVE",
                   help="cuenta SOL adicional (usuario = RUC + USUARIO)")
    p.add_argument("--no-default-accounts", action="store_true",
                   help="no aceptar RUC + MODDATOS / moddatos")
    p.add_argument("--no-rules", action="store_true", help="valida XSD y firma, sin las reglas de SUNAT")
    p.add_argument("--plazos", action="store_true",
                   help="aplica el plazo de envío de SUNAT producción (2108 fuera de plazo, 2329 fecha futura)")
    p.add_argument("--workers", type=int, default=0, help="procesos de validación (0: en el mismo proceso)")
    p.add_argument("--verbose", action="store_true")
    return p


def faults_from(args) -> Faults:
    settings = {
        "ticket_delay": args.ticket_delay, "ticket_stuck": args.ticket_stuck, "latency_ms": args.latency,
        "mode": "down" if args.down else "up", "code": args.down or "0130", "http_status": args.http_status or 0,
        "drop": args.drop, "drop_after": args.drop_after, "timeout": args.timeout,
        "hang_seconds": args.hang_seconds, "fail_rate": args.fail_rate, "seed": args.seed,
        "fail_with": [k.strip() for k in args.fail_with.split(",") if k.strip()],
        "sending_window": args.plazos,
    }
    return Faults(**validated(settings))


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s")
    try:
        faults = faults_from(args)
    except ControlError as exc:
        print(f"yupana-simulator: {exc}", file=sys.stderr)
        return 2
    from .app import build_server, close_server

    server = build_server(host=args.host, port=args.port, data=args.data, faults=faults, rules=not args.no_rules,
                          workers=args.workers, accounts=args.account,
                          default_accounts=not args.no_default_accounts)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    print(f"Simulador SUNAT en {server.base_url}{BILL_PATH} y {server.base_url}{CONSULT_PATH}"
          f" (datos en {args.data})", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        close_server(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
