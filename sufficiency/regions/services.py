"""Writes for regions: a council admin's choice to share with the region, audited."""

from django.db import transaction
from django.http import HttpRequest

from sufficiency.audit import services as audit
from sufficiency.audit.models import Action
from sufficiency.councils import User
from sufficiency.regions.models import RegionMember


def member_of(la_id: int) -> RegionMember | None:
    """The council's place in a region, if it has one."""
    return RegionMember.objects.select_related("region", "la").filter(la_id=la_id).first()


@transaction.atomic
def set_sharing(
    *, member: RegionMember, shares: bool, by: User, request: HttpRequest | None = None
) -> RegionMember:
    """Share the council's figures with its region, or stop; recorded in the audit trail."""
    if member.shares == shares:
        return member
    member.shares = shares
    member.save(update_fields=["shares"])
    what = (
        f"{member.la} now shares its figures with {member.region}"
        if shares
        else f"{member.la} stopped sharing its figures with {member.region}"
    )
    audit.record(
        Action.REGION_SHARING, what, request=request, user=by, la=member.la,
        region=member.region.code, shares=shares,
    )  # fmt: skip
    return member
