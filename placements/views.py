from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sufficiency.access import council_view
from sufficiency.roles import Permission


@council_view(Permission.VIEW)
def children(request: HttpRequest) -> HttpResponse:
    return render(request, "placements/children.html")


@council_view(Permission.VIEW)
def market(request: HttpRequest) -> HttpResponse:
    return render(request, "placements/market.html")


@council_view(Permission.VIEW)
def data(request: HttpRequest) -> HttpResponse:
    return render(request, "placements/data.html")
