"""An admin deletes a return, or the council's whole cohort, after typing a confirmation."""

from typing import cast

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from placements.cohort import retention as services
from placements.cohort.models import Return
from sufficiency.access import CouncilRequest, council_view
from sufficiency.accounts.forms import ConfirmForm
from sufficiency.councils import User
from sufficiency.roles import Permission


@council_view(Permission.DELETE_DATA)
@require_http_methods(["GET", "POST"])
def delete_return(request: CouncilRequest, pk: int) -> HttpResponse:
    return_obj = get_object_or_404(Return, pk=pk, la=request.la)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if return_obj.status in (Return.Status.QUEUED, Return.Status.RUNNING):
            messages.error(request, "This import is still running: delete it when it has ended.")
            return redirect("data:return", la_code=request.la.code, pk=pk)
        services.delete_return(return_obj=return_obj, by=cast(User, request.user), request=request)
        messages.success(request, f"The {return_obj.label} return (import {pk}) is deleted.")
        return redirect("data:index", la_code=request.la.code)
    return render(request, "retention/delete_return.html", {"return": return_obj, "form": form})


@council_view(Permission.DELETE_DATA)
@require_http_methods(["GET", "POST"])
def delete_cohort(request: CouncilRequest) -> HttpResponse:
    returns = Return.objects.filter(la=request.la)
    form = ConfirmForm(request.POST or None, word=request.la.code)
    if request.method == "POST" and form.is_valid():
        count = services.delete_cohort(la=request.la, by=cast(User, request.user), request=request)
        messages.success(request, f"The cohort is deleted: {count} imports of returns.")
        return redirect("data:index", la_code=request.la.code)
    return render(
        request,
        "retention/delete_cohort.html",
        {
            "form": form,
            "imports": returns.count(),
            "years": sorted(set(returns.values_list("year", flat=True))),
        },
    )
