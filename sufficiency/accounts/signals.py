"""Wrong authenticator codes go to the audit trail (set-ups: views.ActivateTOTPView)."""

from allauth.mfa.signals import authentication_failed
from django.dispatch import receiver

from sufficiency.audit import services as audit
from sufficiency.audit.models import Action


@receiver(authentication_failed, dispatch_uid="accounts_mfa_failed")
def mfa_failed(sender, request, user, authenticator=None, **kwargs):
    audit.record(
        Action.SIGN_IN_FAILED,
        "Sign-in failed: wrong authenticator code",
        request=request,
        user=user,
        la=user.councils().first(),
    )
