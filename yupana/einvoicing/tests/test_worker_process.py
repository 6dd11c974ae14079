"""The real thing: `yupana worker` as a subprocess, against the simulator subprocess, on a file database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from yupana.simulator.testing import running_simulator

PROJECT_ROOT = Path(__file__).resolve().parents[3]

ISSUE = r"""
import json
from decimal import Decimal
from yupana.companies.demo import setup_demo
from yupana.companies.models import BoletaDispatch
from yupana.masterdata.models import Customer, Product
from yupana.sales.inputs import LineInput, SaleInput
from yupana.sales.services import sale_issue
company = setup_demo().company
company.boleta_dispatch = BoletaDispatch.INDIVIDUAL
company.save()
buyer = Customer.objects.create(company=company, document_type="6", document_number="20100070970",
                                name="Supermercados Peruanos S.A.")
rice = Product.objects.create(company=company, code="A1", description="Arroz 5 kg", price=Decimal("23.60"))
line = [LineInput(description="", quantity=Decimal("2"), unit_price=rice.price, product_id=rice.pk)]
ids = [sale_issue(company=company, user=None, data=SaleInput(doc_type="01", series_code="F001",
                  customer_id=buyer.pk, lines=line)).pk for _ in range(3)]
ids.append(sale_issue(company=company, user=None, data=SaleInput(doc_type="03", series_code="B001", lines=line)).pk)
print(json.dumps(ids))
"""

STATES = r"""
import json
from yupana.einvoicing.models import ElectronicDocument
print(json.dumps(sorted(ElectronicDocument.objects.values_list("name", "status", "cdr_code"))))
"""


def _run(args, env, timeout=120):
    result = subprocess.run([sys.executable, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.slow
def test_worker_subprocess_sends_to_simulator_subprocess(tmp_path):
    with running_simulator(tmp_path, ticket_delay=0) as simulator:
        # Down at first: the worker must retry, not lose anything
        simulator.control.set(mode="down", code="0130", count=2)
        env = dict(os.environ, YUPANA_VAR_DIR=str(tmp_path / "var"), YUPANA_SIMULATOR_URL=simulator.url,
                   DJANGO_SETTINGS_MODULE="yupana.project.settings", YUPANA_SUNAT_RETRY_BASE="0")
        env.pop("DATABASE_URL", None)
        (tmp_path / "var").mkdir()
        _run(["manage.py", "migrate", "-v0"], env)
        ids = json.loads(_run(["manage.py", "shell", "-c", ISSUE], env).strip().splitlines()[-1])
        assert len(ids) == 4
        # The worker processes the queue (and the retries it schedules) until nothing is due, then exits
        for _ in range(3):
            _run(["-m", "yupana.cli", "worker", "--batch", "--no-startup-delay", "-v0"], env)
        states = json.loads(_run(["manage.py", "shell", "-c", STATES], env).strip().splitlines()[-1])
    assert [(name.split("-", 1)[1], status, code) for name, status, code in states] == [
        ("01-F001-1", "aceptado", "0"), ("01-F001-2", "aceptado", "0"), ("01-F001-3", "aceptado", "0"),
        ("03-B001-1", "aceptado", "0")]


ISSUE_ONE = r"""
from decimal import Decimal
from yupana.companies.demo import setup_demo
from yupana.masterdata.models import Customer, Product
from yupana.sales.inputs import LineInput, SaleInput
from yupana.sales.services import sale_issue
company = setup_demo().company
buyer = Customer.objects.create(company=company, document_type="6", document_number="20100070970",
                                name="Supermercados Peruanos S.A.")
rice = Product.objects.create(company=company, code="A1", description="Arroz 5 kg", price=Decimal("23.60"))
line = [LineInput(description="", quantity=Decimal("2"), unit_price=rice.price, product_id=rice.pk)]
print(sale_issue(company=company, user=None, data=SaleInput(doc_type="01", series_code="F001",
                 customer_id=buyer.pk, lines=line)).pk)
"""


def _state(db_path):
    import sqlite3

    with sqlite3.connect(db_path, timeout=20) as conn:
        return conn.execute("SELECT status, uncertain FROM einvoicing_electronicdocument").fetchone()


@pytest.mark.slow
def test_worker_killed_mid_send_recovers_without_sending_twice(tmp_path):
    import signal
    import time

    with running_simulator(tmp_path, ticket_delay=0) as simulator:
        env = dict(os.environ, YUPANA_VAR_DIR=str(tmp_path / "var"), YUPANA_SIMULATOR_URL=simulator.url,
                   DJANGO_SETTINGS_MODULE="yupana.project.settings", YUPANA_SUNAT_RETRY_BASE="0",
                   YUPANA_SUNAT_TIMEOUT="5", YUPANA_SUNAT_HEARTBEAT_SECONDS="1")
        env.pop("DATABASE_URL", None)
        (tmp_path / "var").mkdir()
        db_path = tmp_path / "var" / "yupana.sqlite3"
        _run(["manage.py", "migrate", "-v0"], env)
        _run(["manage.py", "shell", "-c", ISSUE_ONE], env)
        # SUNAT takes 3 s to answer sendBill: the worker is killed while it waits
        simulator.control.set(latency_ms=3000, operations=["sendBill"])
        worker = subprocess.Popen([sys.executable, "-m", "yupana.cli", "worker", "--no-startup-delay",
                                   "--interval", "0.2", "-v0"], cwd=PROJECT_ROOT, env=env)
        try:
            deadline = time.monotonic() + 60
            while _state(db_path) != ("enviado", 1):
                assert time.monotonic() < deadline, _state(db_path)
                time.sleep(0.1)
            time.sleep(0.5)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        time.sleep(3)  # SUNAT finishes processing the request nobody is waiting for
        simulator.control.set(latency_ms=0)
        # A new worker picks the document up once the dead one's claim expires, asks first, stores the CDR
        worker = subprocess.Popen([sys.executable, "-m", "yupana.cli", "worker", "--no-startup-delay",
                                   "--interval", "0.2", "-v0"], cwd=PROJECT_ROOT, env=env)
        try:
            deadline = time.monotonic() + 90
            while _state(db_path) != ("aceptado", 0):
                assert time.monotonic() < deadline, _state(db_path)
                time.sleep(0.3)
        finally:
            worker.terminate()
            worker.wait(10)
        processed = [r for r in simulator.control.received()
                     if r.get("operation") == "sendBill" and r.get("outcome") == "accepted"]
        asked = [r for r in simulator.control.received() if r.get("operation") == "getStatusCdr"]
    assert len(processed) == 1 and len(asked) >= 1
