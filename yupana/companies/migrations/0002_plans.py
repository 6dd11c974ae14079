"""The two plans Yupana launches with; the platform operator edits them (and adds others) in the admin."""

from django.db import migrations


def create_plans(apps, schema_editor):
    Plan = apps.get_model("companies", "Plan")
    Plan.objects.get_or_create(name="Básico", defaults={"max_sessions": 1, "stock_control": False,
                                                        "credit_control": False})
    Plan.objects.get_or_create(name="Premium", defaults={"max_sessions": 3, "stock_control": True,
                                                         "credit_control": True})


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]
    operations = [migrations.RunPython(create_plans, migrations.RunPython.noop)]
