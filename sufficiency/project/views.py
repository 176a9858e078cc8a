"""The home page: it sends each person to where they belong (a council, or a region), so it
reads both and lives with the wiring."""

from django.http import HttpResponse
from django.shortcuts import redirect, render

from sufficiency.access import SESSION_KEY, SignedInRequest
from sufficiency.regions.models import RegionalMembership


def home(request: SignedInRequest) -> HttpResponse:
    """Send the user to their current council, or to the only thing they can do without one."""
    councils = request.user.councils()
    current = councils.filter(code=request.session.get(SESSION_KEY)).first() or councils.first()
    if current is None:
        # Someone with only a regional role reads the region's pages.
        regional = (
            RegionalMembership.objects.filter(user=request.user).select_related("region").first()
        )
        if regional is not None:
            return redirect("region:overview", region_code=regional.region.code)
        return render(request, "sufficiency/no_council.html", status=403)
    return redirect("overview:index", la_code=current.code)
