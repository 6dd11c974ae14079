"""Users log in by e-mail; a Membership gives a user a role in one company."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from yupana.companies.models import Company, CompanyOwned


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("El correo es obligatorio.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        """The platform operator: manages plans and companies in /admin/, belongs to no company."""
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("correo", unique=True)
    full_name = models.CharField("nombre", max_length=150)
    is_active = models.BooleanField("activo", default=True)
    is_staff = models.BooleanField("operador de la plataforma", default=False)
    date_joined = models.DateTimeField("alta", default=timezone.now)
    # Lockout after repeated failed logins.
    failed_login_count = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "usuario"
        verbose_name_plural = "usuarios"
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def is_locked(self, now=None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))


class Role(models.TextChoices):
    ADMIN = "administrador", "Administrador"
    SELLER = "vendedor", "Vendedor"
    ACCOUNTANT = "contador", "Contador (solo lectura)"


class Membership(CompanyOwned):
    """The user's role in their company. One company per user for now (OneToOne)."""

    user = models.OneToOneField(User, verbose_name="usuario", on_delete=models.CASCADE, related_name="membership")
    role = models.CharField("rol", max_length=20, choices=Role.choices, default=Role.SELLER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "membresía"
        verbose_name_plural = "membresías"

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    @property
    def read_only(self) -> bool:
        return self.role == Role.ACCOUNTANT


class UserSession(CompanyOwned):
    """A signed-in browser session, counted against the company's plan while it is not idle."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tracked_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "sesión"
        verbose_name_plural = "sesiones"
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.user} desde {self.created_at:%d/%m/%Y %H:%M}"


__all__ = ["Company", "Membership", "Role", "User", "UserSession"]
