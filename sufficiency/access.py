"""Scoping every council page to the signed-in user's councils.

Council pages live under /<la code>/. The decorator looks the council up among the user's own
memberships, so another council's code is a 404, exactly as if it did not exist; a council the
user belongs to but a permission their role lacks is a 403. A region's pages are scoped the
same way by sufficiency.regions.access.region_view.
"""

from collections.abc import Callable
from functools import wraps
from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails

from sufficiency.councils import LocalAuthority, Membership, User
from sufficiency.roles import can

SESSION_KEY = "current_la"


class SignedInRequest(HttpRequest):
    """The request any view not marked login_not_required receives: LoginRequiredMiddleware has
    sent everyone signed out to sign in, so the user is never anonymous. For type checking only."""

    user: User


class CouncilRequest(SignedInRequest):
    """The request a council page's view receives: council_view has found its council and the
    user's role in it, and django-htmx has said whether htmx sent it. For type checking only."""

    la: LocalAuthority
    role: str
    htmx: HtmxDetails


def council_view(permission: str, *, post: str | tuple[str, ...] | None = None) -> Callable:
    """A council page: `permission` to see it; `post`, when given, what a POST to it needs
    instead (any one of several). Access is declared here, never decided in the view's body."""
    posting = (post,) if isinstance(post, str) else post

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, la_code: str, *args, **kwargs) -> HttpResponse:
            # Anyone signed out belongs to no council: the same 404 as another council's code.
            user_id = request.user.pk
            membership = (
                Membership.objects.select_related("la")
                .filter(user_id=user_id, la__code=la_code)
                .first()
                if user_id is not None
                else None
            )
            if membership is None:
                raise Http404("No such council")
            council_request = cast(CouncilRequest, request)
            council_request.la = membership.la
            council_request.role = membership.role
            if request.session.get(SESSION_KEY) != membership.la.code:
                # Written only when the council changes: a session saved on every page view
                # makes each page wait for the database's write lock behind a long import.
                request.session[SESSION_KEY] = membership.la.code
            if not can(membership.role, permission):
                raise PermissionDenied
            posted = request.method == "POST"
            if posting and posted and not any(can(membership.role, p) for p in posting):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.council_permission = permission  # type: ignore[attr-defined]
        wrapper.council_post_permission = posting  # type: ignore[attr-defined]
        return wrapper

    return decorator
