from django.http import HttpResponse
from django.shortcuts import render

from sufficiency.access import CouncilRequest, council_view
from sufficiency.audit import selectors
from sufficiency.audit.forms import AuditFilterForm
from sufficiency.roles import Permission


@council_view(Permission.AUDIT)
def audit_trail(request: CouncilRequest) -> HttpResponse:
    """The council's audit trail, filtered by what, who and when. There is nothing to edit."""
    form = AuditFilterForm(request.GET or None)
    chosen = selectors.AuditFilter()
    if form.is_bound and form.is_valid():
        chosen = selectors.AuditFilter(**form.cleaned_data)
    page = selectors.page(selectors.events(request.la, chosen), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_trail.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
