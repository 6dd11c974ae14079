"""seed-demo through the real pipeline, then export-documents gives every XML and CDR."""

from __future__ import annotations

import datetime as dt
import zipfile
import io

from django.core.management import call_command

from yupana.companies.demo import setup_demo
from yupana.einvoicing.exporting import export_zip
from yupana.einvoicing.models import ElectronicDocument, Status, SummaryBatch
from yupana.sales.demo import seed_demo
from yupana.sales.models import SaleDocument
from yupana.sunat.testing import check_document

TODAY = dt.date(2026, 11, 27)


def test_seed_demo_issues_a_month_accepted_and_export_has_every_file(db, simulator, tmp_path):
    company = setup_demo().company
    result = seed_demo(company, today=TODAY)
    # At least 30 documents of every kind, a daily summary and a voided factura
    assert len(result.documents) >= 30
    assert result.count("01") == 31 and result.count("03") == 16
    assert result.count("07") == 2 and result.count("08") == 1
    assert result.summaries >= 1 and SummaryBatch.objects.filter(kind="RC", status="aceptado").exists()
    assert result.voided
    statuses = dict(ElectronicDocument.objects.values_list("document__series_code", "status").distinct())
    voided = ElectronicDocument.objects.get(status=Status.VOIDED)
    assert voided.document.document_id == result.voided
    # Everything else accepted, except today's boletas (they wait for tomorrow's summary)
    pending = ElectronicDocument.objects.exclude(status__in=[Status.ACCEPTED, Status.OBSERVED, Status.VOIDED])
    assert all(e.via_summary and e.document.issue_date == TODAY for e in pending), statuses
    for electronic in ElectronicDocument.objects.all()[:40]:
        check_document(bytes(electronic.xml), electronic.name + ".xml", allow_observations=("3249",))
    # export-documents writes each signed XML and each CDR
    out = tmp_path / "export"
    call_command("export-documents".replace("-", "_"), company=company.ruc, date_from="2026-10-01",
                 date_to="2026-11-30", out=out)
    names = {p.name for p in out.iterdir()}
    for electronic in ElectronicDocument.objects.all():
        assert f"{electronic.name}.xml" in names
        if electronic.status != Status.ISSUED:
            assert f"R-{electronic.name}.zip" in names
    assert (out / "resumenes").is_dir()
    archive = zipfile.ZipFile(io.BytesIO(export_zip(company=company, date_from=dt.date(2026, 10, 1),
                                                    date_to=dt.date(2026, 11, 30))))
    assert set(n for n in archive.namelist() if "/" not in n) == names - {"resumenes"}
    assert SaleDocument.objects.count() == len(result.documents)


def test_seed_demo_command_counts_in_plain_spanish(db):
    out = io.StringIO()
    call_command("seed_demo", "--no-send", stdout=out)
    assert ("31 facturas, 16 boletas, 2 notas de crédito, 1 nota de débito; 0 resúmenes diarios"
            in out.getvalue()), out.getvalue()
