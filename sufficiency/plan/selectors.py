"""Reads of the strategy and its action plan, always through the council they belong to."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Model, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from placements.cohort.selectors import headline_measures as cohort_measures
from sufficiency.calendar import quarter_bounds
from sufficiency.councils import LocalAuthority, User
from sufficiency.plan import linked
from sufficiency.plan.intentions import Intention
from sufficiency.plan.models import (
    Action,
    ActionQuerySet,
    ActionStatus,
    Measure,
    Priority,
    Strategy,
    Update,
)
from sufficiency.plan.rag import Rag, Trajectory

# Worst first, for sorting by status.
STATUS_SEVERITY = {
    ActionStatus.OFF_TRACK: 0,
    ActionStatus.AT_RISK: 1,
    ActionStatus.NOT_STARTED: 2,
    ActionStatus.ON_TRACK: 3,
    ActionStatus.COMPLETE: 4,
}
SORTS = {
    "priority": "Priority order",
    "due": "Due date, soonest first",
    "status": "Status, worst first",
    "owner": "Owner",
}


def current_strategy(la: LocalAuthority) -> Strategy | None:
    return Strategy.objects.filter(la=la).first()


def intention(strategy: Strategy, chapter: str) -> Intention | None:
    """The strategy's "Our intentions" for a chapter (a type of home), if written yet."""
    return Intention.objects.filter(strategy=strategy, chapter=chapter).first()


def council_priority(la: LocalAuthority, pk: int) -> Priority:
    return get_object_or_404(Priority.objects.select_related("strategy"), pk=pk, strategy__la=la)


def council_action(la: LocalAuthority, pk: int) -> Action:
    return get_object_or_404(_actions().filter(priority__strategy__la=la), pk=pk)


def council_measure(la: LocalAuthority, pk: int) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related("strategy", "priority"), pk=pk, strategy__la=la
    )


def council_members(la: LocalAuthority) -> QuerySet[User]:
    return User.objects.filter(memberships__la=la).order_by("first_name", "last_name", "username")


def _actions() -> ActionQuerySet:
    return Action.objects.select_related("priority", "lead").prefetch_related(
        Prefetch("updates", queryset=Update.objects.select_related("author"))
    )


@dataclass
class PlanFilters:
    priority: int | None = None
    statuses: list[str] = field(default_factory=list)
    owner: str = ""
    overdue: bool = False
    due_this_quarter: bool = False
    sort: str = "priority"

    @property
    def active(self) -> bool:
        return bool(
            self.priority or self.statuses or self.owner or self.overdue or self.due_this_quarter
        )


def plan_actions(*, strategy: Strategy, filters: PlanFilters, today: date) -> list[Action]:
    actions = _actions().filter(priority__strategy=strategy)
    if filters.priority:
        actions = actions.filter(priority_id=filters.priority)
    if filters.statuses:
        actions = actions.filter(status__in=filters.statuses)
    if filters.owner:
        actions = actions.filter(owner=filters.owner)
    if filters.overdue:
        actions = actions.overdue(today)
    if filters.due_this_quarter:
        start, end = quarter_bounds(today)
        actions = actions.filter(due__range=(start, end))
    rows = list(actions)
    keys = {
        "due": lambda a: (a.due is None, a.due or date.max, a.priority.number, a.position),
        "status": lambda a: (STATUS_SEVERITY[a.status], a.priority.number, a.position),
        "owner": lambda a: (a.owner == "", a.owner.lower(), a.priority.number, a.position),
    }
    if filters.sort in keys:
        rows.sort(key=keys[filters.sort])
    return rows


def plan_priorities(strategy: Strategy) -> list[Priority]:
    return list(strategy.priorities.all())


