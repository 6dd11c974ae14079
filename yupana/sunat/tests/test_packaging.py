"""File names and ZIPs, with the SUNAT codes a broken upload gets."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile

import pytest

from yupana.sunat import packaging
from yupana.sunat.errors import SunatError
from yupana.sunat.packaging import FileNameError

XML = '<?xml version="1.0" encoding="UTF-8"?>\n<Invoice><ID>F001-1</ID><Note>Ñandú</Note></Invoice>'.encode()


def make_zip(*entries: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def test_document_and_summary_names():
    assert packaging.document_name("20123456789", "01", "F001", 1) == "20123456789-01-F001-1"
    assert packaging.document_name("20123456789", "03", "b001", "00000049") == "20123456789-03-B001-00000049"
    assert packaging.summary_name("20123456789", "RC", dt.date(2026, 1, 15), 3) == "20123456789-RC-20260115-3"
    # 02:00 UTC on 16 January is still the 15th in Lima (UTC-5)
    late = dt.datetime(2026, 1, 16, 2, 0, tzinfo=dt.timezone.utc)
    assert packaging.summary_name("20123456789", "ra", late, 1) == "20123456789-RA-20260115-1"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("2012345678", "01", "F001", 1), "11 dígitos"),
        (("20123456789", "02", "F001", 1), "tipo de comprobante"),
        (("20123456789", "01", "F01", 1), "serie"),
        (("20123456789", "01", "F001", 0), "correlativo"),
        (("20123456789", "01", "F001", 123456789), "correlativo"),
    ],
)
def test_document_name_rejects_bad_parts_with_a_spanish_message(args, fragment):
    with pytest.raises(FileNameError, match=fragment) as info:
        packaging.document_name(*args)
    assert info.value.code == "0151"


def test_parse_name_round_trips_documents_and_summaries():
    parsed = packaging.parse_name("20123456789-07-FC01-00000211.zip")
    assert (parsed.ruc, parsed.doc_type, parsed.series, parsed.number) == ("20123456789", "07", "FC01", "00000211")
    assert parsed.document_id == "FC01-00000211" and not parsed.is_summary
    summary = packaging.parse_name("20123456789-RC-20201022-33221.xml")
    assert summary.is_summary and summary.issue_date == dt.date(2020, 10, 22)
    assert summary.document_id == "RC-20201022-33221"
    assert str(summary) == "20123456789-RC-20201022-33221"


@pytest.mark.parametrize(
    "name",
    ["20123456789-01-F001.zip", "20123456789-01-F001-1-2", "x", "20123456789-RC-20261332-1", "20123456789-99-F001-1"],
)
def test_parse_name_errors(name):
    with pytest.raises(FileNameError) as info:
        packaging.parse_name(name, code="0159")
    assert info.value.code == "0159"
    assert "El nombre del archivo XML es incorrecto" in str(info.value)


def test_zip_is_deterministic_and_round_trips():
    first = packaging.zip_document("20123456789-01-F001-1", XML)
    assert first == packaging.zip_document("20123456789-01-F001-1.xml", XML)
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist() == ["20123456789-01-F001-1.xml"]
    assert archive.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)
    assert packaging.unzip_document(first, "20123456789-01-F001-1.zip") == ("20123456789-01-F001-1", XML)


@pytest.mark.skipif(shutil.which("unzip") is None, reason="Info-ZIP unzip not installed")
def test_zip_passes_info_zip_integrity_test(tmp_path):
    xml = XML * 200
    path = tmp_path / "20123456789-01-F001-1.zip"
    path.write_bytes(packaging.zip_document("20123456789-01-F001-1", xml))
    done = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No errors detected" in done.stdout
    extracted = subprocess.run(["unzip", "-p", str(path)], capture_output=True).stdout
    assert extracted == xml
    info = zipfile.ZipFile(path).infolist()[0]
    assert info.compress_type == zipfile.ZIP_DEFLATED and info.file_size == len(xml)
    assert info.compress_size < len(xml) // 10  # 200 repeats compress well


def test_unzip_skips_empty_dummy_entries():
    data = make_zip(("dummy/", b""), ("dummy", b""), ("20123456789-01-F001-1.xml", XML))
    assert packaging.unzip_document(data) == ("20123456789-01-F001-1", XML)


@pytest.mark.parametrize(
    "data, zip_name, code",
    [
        (make_zip(("20123456789-01-F001-1.xml", XML)), "20123456789-01-F001-1.rar", "0151"),
        (make_zip(("20123456789-01-F001-1.xml", XML)), "factura.zip", "0151"),
        (b"", None, "0155"),
        (make_zip(), None, "0155"),
        (b"PK\x03\x04 this is not really a zip", None, "0156"),
        (make_zip(("dummy", b"")), None, "0157"),
        (make_zip(("20123456789-01-F001-1.xml", XML), ("20123456789-01-F001-2.xml", XML)), None, "0158"),
        (make_zip(("factura.xml", XML)), None, "0159"),
        (make_zip(("20123456789-01-F001-1.txt", XML)), None, "0159"),
        (make_zip(("carpeta/20123456789-01-F001-1.xml", XML)), None, "0159"),
        (make_zip(("20123456789-01-F001-1.xml", b"")), None, "0160"),
        (make_zip(("20123456789-01-F001-1.xml", b"  \n")), None, "0160"),
        (make_zip(("20123456789-01-F001-2.xml", XML)), "20123456789-01-F001-1.zip", "0161"),
    ],
    ids=["zip-ext", "zip-name", "no-bytes", "no-entries", "corrupt", "only-dummy", "two-xml",
         "xml-name", "xml-ext", "xml-in-folder", "xml-empty", "xml-blank", "name-mismatch"],
)
def test_unzip_answers_sunat_codes(data, zip_name, code):
    with pytest.raises(SunatError) as info:
        packaging.unzip_document(data, zip_name)
    assert info.value.code == code


def test_truncated_zip_is_corrupt():
    data = packaging.zip_document("20123456789-01-F001-1", XML * 50)
    with pytest.raises(SunatError) as info:
        packaging.unzip_document(data[: len(data) // 2])
    assert info.value.code == "0156"
    assert "El archivo ZIP esta corrupto" in str(info.value)
