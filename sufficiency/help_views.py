"""Help pages and the glossary: the same for every council, and readable before signing in."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sufficiency import glossary, help


@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "sufficiency/help/index.html", {"areas": help.AREAS})


@login_not_required
def area(request: HttpRequest, slug: str) -> HttpResponse:
    found = help.BY_SLUG.get(slug)
    if found is None:
        raise Http404("No help for that area")
    return render(request, "sufficiency/help/area.html", {"area": found})


@login_not_required
def glossary_page(request: HttpRequest) -> HttpResponse:
    return render(request, "sufficiency/help/glossary.html", {"terms": glossary.terms()})
