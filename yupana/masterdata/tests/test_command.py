"""`yupana import` from the command line."""

import pytest
from django.core.management import CommandError, call_command

from yupana.masterdata.models import Customer

from .files import write_csv

pytestmark = pytest.mark.django_db


def test_import_customers_by_company_ruc(tmp_path, company, capsys):
    path = write_csv(tmp_path / "c.csv", "ruc,razon social\n20131312955,Andina SAC\n20100047218,Norte SAC\n")
    call_command("import", "customers", str(path), "--company", company.ruc)
    assert "Se importaron 2 filas de clientes" in capsys.readouterr().out
    assert Customer.objects.for_company(company).count() == 2


def test_errors_are_listed_and_nothing_is_saved(tmp_path, company, capsys):
    path = write_csv(tmp_path / "c.csv", "ruc,razon social\n20131312955,Andina SAC\n20131312956,Malo SAC\n")
    with pytest.raises(CommandError, match="No se importó nada: 1 error"):
        call_command("import", "clientes", str(path), "--company", company.ruc)
    assert "Fila 3, ruc: El RUC 20131312956 no es válido" in capsys.readouterr().err
    assert not Customer.objects.exists()


def test_unknown_company_and_missing_file(tmp_path, company):
    with pytest.raises(CommandError, match="No hay ninguna empresa con RUC 20999999999"):
        call_command("import", "products", __file__, "--company", "20999999999")
    with pytest.raises(CommandError, match="No existe el archivo"):
        call_command("import", "products", str(tmp_path / "nada.csv"), "--company", company.ruc)
