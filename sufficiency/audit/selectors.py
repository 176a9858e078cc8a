"""Reading the audit trail, always within one council for a council's admin."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from sufficiency.audit.models import AuditEvent
from sufficiency.councils import LocalAuthority


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    person: str = ""
    since: date | None = None
    until: date | None = None


def events(la: LocalAuthority | None, f: AuditFilter) -> QuerySet[AuditEvent]:
    """The council's records (every council's when `la` is None, for staff), newest first."""
    qs = AuditEvent.objects.select_related("user")
    if la is not None:
        qs = qs.filter(la=la)
    if f.action:
        qs = qs.filter(action=f.action)
    if f.person:
        qs = qs.filter(username__icontains=f.person)
    zone = timezone.get_current_timezone()
    if f.since:
        qs = qs.filter(at__gte=datetime.combine(f.since, time.min, tzinfo=zone))
    if f.until:
        qs = qs.filter(at__lte=datetime.combine(f.until, time.max, tzinfo=zone))
    return qs.order_by("-at", "-pk")


def page(qs: QuerySet[AuditEvent], number: str | int | None, per_page: int = 50) -> Page:
    return Paginator(qs, per_page).get_page(number)
