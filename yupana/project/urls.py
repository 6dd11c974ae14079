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
for _app, _prefix in LATER_APPS.items():
    if f"yupana.{_app}" in settings.INSTALLED_APPS and find_spec(f"yupana.{_app}.urls") is not None:
        urlpatterns.append(path(_prefix, include(f"yupana.{_app}.urls")))

handler400 = "yupana.web.views.error_400"
handler403 = "yupana.web.views.error_403"
handler404 = "yupana.web.views.error_404"
handler500 = "yupana.web.views.error_500"
