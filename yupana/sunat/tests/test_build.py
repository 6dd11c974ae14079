"""build(): the whole pipeline, and the build command."""

import argparse
import zipfile
from pathlib import Path

from yupana.sunat import jsonformat, packaging, signing
from yupana.sunat.build import build
from yupana.sunat.cli import build as build_cli
from yupana.sunat.testing import demo_signer

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "documents"


def test_build_sha256_option():
    doc = jsonformat.loads((EXAMPLES / "01-factura-gravada.json").read_bytes())
    built = build(doc, demo_signer("20123456786", "EMPRESA DEMO YUPANA S.A.C."), algorithm="rsa-sha256")
    assert b"xmldsig-more#rsa-sha256" in built.xml
    assert signing.verify(built.xml).valid
    assert packaging.unzip_document(built.zip) == (built.name, built.xml)


def test_build_command_writes_xml_and_zip(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    build_cli.add_parser(parser.add_subparsers())
    args = parser.parse_args(["build", str(EXAMPLES / "16-comunicacion-baja.json"), "--out", str(tmp_path)])
    assert args.run(args) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(tmp_path / "20123456786-RA-20261121-1.xml"), str(tmp_path / "20123456786-RA-20261121-1.zip")]
    with zipfile.ZipFile(tmp_path / "20123456786-RA-20261121-1.zip") as archive:
        assert archive.namelist() == ["20123456786-RA-20261121-1.xml"]
    assert (tmp_path / ".demo-cert" / "20123456786.pfx").exists()  # cached for the next run
    assert signing.verify((tmp_path / "20123456786-RA-20261121-1.xml").read_bytes()).valid


def test_build_command_reports_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text((EXAMPLES / "01-factura-gravada.json").read_text(encoding="utf-8").replace('"20100066603"', '"20100066604"'), encoding="utf-8")
    parser = argparse.ArgumentParser()
    build_cli.add_parser(parser.add_subparsers())
    args = parser.parse_args(["build", str(bad), "--out", str(tmp_path / "out")])
    assert args.run(args) == 1
    assert "customer.number: RUC inválido (dígito verificador)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_python_m_yupana_sunat_build(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "yupana.sunat", "build", str(EXAMPLES / "11-boleta-dni-mayor-700.json"), "--out", str(tmp_path)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "20123456786-03-B001-2.xml"), str(tmp_path / "20123456786-03-B001-2.zip")]
    check = subprocess.run([sys.executable, "-m", "yupana.sunat", "validate", str(tmp_path / "20123456786-03-B001-2.zip")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
