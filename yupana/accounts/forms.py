"""Forms check shape only; the rules live in services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation

from .models import Role


class LoginForm(forms.Form):
    email = forms.EmailField(label="Correo", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
                             error_messages={"required": "Escriba su correo.", "invalid": "Escriba un correo válido."})
    password = forms.CharField(label="Contraseña", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               error_messages={"required": "Escriba su contraseña."})


class UserCreateForm(forms.Form):
    full_name = forms.CharField(label="Nombre", max_length=150,
                                error_messages={"required": "Escriba el nombre del usuario."})
    email = forms.EmailField(label="Correo", error_messages={"required": "Escriba el correo del usuario.",
                                                              "invalid": "El correo no es válido."})
    role = forms.ChoiceField(label="Rol", choices=Role.choices)
    password1 = forms.CharField(label="Contraseña inicial", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}), help_text="Al menos 10 caracteres; no solo números.",
        error_messages={"required": "Escriba una contraseña inicial."})
    password2 = forms.CharField(label="Repita la contraseña", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}), error_messages={"required": "Repita la contraseña."})

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Las contraseñas no coinciden.")
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class UserEditForm(forms.Form):
    full_name = forms.CharField(label="Nombre", max_length=150,
                                error_messages={"required": "Escriba el nombre del usuario."})
    email = forms.EmailField(label="Correo", error_messages={"required": "Escriba el correo del usuario.",
                                                              "invalid": "El correo no es válido."})
    role = forms.ChoiceField(label="Rol", choices=Role.choices)
    is_active = forms.BooleanField(label="Activo (puede ingresar)", required=False)
