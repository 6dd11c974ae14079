"""Mounted at /api/: the REST API (Ninja) and the administrator's pages for keys and webhooks."""

from django.urls import include, path

from . import views
from .api import api

admin_patterns = ([
    path("claves/", views.key_list, name="key_list"),
    path("claves/<int:pk>/revocar/", views.key_revoke, name="key_revoke"),
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/activar/", views.webhook_toggle, name="webhook_toggle"),
    path("webhooks/entregas/<int:pk>/reenviar/", views.delivery_resend, name="delivery_resend"),
], "api_admin")

urlpatterns = [
    path("", include(admin_patterns)),
    path("", api.urls),
]
