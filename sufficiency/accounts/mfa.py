"""Whether a session has met the MFA rule: every local account uses TOTP; a person who signed in
through their council's identity provider has met that provider's own MFA."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(r.get("method") in ("mfa", "socialaccount") for r in records)
