"""The NinjaAPI: routers, the JSON error handlers and the browsable docs served from vendored assets."""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import DocsBase

from .auth import ApiKeyAuth, max_body_bytes, missing_credentials, session_read
from .errors import ApiError, error_response, from_validation

log = logging.getLogger(__name__)

DESCRIPTION = """API de Yupana para emitir y consultar comprobantes electrónicos SUNAT y los datos maestros.

Autenticación: `Authorization: Bearer <clave>` (las claves las crea el administrador en *Configuración → API*).
Permisos: `read` (consultar) o `issue` (consultar, emitir, anular, crear y modificar).
Errores: siempre JSON `{"field", "message", "errors": [{"field", "message"}]}` en español.
Guía con ejemplos `curl`: `docs/api.md`."""


class LocalSwagger(DocsBase):
    """Swagger UI from ``api/static/api/swagger`` (vendored from npm's swagger-ui-dist): no CDN."""

    def render_page(self, request, api, **kwargs):
        return render(request, "api/docs.html", {"openapi_url": self.get_openapi_url(api, kwargs), "api": api})


api = NinjaAPI(title="Yupana API", version="1.0.0", description=DESCRIPTION, urls_namespace="api",
               auth=[ApiKeyAuth(), session_read], docs=LocalSwagger(), docs_url="/docs", openapi_url="/openapi.json")


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return error_response(exc)


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    return error_response(from_validation(exc.errors))


@api.exception_handler(AuthenticationError)
def _auth(request, exc):
    return error_response(missing_credentials())


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return error_response(ApiError(413, f"El cuerpo de la solicitud supera el máximo de {max_body_bytes() // 1024} KB.",
                                   "cuerpo"))


@api.exception_handler(HttpError)
def _http(request, exc: HttpError):
    messages = {400: "El cuerpo no es un JSON válido: envíe un objeto JSON con Content-Type: application/json.",
                404: "El recurso no existe.", 405: "Método no permitido.",
                415: "Envíe el cuerpo como JSON (Content-Type: application/json)."}
    return error_response(ApiError(exc.status_code, messages.get(exc.status_code, "Solicitud inválida."),
                                   "cuerpo" if exc.status_code in (400, 415) else ""))


from .documents import router as documents_router  # noqa: E402
from .masterdata import router as masterdata_router  # noqa: E402
from .webhooks.api import router as webhooks_router  # noqa: E402

api.add_router("", documents_router)
api.add_router("", masterdata_router)
api.add_router("", webhooks_router)
