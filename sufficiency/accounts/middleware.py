"""Nobody signed in with a local account reaches a page until MFA is done.

A person without an authenticator app is sent to set one up; a session that signed in without
MFA another way (never through the product's sign-in page, which asks for the code) is ended.
Sign-in, MFA set-up, invitations and the public pages stay reachable.
"""

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from sufficiency.accounts.mfa import has_totp, password_just_given, session_passed_mfa

OPEN_PREFIXES = ("/accounts/", "/static/", "/accessibility/", "/privacy/", "/favicon.ico")


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.SUFFICIENCY_REQUIRE_MFA
            and request.user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not session_passed_mfa(request)
        ):
            if has_totp(request.user):
                logout(request)
                return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
            password_just_given(request)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
