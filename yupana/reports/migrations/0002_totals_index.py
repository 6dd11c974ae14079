"""Indexes for the totals row and the dashboard.

- PostgreSQL only: a covering index so a period's sums come from the index alone (index-only scan)
  instead of visiting every row of a year in the table.
- A partial index of the few rejected or voided documents, so excluding them from the totals
  (an anti-join) hashes only those instead of every SUNAT row of the company, and the dashboard
  counts the recent rejections from the index; another of the documents still pending at SUNAT."""

from django.db import migrations

CREATE = ("CREATE INDEX IF NOT EXISTS reports_sale_totals ON sales_saledocument (company_id, issue_date) "
          "INCLUDE (currency, doc_type, total_gravadas, total_igv, total, exchange_rate)")
DROP = "DROP INDEX IF EXISTS reports_sale_totals"
CREATE_INVALID = ("CREATE INDEX IF NOT EXISTS reports_edoc_not_counted ON einvoicing_electronicdocument "
                  "(company_id, status, issued_at, document_id) WHERE status IN ('rechazado', 'anulado')")
CREATE_PENDING = ("CREATE INDEX IF NOT EXISTS reports_edoc_pending ON einvoicing_electronicdocument "
                  "(company_id, issued_at) WHERE status IN ('emitido', 'enviado')")
DROP_PENDING = "DROP INDEX IF EXISTS reports_edoc_pending"
DROP_INVALID = "DROP INDEX IF EXISTS reports_edoc_not_counted"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_search_index"), ("einvoicing", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards), migrations.RunSQL(CREATE_INVALID, DROP_INVALID),
                  migrations.RunSQL(CREATE_PENDING, DROP_PENDING)]
