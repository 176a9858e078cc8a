"""Reads for the team page."""

from dataclasses import dataclass
from datetime import datetime

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialApp
from django.shortcuts import get_object_or_404

from sufficiency.accounts.models import CouncilSignIn, Invitation
from sufficiency.councils import LocalAuthority, Membership


@dataclass(frozen=True)
class TeamMember:
    membership: Membership
    last_sign_in: datetime | None
    mfa: bool
    signs_in_with_council_account: bool


def team(la: LocalAuthority) -> list[TeamMember]:
    members = list(
        Membership.objects.filter(la=la).select_related("user").order_by("user__username")
    )
    user_ids = [m.user_id for m in members]
    with_totp = set(
        Authenticator.objects.filter(
            user_id__in=user_ids, type=Authenticator.Type.TOTP
        ).values_list("user_id", flat=True)
    )
    from allauth.socialaccount.models import SocialAccount

    with_social = set(
        SocialAccount.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )
    return [
        TeamMember(m, m.user.last_login, m.user_id in with_totp, m.user_id in with_social)
        for m in members
    ]


def open_invitations(la: LocalAuthority):
    return Invitation.objects.open().filter(la=la).select_related("invited_by")


def open_invitation(la: LocalAuthority, pk: str) -> Invitation:
    """One of the council's invitations still open, by its id as posted; else a 404."""
    return get_object_or_404(Invitation.objects.open(), pk=pk, la=la)


def council_sign_ins() -> list:
    """Councils whose identity provider is set up (its OpenID Connect app exists)."""
    configured = SocialApp.objects.filter(provider="openid_connect").values_list(
        "provider_id", flat=True
    )
    return list(
        CouncilSignIn.objects.select_related("la")
        .filter(provider_id__in=list(configured))
        .order_by("la__name")
    )


def identity_provider_origins() -> list[str]:
    """scheme://host[:port] of every council identity provider in use, for the sign-in page's
    Content Security Policy."""
    from urllib.parse import urlparse

    from allauth.socialaccount.models import SocialApp

    providers = {s.provider_id for s in council_sign_ins()}
    origins = []
    for app in SocialApp.objects.filter(provider="openid_connect", provider_id__in=providers):
        url = urlparse(str((app.settings or {}).get("server_url", "")))
        if url.scheme in ("https", "http") and url.netloc:
            origins.append(f"{url.scheme}://{url.netloc}")
    return sorted(set(origins))
