"""Joining by invitation, and the team page where a council's admin manages its people."""

from typing import Any, cast

from allauth.account import views as allauth_views
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.totp import views as totp_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from sufficiency.access import CouncilRequest, council_view
from sufficiency.accounts import selectors, services
from sufficiency.accounts.forms import InviteForm, JoinForm, RoleForm
from sufficiency.accounts.models import Invitation
from sufficiency.audit import services as audit
from sufficiency.audit.models import Action
from sufficiency.councils import Membership, User
from sufficiency.regions import services as region_services
from sufficiency.roles import Permission

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _me(request: HttpRequest) -> User:
    """The signed-in person (council views are only ever reached signed in)."""
    return cast(User, request.user)


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email: a newcomer chooses a password and goes on to set up
    MFA; someone with an account already signs in and accepts."""
    found = services.find_invitation(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    account = services.account_for(found.email)
    if account is not None:
        return _existing_account_accepts(request, found, account)
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_invalid.html", {"other": True}, status=403)
    return _newcomer_joins(request, found)


def _existing_account_accepts(
    request: HttpRequest, found: Invitation, account: User
) -> HttpResponse:
    if not request.user.is_authenticated:
        query = urlencode({"next": request.path})
        return render(
            request,
            "accounts/invitation_sign_in.html",
            {"invitation": found, "login_url": f"{reverse('login')}?{query}"},
        )
    if request.user.pk != account.pk:
        return render(request, "accounts/invitation_invalid.html", {"other": True}, status=403)
    if request.method == "POST":
        services.accept_invitation(invitation=found, user=account, request=request)
        messages.success(request, f"You now have access to {found.la.name}.")
        return redirect("overview:index", la_code=found.la.code)
    return render(request, "accounts/invitation_accept.html", {"invitation": found})


def _newcomer_joins(request: HttpRequest, found: Invitation) -> HttpResponse:
    form = JoinForm(request.POST or None, email=found.email)
    if not (request.method == "POST" and form.is_valid()):
        return render(request, "accounts/invitation_join.html", {"invitation": found, "form": form})
    try:
        user = services.accept_invitation(
            invitation=found,
            password=form.cleaned_data["password1"],
            name=form.cleaned_data["name"],
            request=request,
        )
    except ValidationError:
        return render(request, "accounts/invitation_invalid.html", status=404)
    # They chose their password in this very request: that is as fresh as allauth's
    # "reauthenticated", which setting up an authenticator app asks for.
    record_authentication(
        request, user, "password", username=user.get_username(), reauthenticated=True
    )
    login(request, user, backend=BACKEND)
    return redirect("mfa_activate_totp")


@council_view(Permission.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def team(request: CouncilRequest) -> HttpResponse:
    if request.method == "POST" and "cancel" in request.POST:
        return _cancel_invitation(request, request.POST["cancel"])
    form = InviteForm(request.POST or None, la=request.la)
    if request.method == "POST" and form.is_valid():
        sent = services.invite(
            la=request.la,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=_me(request),
            request=request,
        )
        messages.success(
            request,
            f"We have emailed an invitation to {sent.invitation.email} "
            f"as {sent.invitation.get_role_display()}.",
        )
        return redirect("overview:users", la_code=request.la.code)
    return render(
        request,
        "accounts/team.html",
        {
            "form": form,
            "members": selectors.team(request.la),
            "invitations": selectors.open_invitations(request.la),
            "region_member": region_services.member_of(request.la.pk),
        },
    )


def _cancel_invitation(request: CouncilRequest, pk: str) -> HttpResponse:
    pending = selectors.open_invitation(request.la, pk)
    services.cancel_invitation(invitation=pending, by=_me(request), request=request)
    messages.success(request, f"The invitation to {pending.email} no longer works.")
    return redirect("overview:users", la_code=request.la.code)


@council_view(Permission.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def member(request: CouncilRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, la=request.la)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(
                membership=membership,
                role=form.cleaned_data["role"],
                by=_me(request),
                request=request,
            )
        except ValidationError as exc:
            form.add_error("role", exc.messages[0])
        else:
            messages.success(
                request,
                f"{membership.user.get_username()} is now {membership.get_role_display()}.",
            )
            return redirect("overview:users", la_code=request.la.code)
    return render(
        request,
        "accounts/member.html",
        {"membership": membership, "form": form, "is_self": membership.user_id == request.user.pk},
    )


@council_view(Permission.MANAGE_USERS)
@require_POST
def member_remove(request: CouncilRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, la=request.la)
    try:
        services.remove_member(membership=membership, by=_me(request), request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("overview:users_member", la_code=request.la.code, pk=pk)
    messages.success(request, f"{membership.user.get_username()} no longer has access.")
    return redirect("overview:users", la_code=request.la.code)


@council_view(Permission.MANAGE_USERS)
@require_POST
def member_reset_mfa(request: CouncilRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, la=request.la)
    services.reset_mfa(membership=membership, by=_me(request), request=request)
    messages.success(
        request,
        f"{membership.user.get_username()} must set up an authenticator app at their next sign-in.",
    )
    return redirect("overview:users_member", la_code=request.la.code, pk=pk)


class SignInView(allauth_views.LoginView):
    """allauth's sign-in, offering each council's own identity provider as well."""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["council_sign_ins"] = selectors.council_sign_ins()
        return context


_sign_in_view = SignInView.as_view()


@login_not_required
def sign_in(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    response = _sign_in_view(request, *args, **kwargs)
    origins = selectors.identity_provider_origins()
    if origins:
        # The council's button posts here and is redirected to its identity provider; browsers
        # hold that redirect to this page's form-action, so the providers' origins join 'self'.
        policy: dict[str, Any] = dict(settings.SECURE_CSP)
        policy["form-action"] = [*(policy.get("form-action") or []), *origins]
        response._csp_config = policy
    return response


class ActivateTOTPView(totp_views.ActivateTOTPView):
    """allauth's TOTP set-up. Entering a right code proves the person holds the app, so it
    counts as this session's MFA (recorded as allauth records a code given at sign-in)."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        user = self.request.user
        record_authentication(self.request, user, "mfa", type="totp", setup=True)
        audit.record(
            Action.MFA_SET_UP,
            "Set up an authenticator app",
            request=self.request,
            la=user.councils().first(),
        )
        return response


activate_totp = ActivateTOTPView.as_view()


def not_offered(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """allauth pages Sufficiency does not offer: adding email addresses (an address is what
    maps a council's identity provider to an account, so only an invitation sets it) and
    connecting other identity providers."""
    raise Http404("Not offered")
