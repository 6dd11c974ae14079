"""Done when: examples/api/issue_factura.py, using only the documented API, against a live server (gunicorn),
a worker and the SUNAT simulator, each its own process on one file database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from yupana.simulator.testing import running_simulator

ROOT = Path(__file__).resolve().parents[3]

SETUP = r"""
from yupana.api.keys import api_key_create
from yupana.companies.demo import setup_demo
from yupana.companies.models import BoletaDispatch
company = setup_demo().company
company.boleta_dispatch = BoletaDispatch.INDIVIDUAL
company.save()
from yupana.accounts.models import Membership
admin = Membership.objects.filter(company=company, role="administrador").first().user
print("TOKEN=" + api_key_create(company=company, user=admin, name="ejemplo", scope="issue").token)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args, env, timeout=180):
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _wait_http(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.3)
    raise AssertionError(f"{url} no respondió")


@pytest.mark.slow
def test_the_documented_script_issues_gets_the_webhook_downloads_the_pdf_and_retries(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    with running_simulator(tmp_path / "sunat", ticket_delay=0) as simulator:
        env = dict(os.environ, YUPANA_VAR_DIR=str(var), YUPANA_SIMULATOR_URL=simulator.url,
                   DJANGO_SETTINGS_MODULE="yupana.project.settings", YUPANA_SUNAT_RETRY_BASE="0",
                   YUPANA_WEBHOOK_RETRY_BASE="1")
        env.pop("DATABASE_URL", None)
        _run(["manage.py", "migrate", "-v0"], env)
        token = [line for line in _run(["manage.py", "shell", "-c", SETUP], env).splitlines()
                 if line.startswith("TOKEN=")][-1].removeprefix("TOKEN=")
        port = _free_port()
        web = subprocess.Popen([sys.executable, "-m", "gunicorn", "yupana.project.wsgi:application", "--bind",
                                f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--log-level", "warning"],
                               cwd=ROOT, env=env)
        worker = subprocess.Popen([sys.executable, "-m", "yupana.cli", "worker", "--no-startup-delay", "-v0"],
                                  cwd=ROOT, env=env)
        try:
            _wait_http(f"http://127.0.0.1:{port}/api/openapi.json")
            pdf = tmp_path / "factura.pdf"
            out = _run([str(ROOT / "examples/api/issue_factura.py")],
                       dict(env, YUPANA_API_URL=f"http://127.0.0.1:{port}", YUPANA_API_KEY=token,
                            YUPANA_PDF_OUT=str(pdf), YUPANA_WEBHOOK_WAIT="90"))
        finally:
            for process in (web, worker):
                process.terminate()
            for process in (web, worker):
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        summary = json.loads(out.strip().splitlines()[-1])
        assert summary["document"] == "F001-1" and summary["webhook"] == "document.accepted"
        assert summary["status"] == "aceptado" and summary["total"] == "236.00"
        assert summary["retry_same_document"] is True
        assert pdf.read_bytes().startswith(b"%PDF")
        registered = [r for r in simulator.control.received() if r.get("outcome") == "accepted"]
        assert len(registered) == 1  # one factura registered, the retry created nothing
