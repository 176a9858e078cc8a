"""A region groups member councils; regional roles read what the members share with it.

A sufficiency region is a collaboration (a Regional Care Co-operative, a borough partnership),
not DfE's statistical region (LocalAuthority.region_code), so it is its own model with members.
"""

from django.conf import settings
from django.db import models

from sufficiency.councils import LocalAuthority
from sufficiency.roles import RegionalRole

__all__ = ["Region", "RegionMember", "RegionalMembership"]


class Region(models.Model):
    name = models.CharField(max_length=120)
    code = models.SlugField(max_length=30, unique=True, help_text="Short name used in addresses")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegionMember(models.Model):
    """A council's place in a region (a council is in one region at most), and whether its
    admin has chosen to share the council's figures with the region's readers."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="members")
    la = models.OneToOneField(
        LocalAuthority, on_delete=models.CASCADE, related_name="region_member"
    )
    shares = models.BooleanField(
        default=False, help_text="The council's figures appear on the region's pages"
    )

    class Meta:
        ordering = ["region", "la__name"]

    def __str__(self) -> str:
        return f"{self.la} in {self.region}{'' if self.shares else ' (not sharing)'}"


class RegionalMembership(models.Model):
    """A user's role in a region: it opens the region's pages, never a member's own pages."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regional_memberships"
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=25, choices=RegionalRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="one_role_per_region")
        ]
        ordering = ["region__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()} in {self.region}"
