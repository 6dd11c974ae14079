"""PostgreSQL only: trigram indexes so a substring search (LIKE '%perez%') reads the matching rows
instead of every row. SQLite has no equivalent; there the covering indexes of 0003 do the job.

pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13+): the database owner may
create it. Where it cannot be created the migration skips the indexes and search still works.
"""

from django.db import migrations, transaction

TABLES = ("masterdata_customer", "masterdata_product", "masterdata_supplier")


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # no privilege: keep the covering indexes only
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} USING gin (search_text gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("masterdata", "0003_filter_indexes")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
