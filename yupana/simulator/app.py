"""Assembles a simulator (store, CDR writer, validator, faults, HTTP server) from settings."""

from __future__ import annotations

import threading
from pathlib import Path

from yupana.sunat import validation

from .cdrwriter import CdrWriter
from .checks import Validator
from .faults import Faults, FaultState
from .server import SimulatorServer
from .service import Service
from .store import Store


def build_server(*, host: str, port: int, data: Path, faults: Faults, rules: bool = True, workers: int = 0,
                 accounts: list[tuple[str, str, str]] = (), default_accounts: bool = True) -> SimulatorServer:
    """A ready-to-serve simulator; ``accounts`` holds (ruc, user, password) triples."""
    data = Path(data)
    data.mkdir(parents=True, exist_ok=True)
    store = Store(data / "simulator.sqlite3")
    for ruc, user, password in accounts:
        store.add_account(ruc + user.upper(), password, ruc)
    state = FaultState(faults)
    service = Service(store=store, cdrs=CdrWriter(data), validator=Validator(rules=rules, workers=workers),
                      faults=state, default_accounts=default_accounts)
    server = SimulatorServer((host, port), service, store, state)
    if rules and not workers:  # compile SUNAT's sheets while the server already answers

        def preload() -> None:
            validation.preload()
            validation.rules.product_codes()  # catalog 25 (~0.1 s): loaded now, not by the first factura sent
            server.ready.set()

        threading.Thread(target=preload, name="preload", daemon=True).start()
    else:
        server.ready.set()
    return server


def close_server(server: SimulatorServer) -> None:
    server.server_close()
    server.faults.release.set()
    server.service.validator.close()
    server.store.close()
