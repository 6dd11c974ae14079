"""The shell's own pages: home, help, and error pages in Spanish."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .help import render_page


@login_required
def home(request):
    if request.company is None:
        if request.user.is_staff:
            return redirect("admin:index")
        return render(request, "web/no_company.html", status=403)
    return render(request, "web/home.html")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (API docs, PDFs opened in a tab)."""
    from django.templatetags.static import static

    return redirect(static("web/icon.svg"), permanent=True)


@require_GET
def help_page(request, key: str):
    title, html, found = render_page(key)
    if not found and key != "inicio" and request.GET.get("strict"):
        raise Http404("No hay ayuda para esta página.")
    template = "web/help_panel.html" if request.GET.get("panel") else "web/help_page.html"
    return render(request, template, {"help_title": title, "help_html": html, "help_found": found})


def error_400(request, exception=None):
    return render(request, "web/error.html", {"status": 400, "title": "Solicitud no válida",
                  "message": "La solicitud no se pudo procesar. Vuelva a la página anterior e intente de nuevo."}, status=400)


def error_403(request, exception=None):
    message = str(exception) if exception and str(exception) else "No tiene permiso para ver esta página."
    return render(request, "web/error.html", {"status": 403, "title": "Acceso denegado", "message": message},
                  status=403)


def error_404(request, exception=None):
    return render(request, "web/error.html", {"status": 404, "title": "Página no encontrada",
                  "message": "La página o el registro que busca no existe o no pertenece a su empresa."}, status=404)


def error_500(request):
    return render(request, "web/error.html", {"status": 500, "title": "Algo falló en el servidor",
                  "message": "No se pudo completar la operación y no se guardó nada a medias. "
                             "Intente de nuevo; si vuelve a ocurrir, avise a soporte con la hora del error."},
                  status=500)


def csrf_failure(request, reason=""):
    return render(request, "web/error.html", {"status": 403, "title": "La página expiró",
                  "message": "El formulario estuvo abierto demasiado tiempo o su sesión cambió. "
                             "Recargue la página y vuelva a enviarlo."}, status=403)
