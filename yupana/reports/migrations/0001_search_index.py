"""An index for finding a document by series and number without its type ("F001-12" in the search box).

The sales table's unique key starts with the type, so PostgreSQL could not use it for that search
on a million rows. Kept here (raw SQL, valid on SQLite and PostgreSQL) so the sales app's models
stay untouched.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS reports_sale_series_number ON sales_saledocument (company_id, series_code, number)",
            "DROP INDEX IF EXISTS reports_sale_series_number",
        ),
    ]
