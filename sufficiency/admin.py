from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from sufficiency.councils import LocalAuthority, Membership, Population, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(User)
class SufficiencyUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "old_la_code"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "la", "role"]
    list_filter = ["role", "la"]


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ["la", "year", "children"]


# Regions' admin lives with them; importing it here registers it.
from sufficiency.regions import admin as regions_admin  # noqa: E402, F401
