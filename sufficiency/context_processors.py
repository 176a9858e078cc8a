from django.http import HttpRequest
from django.urls import reverse

from sufficiency.roles import PERMISSIONS

# The service navigation: each section is a URL namespace, so every page under "actions:"
# (the plan, an action's edit form...) keeps "Action plan" current.
NAVIGATION = [
    ("overview", "Overview"),
    ("children", "Children in care"),
    ("market", "Market"),
    ("referrals", "Referrals"),
    ("forecast", "Forecast"),
    ("actions", "Action plan"),
    ("reports", "Reports"),
    ("data", "Data"),
]


def council(request: HttpRequest) -> dict:
    """The current council, the user's councils (for the switcher) and what their role allows."""
    la = getattr(request, "la", None)
    role = getattr(request, "role", None)
    user = getattr(request, "user", None)
    councils = list(user.councils()) if user is not None and user.is_authenticated else []
    navigation = []
    if la is not None:
        match = getattr(request, "resolver_match", None)
        section = match.namespace if match else ""
        navigation = [
            {
                "href": reverse(f"{name}:index", kwargs={"la_code": la.code}),
                "text": text,
                "current": name == section,
            }
            for name, text in NAVIGATION
        ]
    return {
        "la": la,
        "role": role,
        "perms_here": PERMISSIONS.get(role, frozenset()) if role else frozenset(),
        "user_councils": councils,
        "navigation": navigation,
    }
