"""Scoping every council page to the signed-in user's councils.

Council pages live under /<la code>/. The decorator looks the council up among the user's own
memberships, so another council's code is a 404, exactly as if it did not exist; a council the
user belongs to but a permission their role lacks is a 403.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails

from sufficiency.councils import LocalAuthority, Membership
from sufficiency.roles import can

SESSION_KEY = "current_la"


class CouncilRequest(HttpRequest):
    """The request a council page's view receives: council_view has found its council and the
    user's role in it, and django-htmx has said whether htmx sent it. For type checking only."""

    la: LocalAuthority
    role: str
    htmx: HtmxDetails


def council_view(permission: str) -> Callable:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, la_code: str, *args, **kwargs) -> HttpResponse:
            membership = (
                Membership.objects.select_related("la")
                .filter(user_id=request.user.pk, la__code=la_code)
                .first()
            )
            if membership is None:
                raise Http404("No such council")
            request.la = membership.la  # type: ignore[attr-defined]
            request.role = membership.role  # type: ignore[attr-defined]
            if request.session.get(SESSION_KEY) != membership.la.code:
                # Written only when the council changes: a session saved on every page view
                # makes each page wait for the database's write lock behind a long import.
                request.session[SESSION_KEY] = membership.la.code
            if not can(membership.role, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.council_permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator
