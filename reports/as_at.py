"""The action plan and the strategy's measures as they stood on a report's date.

A report dated D shows what was known on D. An action's status on D is the RAG of its latest
dated quarterly update on or before D; without one, the status its change history
(django-simple-history) held at the end of D; without either, "not started". An action that did
not exist on D is left out: one exists on D when its change history records it by the end of D,
or when it has a dated update on or before D (a plan typed in after the event, with its past
quarterly updates, as the demo's is). An action due
before D and not complete on D is overdue, and overdue wins over any other status: an overdue
action is never "on track". A measure's name, baseline and target are those its history held at
the end of D, or its current ones when it was recorded later (a plan typed in after its own
baseline date, as the demo's is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from sufficiency.plan import rag
from sufficiency.plan.models import Action, ActionStatus, Measure, Strategy, Update

OVERDUE = "overdue"
OVERDUE_LABEL = "Overdue"


def end_of(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on, time.max))


@dataclass(frozen=True)
class ActionAt:
    action: Action
    status: str  # an ActionStatus value as it stood on the date
    overdue: bool
    update: Update | None  # the latest update on or before the date

    @property
    def shown_status(self) -> str:
        """Overdue wins: a report never says an overdue action is on track."""
        return OVERDUE if self.overdue else self.status

    @property
    def label(self) -> str:
        if self.overdue:
            return OVERDUE_LABEL
        return ActionStatus(self.status).label


def recorded_statuses(actions: list[Action], on: date) -> dict[int, str]:
    """Each action's status in its change history at the end of a date, in one query."""
    records = (
        Action.history.model.objects.filter(
            id__in=[a.pk for a in actions], history_date__lte=end_of(on)
        )
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", "status")
    )
    statuses: dict[int, str] = {}
    for pk, status in records:
        statuses.setdefault(pk, status)  # the first per action is its latest
    return statuses


def existed_on(updates: list[Update], recorded: bool, on: date) -> bool:
    """An action existed on a date when its history records it by then, or an update dated on
    or before it shows it was being worked on."""
    return recorded or any(u.date <= on for u in updates)


def status_on(updates: list[Update], recorded: str | None, on: date) -> tuple[str, Update | None]:
    """The status on a date: the latest dated update's, else the change history's (`recorded`),
    else not started. `updates` are the action's updates (any order)."""
    dated = [u for u in updates if u.date <= on]
    latest = max(dated, key=lambda u: (u.date, u.pk), default=None)
    if latest is not None:
        return latest.status, latest
    if recorded is not None:
        return recorded, None
    return ActionStatus.NOT_STARTED, None


def actions_at(strategy: Strategy, on: date) -> list[ActionAt]:
    actions = list(
        Action.objects.filter(priority__strategy=strategy)
        .select_related("priority", "lead")
        .prefetch_related("updates")
        .order_by("priority__number", "position", "pk")
    )
    recorded = recorded_statuses(actions, on)
    result = []
    for action in actions:
        updates = list(action.updates.all())
        if not existed_on(updates, action.pk in recorded, on):
            continue  # added to the plan after the date
        status, update = status_on(updates, recorded.get(action.pk), on)
        overdue = rag.is_overdue(due=action.due, complete=status == ActionStatus.COMPLETE, today=on)
        result.append(ActionAt(action, status, overdue, update))
    return result


def counts_at(actions: list[ActionAt]) -> dict:
    """How many actions had each status on the date (overdue ones counted as overdue, not by
    their status, so the counts add up to the total) and how many were overdue."""
    by_status: dict[str, int] = {}
    for item in actions:
        by_status[item.shown_status] = by_status.get(item.shown_status, 0) + 1
    return {
        "by_status": by_status,
        "total": len(actions),
        "overdue": sum(1 for a in actions if a.overdue),
    }


def measure_as_set(measure: Measure, on: date) -> Measure:
    """The measure as its history held it at the end of a date (its current form when it was
    recorded after that date)."""
    record = measure.history.filter(history_date__lte=end_of(on)).order_by("-history_date").first()
    if record is None:
        return measure
    return record.instance
