"""The council admin's switch on the team page: share the council's figures with its region."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from sufficiency.access import CouncilRequest, council_view
from sufficiency.regions import services
from sufficiency.roles import Permission


@council_view(Permission.MANAGE_USERS)
@require_POST
def sharing(request: CouncilRequest) -> HttpResponse:
    member = services.member_of(request.la.pk)
    if member is None:
        raise Http404("The council is in no region")
    shares = request.POST.get("shares") == "yes"
    services.set_sharing(member=member, shares=shares, by=request.user, request=request)
    messages.success(
        request,
        f"{request.la.name} {'shares' if shares else 'does not share'} its figures with "
        f"{member.region.name}.",
    )
    return redirect("overview:users", la_code=request.la.code)
