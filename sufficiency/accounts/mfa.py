"""Whether a session has met the MFA rule: every local account uses TOTP; a person who signed in
through their council's identity provider has met that provider's own MFA."""

import time

from allauth.account import app_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(r.get("method") in ("mfa", "socialaccount") for r in records)


def password_just_given(request) -> None:
    """Someone who has just signed in with their password is sent to set up their app; allauth
    asks for the password again before that unless it was given "as a reauthentication". A
    password given within allauth's reauthentication timeout counts as one, once."""
    records = get_authentication_records(request, request.user)
    passwords = [r for r in records if r.get("method") == "password"]
    if not passwords or passwords[-1].get("reauthenticated"):
        return
    if time.time() - passwords[-1].get("at", 0) < app_settings.REAUTHENTICATION_TIMEOUT:
        record_authentication(request, request.user, "password", reauthenticated=True)
