from django.contrib import admin

from sufficiency.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: staff may look and filter; nobody adds, changes or deletes a record."""

    list_display = ["at", "username", "la_code", "action", "what", "ip_address"]
    list_filter = ["action", "la_code"]
    search_fields = ["username", "what", "la_code"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
