from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sufficiency.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from sufficiency.audit import signals  # noqa: F401
