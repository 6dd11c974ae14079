"""What every page of the shell needs: company, role, menu and the help page for the view."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.apps import apps

from .help import help_key_for
from .navigation import resolved_nav


@lru_cache(maxsize=1)
def app_stylesheets() -> tuple[str, ...]:
    """`<app>/<app>.css` of every Yupana app that ships one: the shell loads them on every page, so an
    app's fragments (dashboards, partials swapped into other pages) are styled wherever they show."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("yupana.") and config.name != "yupana.web":
            if (Path(config.path) / "static" / config.label / f"{config.label}.css").is_file():
                found.append(f"{config.label}/{config.label}.css")
    return tuple(found)


def shell(request):
    membership = getattr(request, "membership", None)
    return {
        "company": getattr(request, "company", None),
        "membership": membership,
        "can_write": membership is not None and not membership.read_only,
        "is_admin_role": membership is not None and membership.role == "administrador",
        "nav_items": resolved_nav(request.path) if membership is not None else [],
        "help_key": help_key_for(request),
        "app_stylesheets": app_stylesheets(),
    }
