from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_http_methods

from sufficiency import services
from sufficiency.access import SESSION_KEY, CouncilRequest, council_view
from sufficiency.councils import Membership
from sufficiency.forms import CouncilSwitchForm, MembershipForm
from sufficiency.roles import Permission


def home(request: HttpRequest) -> HttpResponse:
    """Send the user to their current council, or to the only thing they can do without one."""
    councils = request.user.councils()
    current = councils.filter(code=request.session.get(SESSION_KEY)).first() or councils.first()
    if current is None:
        return render(request, "sufficiency/no_council.html", status=403)
    return redirect("overview", la_code=current.code)


@require_http_methods(["GET", "POST"])
def switch_council(request: HttpRequest) -> HttpResponse:
    form = CouncilSwitchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        la = form.cleaned_data["la"]
        request.session[SESSION_KEY] = la.code
        return redirect("overview", la_code=la.code)
    return render(request, "sufficiency/switch_council.html", {"form": form})


@council_view(Permission.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def council_users(request: CouncilRequest) -> HttpResponse:
    form = MembershipForm(request.POST or None, la=request.la)
    if request.method == "POST" and "remove" in request.POST:
        membership = get_object_or_404(Membership, pk=request.POST["remove"], la=request.la)
        if membership.user_id == request.user.pk:
            messages.error(request, "You cannot remove your own access.")
        else:
            membership.delete()
            messages.success(request, f"{membership.user.username} no longer has access.")
        return redirect("overview_users", la_code=request.la.code)
    if request.method == "POST" and form.is_valid():
        membership = services.grant_role(
            la=request.la,
            username=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
        )
        messages.success(
            request, f"{membership.user.username} is now {membership.get_role_display()}."
        )
        return redirect("overview_users", la_code=request.la.code)
    members = Membership.objects.filter(la=request.la).select_related("user")
    return render(request, "sufficiency/council_users.html", {"form": form, "members": members})


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
