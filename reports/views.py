from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sufficiency.access import council_view
from sufficiency.roles import Permission


@council_view(Permission.VIEW)
def reports(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/reports.html")
