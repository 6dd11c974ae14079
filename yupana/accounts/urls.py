from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("ingresar/", views.login_view, name="login"),
    path("ingresar/cerrar-otras-sesiones/", views.close_other_sessions, name="close_other_sessions"),
    path("salir/", views.logout_view, name="logout"),
    path("contrasena/restablecer/", views.PasswordResetView.as_view(), name="password_reset"),
    path("contrasena/restablecer/enviado/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("contrasena/restablecer/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("contrasena/restablecida/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("usuarios/", views.user_list, name="user_list"),
    path("usuarios/nuevo/", views.user_create, name="user_create"),
    path("usuarios/<int:pk>/", views.user_edit, name="user_edit"),
    path("usuarios/sesiones/<int:pk>/cerrar/", views.session_close, name="session_close"),
]
