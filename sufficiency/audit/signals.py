"""Sign-ins, failed sign-ins and sign-outs reach the audit trail through Django's own signals,
whichever way the person signed in (password and MFA, or their council's identity provider)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sufficiency.access import SESSION_KEY
from sufficiency.audit import services as audit
from sufficiency.audit.models import Action
from sufficiency.councils import User


def _council_of(request, user):
    """The council the person works in now: the one in their session, else their first."""
    if user is None:
        return None
    councils = user.councils()
    code = request.session.get(SESSION_KEY) if request is not None else None
    return (councils.filter(code=code).first() if code else None) or councils.first()


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def signed_in(sender, request, user, **kwargs):
    how = _how(request)
    audit.record(
        Action.SIGN_IN,
        f"Signed in with {how}",
        request=request,
        user=user,
        la=_council_of(request, user),
    )


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(
            Action.SIGN_OUT, "Signed out", request=request, user=user, la=_council_of(None, user)
        )


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username") or (credentials or {}).get("login") or ""
    user = User.objects.filter(username=username).first() if username else None
    audit.record(
        Action.SIGN_IN_FAILED,
        f"Sign-in failed for “{username[:150]}”",
        request=request,
        user=user,
        la=_council_of(None, user),
        username=username[:150],
    )


def _how(request) -> str:
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    session = getattr(request, "session", None) if request is not None else None
    records = (session.get(AUTHENTICATION_METHODS_SESSION_KEY) if session is not None else []) or []
    methods = {r.get("method") for r in records if isinstance(r, dict)}
    if "socialaccount" in methods:
        return "their council's identity provider"
    if "mfa" in methods:
        return "password and authenticator code"
    return "password (authenticator app not set up yet)"
