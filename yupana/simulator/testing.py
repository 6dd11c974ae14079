"""Start a real simulator in a subprocess for tests: ``running_simulator`` and a pytest fixture.

    with running_simulator(tmp_path, ticket_delay=0) as sim:
        client = SunatClient(sim.bill_url, ...)
        sim.control.set(mode="down", code="0130")

Keyword flags become command-line flags (``ticket_delay=0`` -> ``--ticket-delay 0``,
``drop=True`` -> ``--drop``, ``account=[...]`` -> one ``--account`` each).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import BILL_PATH, CONSULT_PATH

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_USER = "MODDATOS"
DEFAULT_PASSWORD = "moddatos"


class ControlClient:
    """Drives ``/_control`` and reads ``/_received`` of one running simulator."""

    def __init__(self, base_url: str):
        self.base_url = base_url

    def _call(self, path: str, data: dict | None = None):
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(self.base_url + path, data=body,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            if exc.code == 400:
                raise ValueError(json.loads(exc.read())["error"]) from None
            raise

    def set(self, **changes) -> dict:
        """Switch faults on or off: ``set(mode="down", code="0130")``, ``set(latency_ms=0)``..."""
        return self._call("/_control", changes)

    def state(self) -> dict:
        return self._call("/_control")

    def reset(self) -> dict:
        """Back to the flags the simulator started with."""
        return self._call("/_control", {"reset": True})

    def clear(self) -> dict:
        """Forget every document, ticket and received entry (accounts stay)."""
        return self._call("/_control", {"clear": True})

    def add_account(self, ruc: str, user: str, password: str) -> dict:
        return self._call("/_control", {"account": {"ruc": ruc, "user": user, "password": password}})

    def received(self) -> list[dict]:
        """What the simulator received, newest first."""
        return self._call("/_received")


@dataclass
class RunningSimulator:
    url: str  # http://127.0.0.1:PORT
    control: ControlClient
    data_dir: Path
    process: subprocess.Popen

    @property
    def bill_url(self) -> str:
        return self.url + BILL_PATH

    @property
    def consult_url(self) -> str:
        return self.url + CONSULT_PATH

    def __iter__(self):  # ``with running_simulator(tmp) as (url, control):``
        return iter((self.url, self.control))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _flags(flags: dict) -> list[str]:
    args: list[str] = []
    for name, value in flags.items():
        option = "--" + name.replace("_", "-")
        if value is True:
            args.append(option)
        elif value is False or value is None:
            continue
        elif isinstance(value, (list, tuple)):
            for item in value:
                args += [option, str(item)]
        else:
            args += [option, str(value)]
    return args


@contextlib.contextmanager
def running_simulator(tmp_path: Path, *, startup_timeout: float = 60.0, wait_ready: bool = True,
                      **flags) -> Iterator[RunningSimulator]:
    """A simulator subprocess on a free port with its data under ``tmp_path/simulator``.

    ``wait_ready`` also waits until SUNAT's rule sheets are compiled (a second or two), so the
    first send of a test is not slower than the others.
    """
    data_dir = Path(tmp_path) / "simulator"
    port = free_port()
    command = [sys.executable, "-m", "yupana.simulator", "--host", "127.0.0.1", "--port", str(port),
               "--data", str(data_dir), *_flags(flags)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (data_dir / "simulator.log").open("ab")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=str(PROJECT_ROOT))
    url = f"http://127.0.0.1:{port}"
    control = ControlClient(url)
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"El simulador terminó al iniciar (código {process.returncode}); "
                                   f"ver {data_dir / 'simulator.log'}")
            try:
                ready = control.state()["ready"]
            except (urllib.error.URLError, ConnectionError, OSError):
                ready = None  # not listening yet
            if ready or (ready is not None and not wait_ready):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"El simulador no quedó listo en {startup_timeout} s")
            time.sleep(0.05)
        yield RunningSimulator(url, control, data_dir, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


try:
    import pytest
except ImportError:  # production installs have no pytest
    pytest = None

if pytest is not None:

    @pytest.fixture
    def sunat_simulator(tmp_path):
        """A fresh simulator for one test (tickets answer at once); yields ``RunningSimulator``."""
        with running_simulator(tmp_path, ticket_delay=0) as simulator:
            yield simulator
