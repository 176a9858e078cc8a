"""Writing the audit trail: one record per action, never changed afterwards."""

import logging

from django.http import HttpRequest

from sufficiency.audit.models import AuditEvent
from sufficiency.councils import LocalAuthority, User

log = logging.getLogger("sufficiency.audit")


def _client_ip(request: HttpRequest) -> str | None:
    # The same address django-axes throttles on (it knows how many proxies are in front).
    from axes.helpers import get_client_ip_address

    try:
        return get_client_ip_address(request) or None
    except Exception:  # an address we cannot read never stops the action being recorded
        return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    what: str,
    *,
    request: HttpRequest | None = None,
    user: User | None = None,
    la: LocalAuthority | None = None,
    **detail,
) -> AuditEvent:
    """Record that `user` (default: the request's) did `action` in `la` (default: the council
    of the page), described in words by `what`; `detail` holds anything else worth keeping."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if la is None and request is not None:
        la = getattr(request, "la", None)
    event = AuditEvent.objects.create(
        user=user,
        username=(user.get_username() if user else detail.pop("username", "")) or "",
        la=la,
        la_code=la.code if la else "",
        action=action,
        what=what[:500],
        detail={k: v for k, v in detail.items() if v is not None},
        ip_address=_client_ip(request) if request is not None else None,
    )
    log.info("audit %s %s %s: %s", event.la_code or "-", event.username or "-", action, what)
    return event
