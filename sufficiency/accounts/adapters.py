"""How django-allauth fits Sufficiency: nobody signs up on their own, the words are GOV.UK's,
and a person from a council's identity provider gets into that council only, with a role from
their invitation or the council's rule for its own email domains."""

from typing import NoReturn

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.db import transaction
from django.shortcuts import render

from sufficiency.accounts.models import CouncilSignIn, Invitation
from sufficiency.accounts.services import accept_invitation, account_for
from sufficiency.audit import services as audit
from sufficiency.audit.models import Action
from sufficiency.councils import Membership, User


def user_display(user) -> str:
    return user.get_full_name() or user.get_username()


def axes_username(request, credentials=None) -> str | None:
    """The username django-axes counts failures against: allauth's form calls it `login` and
    hands `username` to the authentication backends."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("login")
    if value is None and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("login") or data.get("username")
    return value.strip().lower() if isinstance(value, str) else value


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": "Enter a correct username and password",
        "too_many_login_attempts": "Too many failed sign-in attempts. Try again later.",
    }

    def is_open_for_signup(self, request) -> bool:
        # People join by invitation (accounts.views.invitation), never by signing up.
        return False


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user) -> str:
        return user.get_username()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-in through a council's identity provider (OpenID Connect)."""

    def pre_social_login(self, request, sociallogin) -> None:
        sign_in = (
            CouncilSignIn.objects.select_related("la")
            .filter(provider_id=sociallogin.account.provider)
            .first()
        )
        email = _email_of(sociallogin)
        if sign_in is None or not email:
            self._refuse(request, email, sign_in)
        user = sociallogin.user if sociallogin.is_existing else _account_for(email)
        member = user is not None and Membership.objects.filter(user=user, la=sign_in.la).exists()
        grant = None if member else _grant(sign_in, email)
        if not member and grant is None:
            self._refuse(request, email, sign_in)
        request._council_grant = (sign_in, grant)  # used by save_user and _apply below
        if not sociallogin.is_existing and user is not None:
            sociallogin.connect(request, user)
        if user is not None and grant is not None:
            _apply(user, sign_in, grant, request)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        council_grant = getattr(request, "_council_grant", None)
        return bool(council_grant and council_grant[1])

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        email = _email_of(sociallogin)
        if email:
            user.username = email
            user.email = email
        return user

    def save_user(self, request, sociallogin, form=None):
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form)
            sign_in, grant = request._council_grant
            _apply(user, sign_in, grant, request)
        return user

    def _refuse(self, request, email, sign_in) -> NoReturn:
        audit.record(
            Action.SIGN_IN_FAILED,
            f"Refused {email or 'a person without an email address'} from "
            f"{sign_in.provider_id if sign_in else 'an unknown identity provider'}: "
            "no invitation and not one of the council's email domains",
            request=request,
            la=sign_in.la if sign_in else None,
            username=(email or "")[:150],
        )
        raise ImmediateHttpResponse(
            render(request, "accounts/no_access.html", {"email": email}, status=403)
        )


def _email_of(sociallogin) -> str:
    email = (sociallogin.user.email if sociallogin.user else "") or ""
    if not email and sociallogin.email_addresses:
        email = sociallogin.email_addresses[0].email
    return email.strip().lower()


def _account_for(email: str) -> User | None:
    return account_for(email)


def _grant(sign_in: CouncilSignIn, email: str) -> Invitation | str | None:
    """An open invitation to this address for this council, else the council's default role
    for its own email domains, else nothing."""
    invitation = Invitation.objects.open().filter(la=sign_in.la, email=email).first()
    if invitation is not None:
        return invitation
    domain = email.rpartition("@")[2]
    if sign_in.default_role and domain in sign_in.domains():
        return sign_in.default_role
    return None


def _apply(user: User, sign_in: CouncilSignIn, grant, request) -> None:
    if isinstance(grant, Invitation):
        accept_invitation(invitation=grant, user=user, request=request)
        return
    membership, created = Membership.objects.get_or_create(
        user=user, la=sign_in.la, defaults={"role": grant}
    )
    if created:
        audit.record(
            Action.JOIN,
            f"{user.get_username()} joined as {membership.get_role_display()} through "
            f"{sign_in.provider_id}, as one of the council's email domains",
            request=request,
            user=user,
            la=sign_in.la,
        )
