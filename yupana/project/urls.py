"""URL map. Each app mounts its own urls.py under a Spanish path; later apps are included when present."""

from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Yupana · Operador de la plataforma"
admin.site.site_title = "Yupana"
admin.site.index_title = "Planes, empresas y usuarios"

urlpatterns = [
    path("", include("yupana.web.urls")),
    path("", include("yupana.accounts.urls")),
    path("configuracion/", include("yupana.companies.urls")),
    path("plataforma/", admin.site.urls),
]

# Apps of later layers: mounted at their Spanish prefix when installed and their urls.py exists.
LATER_APPS = {
    "masterdata": "",
    "sales": "ventas/",
    "einvoicing": "comprobantes/",
    "quotations": "cotizaciones/",
    "purchases": "compras/",
    "inventory": "inventario/",
    "receivables": "cobranzas/",
    "reports": "reportes/",
    "api": "api/",
    "delivery": "",  # entrega/, consulta/ (public lookup), configuracion/formatos/
}
FOUNDATION_APPS = {"web", "accounts", "companies", "audit", "tasks"}
# Any other installed Yupana app with a urls.py is mounted too: at its prefix above, or at the root
# (its paths then carry their own Spanish prefix).
for _name in settings.INSTALLED_APPS:
    _app = _name.removeprefix("yupana.")
    if not _name.startswith("yupana.") or _app in FOUNDATION_APPS:
        continue
    if find_spec(f"{_name}.urls") is not None:
        urlpatterns.append(path(LATER_APPS.get(_app, ""), include(f"{_name}.urls")))

handler400 = "yupana.web.views.error_400"
handler403 = "yupana.web.views.error_403"
handler404 = "yupana.web.views.error_404"
handler500 = "yupana.web.views.error_500"
