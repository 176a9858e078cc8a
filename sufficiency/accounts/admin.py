"""Django admin for staff: invitations and councils' identity providers. (Creating a council
from its ONS code is in reports/admin.py, beside the onboarding service it calls.)"""

from django.contrib import admin

from sufficiency.accounts.models import CouncilSignIn, Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "la", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "la"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # invitations are made by the team page or create_council, with an email


@admin.register(CouncilSignIn)
class CouncilSignInAdmin(admin.ModelAdmin):
    list_display = ["la", "provider_id", "email_domains", "default_role"]
