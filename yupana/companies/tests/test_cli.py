import pytest

from yupana import cli
from yupana.companies.models import Company


def test_help_lists_the_commands(capsys):
    cli.main(["--help"])
    out = capsys.readouterr().out
    for command in ("run-demo", "serve", "worker", "setup-demo"):
        assert command in out


@pytest.mark.django_db
def test_setup_demo_and_django_commands_through_the_yupana_command(capsys):
    cli.main(["setup-demo"])
    assert "admin@demo.pe" in capsys.readouterr().out
    assert Company.objects.filter(ruc="20123456786").exists()
    cli.main(["check"])  # any Django command passes through
    assert "no issues" in capsys.readouterr().out
