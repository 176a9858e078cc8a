"""Regions in Django admin: the operator sets up a region, its members and regional roles.
Whether a member shares is its own admin's decision (the team page, audited), so it is read-only
here."""

from django.contrib import admin

from sufficiency.regions.models import Region, RegionalMembership, RegionMember


class RegionMemberInline(admin.TabularInline):
    model = RegionMember
    extra = 1
    readonly_fields = ["shares"]


class RegionalMembershipInline(admin.TabularInline):
    model = RegionalMembership
    extra = 1


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    inlines = [RegionMemberInline, RegionalMembershipInline]
