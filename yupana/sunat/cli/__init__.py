"""``python -m yupana.sunat {build,validate,send,status,bench}``: the SUNAT core's command line.

Each sub-command module has ``add_parser(subparsers)`` (which sets ``run``) and
``run(args) -> int``. A module that is missing is simply not offered.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# module -> the sub-commands it registers (send.py registers send and status)
COMMANDS = ("build", "validate", "send", "bench")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m yupana.sunat",
        description="Comprobantes electrónicos SUNAT: generar, validar, enviar y consultar.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMANDO")
    subparsers.required = True
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"yupana.sunat.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"yupana.sunat.cli.{name}":
                continue
            raise
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into head
        return 0


if __name__ == "__main__":
    sys.exit(main())
