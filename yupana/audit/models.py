"""Who changed what and when: one row per change, kept forever."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from yupana.companies.models import CompanyOwned


class AuditEntry(CompanyOwned):
    created_at = models.DateTimeField("fecha", default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="usuario", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    action = models.CharField("acción", max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("registro", max_length=250)
    # {"field": [old, new]} with JSON-safe values; secrets appear as "••••".
    changes = models.JSONField("cambios", default=dict, blank=True)

    class Meta:
        verbose_name = "registro de auditoría"
        verbose_name_plural = "auditoría"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["company", "content_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"
