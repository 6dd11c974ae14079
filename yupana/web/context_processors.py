"""What every page of the shell needs: company, role, menu and the help page for the view."""

from __future__ import annotations

from .help import help_key_for
from .navigation import resolved_nav


def shell(request):
    membership = getattr(request, "membership", None)
    return {
        "company": getattr(request, "company", None),
        "membership": membership,
        "can_write": membership is not None and not membership.read_only,
        "is_admin_role": membership is not None and membership.role == "administrador",
        "nav_items": resolved_nav(request.path) if membership is not None else [],
        "help_key": help_key_for(request),
    }
