"""MFA for the demo's users: each gets an authenticator app with one published secret, so
anyone trying the demo can add it to their phone or ask `manage.py totp_code` for the code.
Never for production: the secret is in the source."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from demo.council import OPERATOR_USERNAME
from sufficiency.councils import User
from sufficiency.roles import Role

DEMO_TOTP_SECRET = "KRSXG5CTMVRXEZLUKN2WG5DPNVSXEZLU"


def give_demo_users_totp(*, stdout) -> None:
    for user in User.objects.filter(username__in=[*Role.values, OPERATOR_USERNAME]):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
    stdout.write(
        "Demo users sign in with a code from an authenticator app: add the secret "
        f"{DEMO_TOTP_SECRET} to yours, or run `.venv/bin/python manage.py totp_code` for the "
        "current code."
    )