def status_counts(strategy: Strategy, today: date) -> dict:
    """How many actions of the whole plan have each status, and how many are overdue."""
    counts = dict(
        Action.objects.filter(priority__strategy=strategy)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    overdue = Action.objects.filter(priority__strategy=strategy).overdue(today).count()
    return {"by_status": counts, "total": sum(counts.values()), "overdue": overdue}


def owners(strategy: Strategy) -> list[str]:
    return sorted(
        set(
            Action.objects.filter(priority__strategy=strategy)
            .exclude(owner="")
            .values_list("owner", flat=True)
        ),
        key=str.lower,
    )


def display_name(user: User | None) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.username


# History --------------------------------------------------------------------------------------

HIDDEN_IN_HISTORY = {"version"}


@dataclass
class Change:
    field: str  # the model field's name
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: object
    who: User | None
    kind: str  # "+", "~" or "-"
    item: str
    changes: list[Change]
    model: type[Model] | None = None


def history_of(instance, limit: int = 50) -> list[HistoryEntry]:
    """Each recorded change of one item, newest first, with the fields that changed."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries: list[HistoryEntry] = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=HIDDEN_IN_HISTORY)
            changes = [Change(c.field, c.old, c.new) for c in delta.changes]
            if not changes and newer.history_type == "~":
                continue
        entries.append(
            HistoryEntry(
                newer.history_date,
                newer.history_user,
                newer.history_type,
                str(instance),
                changes,
                type(instance),
            )
        )
    return entries


@dataclass
class ConflictReport:
    people: list[str]
    changes: list[Change]
    model: type[Model]
    # The person's own values of the fields both changed (a related item by primary key).
    yours: dict = field(default_factory=dict)


def conflict_changes(current, seen_version: int, yours: dict | None = None) -> ConflictReport:
    """What others changed on an item since the version a person loaded, from its history,
    with the person's own values of the fields in conflict."""
    records = list(
        current.history.filter(version__gte=seen_version)
        .select_related("history_user")
        .order_by("history_date")
    )
    seen = next((r for r in reversed(records) if r.version == seen_version), None)
    later = [r for r in records if r.version > seen_version]
    people = []
    for record in later:
        name = display_name(record.history_user)
        if name not in people:
            people.append(name)
    changes: list[Change] = []
    if seen is not None and later:
        delta = later[-1].diff_against(seen, excluded_fields=HIDDEN_IN_HISTORY)
        changes = [Change(c.field, c.old, c.new) for c in delta.changes]
    return ConflictReport(people or ["Someone"], changes, type(current), dict(yours or {}))


def plan_history(la: LocalAuthority, limit: int = 100) -> list[HistoryEntry]:
    """Recent changes across the council's strategy, priorities, actions and measures,
    including removed items, newest first."""
    sources = [
        (Strategy.history.filter(la=la), "title"),
        (Priority.history.filter(strategy__la=la), "title"),
        (Action.history.filter(priority__strategy__la=la), "title"),
        (Measure.history.filter(strategy__la=la), "name"),
    ]
    records = []
    for queryset, _ in sources:
        records.extend(queryset.select_related("history_user").order_by("-history_date")[:limit])
    records.sort(key=lambda r: r.history_date, reverse=True)
    entries = []
    for record in records[:limit]:
        changes = []
        previous = record.prev_record if record.history_type == "~" else None
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=HIDDEN_IN_HISTORY)
            changes = [Change(c.field, c.old, c.new) for c in delta.changes]
            if not changes:
                continue
        entries.append(
            HistoryEntry(
                record.history_date,
                record.history_user,
                record.history_type,
                str(record.instance),
                changes,
                record.instance_type,
            )
        )
    return entries


# Measures -------------------------------------------------------------------------------------


def headline_measures(*, la: LocalAuthority, on: date) -> dict | None:
    """The MEASURES.md object for the council at `on`, or None when no return is loaded
    (linked measures then show "No data")."""

    return cohort_measures(la=la, on=on)


@dataclass
class MeasureRow:
    measure: Measure
    latest_value: float | None
    latest_date: date | None
    expected: float | None
    rag: Rag
    source: str


def measure_rows(*, strategy: Strategy, today: date) -> list[MeasureRow]:
    measures = list(strategy.measures.select_related("priority").prefetch_related("values"))
    cache: dict[date, dict | None] = {}
    rows = []
    for measure in measures:
        rows.append(measure_row(measure, today=today, cache=cache))
    return rows


def measure_row(measure: Measure, *, today: date, cache: dict | None = None) -> MeasureRow:
    cache = {} if cache is None else cache
    if measure.key:
        on = linked.reference_date(today)
        if on not in cache:
            cache[on] = headline_measures(la=measure.strategy.la, on=on)
        value = linked.extract(cache[on], measure.key)
        latest_value, latest_date = (value, on) if value is not None else (None, None)
        source = "From the loaded data"
    else:
        latest = max(measure.values.all(), key=lambda v: (v.date, v.pk), default=None)
        latest_value = latest.value if latest else None
        latest_date = latest.date if latest else None
        source = "Entered by hand"
    trajectory = trajectory_of(measure)
    expected = trajectory.expected_on(latest_date) if latest_date else None
    return MeasureRow(
        measure,
        latest_value,
        latest_date,
        expected,
        trajectory.rag(latest_value, latest_date),
        source,
    )


def trajectory_of(measure: Measure) -> Trajectory:
    return Trajectory(
        baseline_value=measure.baseline_value,
        baseline_date=measure.baseline_date,
        target_value=measure.target_value,
        target_date=measure.target_date,
        higher_is_better=measure.direction == "higher",
        tolerance=measure.tolerance,
    )
