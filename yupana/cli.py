"""The `yupana` command.

    yupana run-demo     migrate, demo data, then simulator + worker + web server (what `make run` does)
    yupana serve        the web server for production (gunicorn)
    yupana worker       the background task worker (django-tasks database backend)
    yupana setup-demo   create the demo company, users, certificate and series (idempotent)
    yupana <command>    any Django management command, hyphens allowed: `yupana seed-demo`,
                        `yupana import customers FILE --company RUC`, `yupana migrate`...

Other apps add sub-commands by shipping a management command (yupana/<app>/management/commands/).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
OWN_COMMANDS = ("run-demo", "serve", "worker", "setup-demo")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yupana.project.settings")
    import django

    django.setup()


def _manage(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yupana.project.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yupana", *argv])


def web_workers() -> str:
    """gunicorn processes: one per core ($WEB_CONCURRENCY overrides). Saving a sale is CPU-bound
    and holds its series' lock for a few statements; more processes than cores (or more threads)
    only make the lock holder wait for a core: with 20 sales at once on 2 cores, 2 processes x 2
    threads gave a p95 of 0.44-0.57 s and 4 x 2 gave 0.75-0.86 s (docs/performance.md)."""
    return os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() or 1))


def web_threads() -> str:
    """Threads per process ($WEB_THREADS): two, so a slow download does not hold a whole process."""
    return os.environ.get("WEB_THREADS", "2")


def cmd_serve(args: list[str]) -> None:
    """gunicorn on $BIND (default 0.0.0.0:$PORT or 8000), $WEB_CONCURRENCY workers."""
    port = os.environ.get("PORT", "8000")
    bind = os.environ.get("BIND", f"0.0.0.0:{port}")
    argv = [sys.executable, "-m", "gunicorn", "yupana.project.wsgi:application", "--bind", bind,
            "--workers", web_workers(), "--threads", web_threads(), "--timeout", "60",
            "--access-logfile", "-", *args]
    os.execvp(argv[0], argv)


def cmd_worker(args: list[str]) -> None:
    """The task worker on every queue unless told otherwise; several may run on PostgreSQL."""
    if not any(a.startswith("--queue-name") for a in args):
        args = ["--queue-name", "*", *args]
    if not any(a.startswith("--reload") or a == "--no-reload" for a in args):
        args = ["--no-reload", *args]
    _start_sunat_heartbeat()
    _manage(["db_worker", *args])


def _start_sunat_heartbeat() -> None:
    """Hook of the invoicing layer: a starting worker restarts the SUNAT heartbeat (retries, daily
    summaries, tickets), which a killed worker may have left without a successor."""
    try:
        _setup_django()
        from yupana.einvoicing.tasks import ensure_heartbeat

        ensure_heartbeat()
    except Exception as exc:  # noqa: BLE001 - a database not migrated yet must not stop the worker
        print(f"Aviso: no se programó el latido de envíos a SUNAT ({exc})", file=sys.stderr)


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.3)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_http(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local URL)
                if response.status < 500:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def cmd_run_demo(args: list[str]) -> None:
    """Everything a newcomer needs on 127.0.0.1, until Ctrl-C."""
    port = int(os.environ.get("PORT", "8000"))
    sim_port = int(os.environ.get("YUPANA_SIMULATOR_PORT", "8765"))
    os.environ.setdefault("YUPANA_SIMULATOR_URL", f"http://127.0.0.1:{sim_port}")
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from yupana.companies.demo import setup_demo

    var = Path(settings.VAR_DIR)
    var.mkdir(parents=True, exist_ok=True)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    if _port_open(port):
        sys.exit(f"El puerto {port} ya está en uso. Elija otro con PORT=8001 make run.")
    print("Preparando la base de datos…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    demo = setup_demo()
    from django.core.management import get_commands

    # The demo documents are issued once, through the running simulator and worker.
    seed_marker = var / ".demo-seeded"
    seed = "seed_demo" in get_commands() and not seed_marker.exists()

    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "yupana.project.settings")
    env.setdefault("LOG_LEVEL", "WARNING")  # keep the console for the URL, logins and problems
    children: list[tuple[str, subprocess.Popen]] = []

    def start(name: str, argv: list[str]) -> None:
        children.append((name, subprocess.Popen(argv, cwd=PROJECT_ROOT, env=env)))

    if (PROJECT_ROOT / "yupana" / "simulator" / "__main__.py").exists():
        if _port_open(sim_port):
            print(f"Aviso: ya hay algo escuchando en el puerto {sim_port}; se usará como simulador SUNAT.")
        else:
            start("simulador SUNAT", [sys.executable, "-m", "yupana.simulator", "--port", str(sim_port),
                                      "--data", str(var / "simulator")])
    start("tareas", [sys.executable, "-m", "yupana.cli", "worker"])
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    start("web", [gunicorn, "yupana.project.wsgi:application", "--bind", f"127.0.0.1:{port}",
                  "--workers", web_workers(), "--threads", web_threads(), "--timeout", "60",
                  "--log-level", "warning"])

    def stop_all(*_):
        for name, proc in children:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 10
        for name, proc in children:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()

    signal.signal(signal.SIGTERM, lambda *_: (stop_all(), sys.exit(0)))
    # Ctrl-C must stop everything even when started from a shell that ignores SIGINT in background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        url = f"http://127.0.0.1:{port}/"
        if not _wait_http(url + "ingresar/", 30):
            stop_all()
            sys.exit("El servidor web no arrancó; revise los mensajes de arriba.")
        if seed:
            print("Emitiendo los comprobantes de demostración…", flush=True)
            try:
                call_command("seed_demo")
            except Exception as exc:  # the demo still serves; the next run tries again
                print(f"No se pudieron emitir los comprobantes de demostración: {exc}", flush=True)
            else:
                seed_marker.touch()
        print()
        print("=" * 64)
        print(f"  Yupana está listo en {url}")
        print(f"  Empresa demo: {demo.company.business_name} (RUC {demo.company.ruc}), plan Premium")
        for email, role in demo.users:
            print(f"    {email:<20} ({role})  contraseña: {demo.password}")
        print(f"  Simulador SUNAT: http://127.0.0.1:{sim_port}/   Datos: {var}")
        print("  Detener todo: Ctrl-C")
        print("=" * 64, flush=True)
        while True:
            for name, proc in children:
                if proc.poll() is not None:
                    print(f"Se detuvo el proceso «{name}» (código {proc.returncode}); deteniendo todo.")
                    stop_all()
                    sys.exit(1)
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nDeteniendo…", flush=True)
    finally:
        stop_all()


def cmd_setup_demo(args: list[str]) -> None:
    _manage(["setup_demo", *args])


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    command, rest = argv[0], argv[1:]
    handlers = {"run-demo": cmd_run_demo, "serve": cmd_serve, "worker": cmd_worker, "setup-demo": cmd_setup_demo}
    if command in handlers:
        handlers[command](rest)
    else:
        _manage([command.replace("-", "_"), *rest])


if __name__ == "__main__":
    main()
