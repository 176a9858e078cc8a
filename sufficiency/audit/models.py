"""The audit trail: who signed in, loaded, exported, changed a role or deleted what, and when.

Records are written by sufficiency.audit.record() and never changed: there is no edit view,
Django admin shows them read-only, and the model refuses to save an existing record.
"""

from django.conf import settings
from django.db import models

from sufficiency.councils import LocalAuthority


class Action(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    MFA_SET_UP = "mfa_set_up", "Set up MFA"
    MFA_RESET = "mfa_reset", "Reset MFA"
    IMPORT = "import", "Loaded data"
    EXPORT = "export", "Exported"
    INVITE = "invite", "Invited a person"
    JOIN = "join", "Accepted an invitation"
    ROLE_CHANGE = "role_change", "Changed a role"
    REMOVE = "remove", "Removed a person"
    DELETE = "delete", "Deleted data"
    COUNCIL_CREATED = "council_created", "Created the council"
    REGION_SHARING = "region_sharing", "Changed sharing with the region"


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text as well, so the record still says who after the account is deleted.
    username = models.CharField(max_length=150, blank=True)
    la = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    la_code = models.CharField(max_length=12, blank=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    what = models.CharField(max_length=500)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "audit record"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or 'someone'}: {self.what}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Audit records are never changed")
        super().save(*args, **kwargs)
