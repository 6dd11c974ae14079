"""Production mode: secrets are required, and `yupana serve` (gunicorn) serves the app with hashed
static files, as docs/deploy.md describes."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "YUPANA_ENCRYPTION_KEY",
                                                             "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"YUPANA_ENV": "production", "YUPANA_VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "127.0.0.1",
                "DJANGO_SETTINGS_MODULE": "yupana.project.settings", "LOG_LEVEL": "WARNING",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}", "SECURE_COOKIES": "0"})
    env.update(extra)
    return env


def _run(env, *argv):
    return subprocess.run([sys.executable, "-m", "yupana.cli", *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    result = _run(_env(tmp_path), "check")
    assert result.returncode != 0
    assert "Falta la variable de entorno SECRET_KEY" in result.stderr
    result = _run(_env(tmp_path, SECRET_KEY="x" * 60), "check")
    assert "Falta la variable de entorno YUPANA_ENCRYPTION_KEY" in result.stderr
    assert not (tmp_path / "secret.key").exists()  # never generated in production


@pytest.mark.slow
def test_yupana_serve_runs_gunicorn_with_hashed_static_files(tmp_path):
    from cryptography.fernet import Fernet

    env = _env(tmp_path, SECRET_KEY="s" * 60, YUPANA_ENCRYPTION_KEY=Fernet.generate_key().decode())
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env.update({"BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"})
    for argv in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        done = _run(env, *argv)
        assert done.returncode == 0, done.stderr
    deploy = _run(env, "check", "--deploy", "--fail-level", "ERROR")
    assert deploy.returncode == 0, deploy.stderr
    server = subprocess.Popen([sys.executable, "-m", "yupana.cli", "serve"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ingresar/", timeout=2) as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None, "gunicorn did not answer"
        assert "Ingresar a Yupana" in body
        # Static files carry a content hash and are served by the app itself.
        css = body.split('href="/static/web/yupana.')[1].split('"')[0]
        assert css.endswith(".css") and len(css) > 8
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/web/yupana.{css}") as response:
            assert response.status == 200 and "max-age" in response.headers.get("Cache-Control", "")
    finally:
        server.terminate()
        server.wait(10)


def test_shared_cache_counts_rate_limits_across_processes(tmp_path):
    """With YUPANA_CACHE=db every web process counts in the same table: a public page limited to
    3 hits a day refuses the 4th even when each hit comes from a different process."""
    env = _env(tmp_path, YUPANA_ENV="development", YUPANA_CACHE="db")
    for argv in (("migrate", "-v0"), ("createcachetable",)):
        assert _run(env, *argv).returncode == 0
    code = ("from yupana.delivery.ratelimit import hit; "
            "print('OK' if hit('consulta', '203.0.113.9', limit=3, window=86400) else 'LIMITED')")
    answers = [_run(env, "shell", "-c", code).stdout.strip().splitlines()[-1] for _ in range(4)]
    assert answers == ["OK", "OK", "OK", "LIMITED"]
