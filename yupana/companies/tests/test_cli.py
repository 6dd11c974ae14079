"""The `yupana` command as a user runs it: its own sub-commands and Django's, in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from yupana import cli

ROOT = Path(__file__).resolve().parents[3]


def test_help_lists_the_commands(capsys):
    cli.main(["--help"])
    out = capsys.readouterr().out
    for command in ("run-demo", "serve", "worker", "setup-demo"):
        assert command in out


@pytest.mark.slow
def test_setup_demo_is_idempotent_through_the_command(tmp_path):
    inherited = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "YUPANA_ENCRYPTION_KEY"}}
    env = {**inherited, "YUPANA_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "yupana.project.settings"}
    run = lambda *argv: subprocess.run([sys.executable, "-m", "yupana.cli", *argv], cwd=ROOT, env=env,  # noqa: E731
                                       capture_output=True, text=True, timeout=180)
    assert run("migrate", "-v0").returncode == 0  # a Django command through `yupana`
    first, second = run("setup-demo"), run("setup-demo")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "Creada la empresa demo" in first.stdout and "Ya existía la empresa demo" in second.stdout
    assert "admin@demo.pe" in second.stdout and "Yupana-Demo-2026" in second.stdout
    # Outside production the development secrets were generated once into the var folder.
    assert (tmp_path / "secret.key").exists() and (tmp_path / "encryption.key").exists()
