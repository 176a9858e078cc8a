"""Roles and what each may do. One table, read by views, templates and tests alike."""

from django.db import models


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    EDITOR = "editor", "Editor"
    ANALYST = "analyst", "Analyst"
    ADMIN = "admin", "Admin"


class Permission(models.TextChoices):
    VIEW = "view", "Read dashboards and reports"
    EDIT_PLAN = "edit_plan", "Edit the action plan"
    EDIT_MARKET = "edit_market", "Edit market data"
    LOAD_DATA = "load_data", "Load data"
    EXPORT = "export", "Export reports"
    MANAGE_STRATEGY = "manage_strategy", "Manage the strategy"
    MANAGE_USERS = "manage_users", "Manage users"
    AUDIT = "audit", "See the audit trail"
    DELETE_DATA = "delete_data", "Delete returns and the cohort"


# A board member reads; a commissioner edits the plan and the market; an analyst loads data;
# an admin does all of it, manages users and the strategy, reads the audit trail and deletes data.
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({Permission.VIEW}),
    Role.EDITOR: frozenset(
        {Permission.VIEW, Permission.EDIT_PLAN, Permission.EDIT_MARKET, Permission.EXPORT}
    ),
    Role.ANALYST: frozenset({Permission.VIEW, Permission.LOAD_DATA, Permission.EXPORT}),
    Role.ADMIN: frozenset(Permission.values),
}


def can(role: str | None, permission: str) -> bool:
    return role is not None and permission in PERMISSIONS.get(role, frozenset())


class RegionalRole(models.TextChoices):
    REGIONAL_ANALYST = "regional_analyst", "Regional analyst"
    REGIONAL_COMMISSIONER = "regional_commissioner", "Regional commissioner"


class RegionalPermission(models.TextChoices):
    VIEW_REGION = "view_region", "Read the region's pages"
    EXPORT_REGION = "export_region", "Download the region's tables"
    REPORT_REGION = "report_region", "Make the regional board report"


# Both regional roles read the region's pages and make its board report; the analyst also
# downloads its tables. Neither opens a member council's own pages (council_view decides those).
REGIONAL_PERMISSIONS: dict[str, frozenset[str]] = {
    RegionalRole.REGIONAL_ANALYST: frozenset(RegionalPermission.values),
    RegionalRole.REGIONAL_COMMISSIONER: frozenset(
        {RegionalPermission.VIEW_REGION, RegionalPermission.REPORT_REGION}
    ),
}


def can_in_region(role: str | None, permission: str) -> bool:
    return role is not None and permission in REGIONAL_PERMISSIONS.get(role, frozenset())
