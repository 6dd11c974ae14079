"""Mounted at /api/: the REST API (Ninja) and the administrator's pages for keys and webhooks.

Below /api/ every error is JSON: a wrong method on an operation (405) and an unknown path (404)
too, which Ninja and Django would otherwise answer in HTML."""

from functools import wraps

from django.urls import include, path, re_path

from . import views
from .api import api
from .errors import ApiError, error_response

admin_patterns = ([
    path("claves/", views.key_list, name="key_list"),
    path("claves/<int:pk>/revocar/", views.key_revoke, name="key_revoke"),
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/activar/", views.webhook_toggle, name="webhook_toggle"),
    path("webhooks/entregas/<int:pk>/reenviar/", views.delivery_resend, name="delivery_resend"),
], "api_admin")


def _json_405(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            json = error_response(ApiError(405, f"Método {request.method} no permitido aquí (use {allowed}).",
                                           "método"))
            json["Allow"] = allowed
            return json
        return response

    return wrapper


def not_found(request, rest=""):
    return error_response(ApiError(404, "Esta ruta de la API no existe; vea /api/docs.", "ruta"))


# (not named app_name/namespace: Django's include() would read them as this module's namespace)
_patterns, _app, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = _json_405(_pattern.callback)

urlpatterns = [
    path("", include(admin_patterns)),
    path("", (_patterns, _app, _namespace)),
    re_path(r"^(?!claves|webhooks/)(?P<rest>.*)$", not_found),
]
