"""Scoping a region's pages, under /regions/<region code>/, to the signed-in user's regional
roles: a region the user has no role in is a 404, exactly as if it did not exist; a role
without the permission a 403 (as sufficiency.access does for councils)."""

from collections.abc import Callable
from functools import wraps
from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails

from sufficiency.access import SignedInRequest
from sufficiency.regions.models import Region, RegionalMembership
from sufficiency.roles import can_in_region


class RegionRequest(SignedInRequest):
    """The request a region's page receives: region_view has found the region and the user's
    regional role in it. For type checking only."""

    region: Region
    regional_role: str
    htmx: HtmxDetails


def region_view(permission: str) -> Callable:
    """A region's page: `permission` (a RegionalPermission) to see it. A region the user has no
    regional role in is a 404, as if it did not exist; a role without the permission a 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, region_code: str, *args, **kwargs) -> HttpResponse:
            user_id = request.user.pk
            membership = (
                RegionalMembership.objects.select_related("region")
                .filter(user_id=user_id, region__code=region_code)
                .first()
                if user_id is not None
                else None
            )
            if membership is None:
                raise Http404("No such region")
            region_request = cast(RegionRequest, request)
            region_request.region = membership.region
            region_request.regional_role = membership.role
            if not can_in_region(membership.role, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.region_permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator
