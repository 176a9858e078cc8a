from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_http_methods

from sufficiency.access import SESSION_KEY, SignedInRequest
from sufficiency.forms import CouncilSwitchForm


@require_http_methods(["GET", "POST"])
def switch_council(request: SignedInRequest) -> HttpResponse:
    form = CouncilSwitchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        la = form.cleaned_data["la"]
        request.session[SESSION_KEY] = la.code
        return redirect("overview:index", la_code=la.code)
    return render(request, "sufficiency/switch_council.html", {"form": form})


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico whatever the page says; the file lives with GOV.UK Frontend.
    return redirect(static("vendor/govuk-frontend/assets/images/favicon.ico"), permanent=True)


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "sufficiency/accessibility.html")


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "sufficiency/privacy.html")
