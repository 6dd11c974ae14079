"""The command line: validate offline; send and status against the real simulator over HTTP."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from yupana.sunat import packaging
from yupana.sunat.cli import main
from yupana.sunat.testing import REPO_ROOT, SAMPLES, demo_signer
from yupana.sunat.tests.test_signing import unsigned_copy

FACTURA = SAMPLES / "signed" / "greenter-F001-1__20123456789-01-F001-1.xml"


def run_cli(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().out


@pytest.fixture
def factura_file(tmp_path) -> Path:
    path = tmp_path / "20123456789-01-F001-1.xml"
    path.write_bytes(FACTURA.read_bytes())
    return path


def test_validate_accepted_xml_and_zip(capsys, factura_file, tmp_path):
    code, out = run_cli(capsys, "validate", factura_file)
    assert (code, out) == (0, "Resultado: ACEPTADO\n")
    zipped = tmp_path / "20123456789-01-F001-1.zip"
    zipped.write_bytes(packaging.zip_document("20123456789-01-F001-1", factura_file.read_bytes()))
    assert run_cli(capsys, "validate", zipped) == (0, "Resultado: ACEPTADO\n")


def test_validate_rejection_prints_code_and_message(capsys, factura_file, tmp_path):
    other = tmp_path / "20123456788-01-F001-1.xml"
    other.write_bytes(factura_file.read_bytes())
    code, out = run_cli(capsys, "validate", other)
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith(
        "1034 Número de RUC del nombre del archivo no coincide con el consignado en el contenido del archivo XML"
    )
    assert lines[-1] == "Resultado: EXCEPCION"  # 1034 is an exception code: nothing registered


def test_validate_observation_still_exits_zero(capsys, tmp_path):
    xml = demo_signer().sign(unsigned_copy(FACTURA).replace(b">118.00</cbc:PayableAmount", b">120.00</cbc:PayableAmount"))
    path = tmp_path / "20123456789-01-F001-1.xml"
    path.write_bytes(xml)
    code, out = run_cli(capsys, "validate", path)
    assert code == 0
    assert out.splitlines()[0].startswith("4312 El importe total del comprobante no coincide con el valor calculado")
    assert out.splitlines()[-1] == "Resultado: OBSERVADO"


def test_validate_broken_zip_and_tampered_signature(capsys, tmp_path, factura_file):
    broken = tmp_path / "20123456789-01-F001-1.zip"
    broken.write_bytes(b"PK\x03\x04 roto")
    code, out = run_cli(capsys, "validate", broken)
    assert code == 1 and out.startswith("0156 El archivo ZIP esta corrupto")
    tampered = tmp_path / "t" / "20123456789-01-F001-1.xml"
    tampered.parent.mkdir()
    tampered.write_bytes(factura_file.read_bytes().replace(b"TIJERAS", b"CUCHILLOS"))
    code, out = run_cli(capsys, "validate", tampered)
    assert code == 1 and out.startswith("2335 El documento electrónico ingresado ha sido alterado")
    assert out.splitlines()[-1] == "Resultado: RECHAZADO"
    assert run_cli(capsys, "validate", tampered, "--no-signature")[0] == 0


def test_missing_file_exits_2(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "nope.xml")]) == 2


def test_module_entry_point_runs(factura_file):
    done = subprocess.run(
        [sys.executable, "-m", "yupana.sunat", "validate", str(factura_file)],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "Resultado: ACEPTADO"
    assert done.stderr == ""  # Saxon's termination messages are not leaked


# --- send / status against the simulator ---------------------------------------------------
@pytest.fixture(scope="module")
def simulator(tmp_path_factory):
    testing = pytest.importorskip("yupana.simulator.testing")
    with testing.running_simulator(tmp_path_factory.mktemp("sim"), ticket_delay=0) as sim:
        yield sim


def test_send_factura_and_fetch_its_cdr(capsys, simulator, tmp_path):
    signed = demo_signer().sign(unsigned_copy(FACTURA))
    path = tmp_path / "20123456789-01-F001-1.zip"
    path.write_bytes(packaging.zip_document("20123456789-01-F001-1", signed))
    code, out = run_cli(capsys, "send", path, "--endpoint", simulator.url)
    assert code == 0, out
    assert out.splitlines()[0].startswith("0 ")
    assert "Resultado: ACEPTADO" in out
    cdr_path = tmp_path / "R-20123456789-01-F001-1.zip"
    assert cdr_path.exists() and zipfile.is_zipfile(cdr_path)

    code, out = run_cli(
        capsys, "status", "--endpoint", simulator.url, "--ruc", "20123456789",
        "--tipo", "01", "--serie", "F001", "--numero", "1", "--out", tmp_path / "cdrs",
    )
    assert code == 0, out
    assert "Resultado: ACEPTADO" in out
    assert (tmp_path / "cdrs" / "R-20123456789-01-F001-1.zip").exists()


def test_send_summary_then_ticket_status(capsys, simulator, tmp_path):
    raw = (SAMPLES / "unsigned" / "openubl__summary-document.xml").read_bytes()
    xml = demo_signer().sign(raw.replace(b"<cac:TaxScheme>", b"<cbc:Percent>18</cbc:Percent><cac:TaxScheme>"))
    path = tmp_path / "12345678912-RC-20191224-1.xml"  # an XML is zipped on the way
    path.write_bytes(xml)
    code, out = run_cli(capsys, "send", path, "--endpoint", simulator.url)
    assert code == 0, out
    ticket = re.fullmatch(r"Ticket: (\S+)\n", out).group(1)
    code, out = run_cli(capsys, "status", ticket, "--ruc", "12345678912", "--endpoint", simulator.url)
    assert out.splitlines()[0] in ("Estado: 0", "Estado: 99"), out
    assert code in (0, 1)


def test_send_fault_and_no_answer(capsys, simulator, tmp_path):
    signed = demo_signer().sign(unsigned_copy(FACTURA).replace(b"F001-1<", b"F001-2<"))
    path = tmp_path / "20123456789-01-F001-2.zip"
    path.write_bytes(packaging.zip_document("20123456789-01-F001-2", signed))
    simulator.control.set(mode="down", code="0130")
    try:
        code, out = run_cli(capsys, "send", path, "--endpoint", simulator.url)
    finally:
        simulator.control.reset()
    assert code == 2
    assert out.startswith("0130 ") and out.splitlines()[-1] == "Resultado: EXCEPCION"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, out = run_cli(capsys, "send", path, "--endpoint", f"http://127.0.0.1:{port}", "--timeout", "2")
    assert code == 3 and "consulte el estado antes de reenviar" in out


def test_status_needs_a_ticket_or_the_document(capsys):
    assert main(["status", "--ruc", "20123456789"]) == 2
    assert "--tipo" in capsys.readouterr().err
