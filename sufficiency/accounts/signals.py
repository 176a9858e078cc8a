"""Setting up TOTP proves the person holds the authenticator app, so it counts as this session's
MFA; wrong codes and set-ups go to the audit trail."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authentication_failed, authenticator_added
from django.dispatch import receiver

from sufficiency import audit
from sufficiency.audit.models import Action


@receiver(authenticator_added, dispatch_uid="accounts_totp_added")
def totp_added(sender, request, user, authenticator, **kwargs):
    if authenticator.type != Authenticator.Type.TOTP:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    audit.record(
        Action.MFA_SET_UP,
        "Set up an authenticator app",
        request=request,
        user=user,
        la=user.councils().first(),
    )


@receiver(authentication_failed, dispatch_uid="accounts_mfa_failed")
def mfa_failed(sender, request, user, authenticator=None, **kwargs):
    audit.record(
        Action.SIGN_IN_FAILED,
        "Sign-in failed: wrong authenticator code",
        request=request,
        user=user,
        la=user.councils().first(),
    )
