"""Writes to the strategy and its action plan. Every save of an edited item is conditional on
the version the person started from, so a second person's save never silently overwrites the
first's (docs/adr/0007-action-plan-conflicts-and-history.md)."""

from datetime import date

from django.db import models, transaction
from django.db.models import Max

from sufficiency.councils import LocalAuthority, User
from sufficiency.plan.intentions import Intention
from sufficiency.plan.models import (
    Action,
    Measure,
    MeasureValue,
    Priority,
    Strategy,
    Update,
)


class EditConflict(Exception):
    """Someone saved a field of the item that the person editing it also changed, to another
    value, after the person loaded it. `yours` holds the person's values of those fields (a
    related item as its primary key)."""

    def __init__(self, current: models.Model, seen_version: int, yours: dict | None = None):
        super().__init__(f"{current} changed since version {seen_version}")
        self.current = current
        self.seen_version = seen_version
        self.yours = yours or {}


def _plain(value: object) -> object:
    """A value as history stores it: a related item by its primary key."""
    return value.pk if isinstance(value, models.Model) else value


def _stored(record: object, model: type[models.Model], name: str) -> object:
    field = model._meta.get_field(name)
    return getattr(record, field.attname if isinstance(field, models.Field) else name)


def merge_changes(current: models.Model, seen_version: int, changes: dict) -> dict:
    """A three-way merge against the version the person started from (its history record).

    Returns the fields the person really changed, to apply over the current record; raises
    EditConflict listing the fields that both the person and someone else changed to different
    values. Without the starting version in history, every field the person sent conflicts.
    """
    model = type(current)
    base = (
        current.history.filter(version=seen_version)  # type: ignore[attr-defined]
        .order_by("-history_date", "-history_id")
        .first()
    )
    if base is None:
        yours = {name: _plain(value) for name, value in changes.items()}
        raise EditConflict(current, seen_version, yours)
    mine = {
        name: value
        for name, value in changes.items()
        if _plain(value) != _stored(base, model, name)
    }
    clashes = {
        name: _plain(value)
        for name, value in mine.items()
        if _stored(current, model, name) != _stored(base, model, name)
        and _stored(current, model, name) != _plain(value)
    }
    if clashes:
        raise EditConflict(current, seen_version, clashes)
    return mine


@transaction.atomic
def save_versioned[M: models.Model](
    instance: M, *, seen_version: int, changes: dict, user: User | None
) -> M:
    """Apply `changes` if the stored version is still `seen_version`; else merge them with what
    others saved since (edits to different fields both stand) or raise EditConflict. Any model
    with a `version` field and django-simple-history can be saved this way (the plan's, the
    chapters' intentions and the committee cover of reports.cover_services).

    The conditional UPDATE claims the next version atomically: of two saves from the same
    version exactly one matches a row. The ordinary save() that follows, in the same
    transaction, writes the fields and lets django-simple-history record who changed what.
    """
    model = type(instance)
    manager = model._default_manager
    claimed = manager.filter(pk=instance.pk, version=seen_version).update(version=seen_version + 1)
    if not claimed:
        current = manager.get(pk=instance.pk)
        changes = merge_changes(current, seen_version, changes)
        instance, seen_version = current, getattr(current, "version")  # noqa: B009
        claimed = manager.filter(pk=instance.pk, version=seen_version).update(
            version=seen_version + 1
        )
        if not claimed:  # a third save in between: refuse rather than guess
            raise EditConflict(manager.get(pk=instance.pk), seen_version)
    for field, value in changes.items():
        setattr(instance, field, value)
    setattr(instance, "version", seen_version + 1)  # noqa: B010 - any versioned model
    setattr(instance, "_history_user", user)  # noqa: B010
    instance.save()
    return instance


def _save(instance: Strategy | Priority | Action | Measure, user: User | None) -> None:
    instance._history_user = user
    instance.save()


@transaction.atomic
def save_intention(
    *, strategy: Strategy, chapter: str, text: str, seen_version: int, user: User | None
) -> Intention:
    """A chapter's "our intentions", saved like any plan item. `seen_version` 0 means the person
    started from no text: if someone wrote some meanwhile, that is a conflict too."""
    intention, created = Intention.objects.select_for_update().get_or_create(
        strategy=strategy, chapter=chapter, defaults={"text": ""}
    )
    if created:
        if seen_version not in (0, 1):
            raise EditConflict(intention, seen_version)
        seen_version = 1
    elif seen_version == 0:
        raise EditConflict(intention, 0)
    return save_versioned(intention, seen_version=seen_version, changes={"text": text}, user=user)


@transaction.atomic
def create_strategy(*, la: LocalAuthority, user: User | None, **fields) -> Strategy:
    strategy = Strategy(la=la, **fields)
    _save(strategy, user)
    return strategy


# Priorities -----------------------------------------------------------------------------------


@transaction.atomic
def add_priority(*, strategy: Strategy, user: User | None, **fields) -> Priority:
    last = strategy.priorities.aggregate(n=Max("number"))["n"] or 0
    priority = Priority(strategy=strategy, number=last + 1, **fields)
    _save(priority, user)
    return priority


def _renumber_priorities(strategy: Strategy, ordered: list[Priority], user: User | None) -> None:
    for number, priority in enumerate(ordered, start=1):
        if priority.number != number:
            priority.number = number
            _save(priority, user)


@transaction.atomic
def move_priority(*, priority: Priority, up: bool, user: User | None) -> None:
    ordered = list(priority.strategy.priorities.order_by("number", "pk"))
    i = next(i for i, p in enumerate(ordered) if p.pk == priority.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(ordered):
        ordered[i], ordered[j] = ordered[j], ordered[i]
    _renumber_priorities(priority.strategy, ordered, user)


@transaction.atomic
def delete_priority(*, priority: Priority, user: User | None) -> None:
    strategy = priority.strategy
    priority._history_user = user
    for action in priority.actions.all():
        action._history_user = user
        action.delete()
    priority.delete()
    _renumber_priorities(strategy, list(strategy.priorities.order_by("number", "pk")), user)


# Actions --------------------------------------------------------------------------------------


@transaction.atomic
def add_action(*, priority: Priority, user: User | None, **fields) -> Action:
    last = priority.actions.aggregate(n=Max("position"))["n"] or 0
    action = Action(priority=priority, position=last + 1, **fields)
    _save(action, user)
    return action


@transaction.atomic
def save_action(action: Action, *, seen_version: int, changes: dict, user: User | None) -> Action:
    """A versioned save; an action moved to another priority goes to the end of its list."""
    new_priority = changes.get("priority")
    if new_priority is not None and new_priority.pk != action.priority_id:
        last = new_priority.actions.aggregate(n=Max("position"))["n"] or 0
        changes = {**changes, "position": last + 1}
    return save_versioned(action, seen_version=seen_version, changes=changes, user=user)


def _renumber_actions(ordered: list[Action], user: User | None) -> None:
    for position, action in enumerate(ordered, start=1):
        if action.position != position:
            # Only the order changes: the version stays, so nobody's open edit is refused.
            action.position = position
            _save(action, user)


@transaction.atomic
def move_action(*, action: Action, up: bool, user: User | None) -> None:
    ordered = list(action.priority.actions.order_by("position", "pk"))
    i = next(i for i, a in enumerate(ordered) if a.pk == action.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(ordered):
        ordered[i], ordered[j] = ordered[j], ordered[i]
    _renumber_actions(ordered, user)


@transaction.atomic
def delete_action(*, action: Action, user: User | None) -> None:
    priority = action.priority
    action._history_user = user
    action.delete()
    _renumber_actions(list(priority.actions.order_by("position", "pk")), user)


@transaction.atomic
def add_update(
    *,
    action: Action,
    text: str,
    status: str,
    on: date,
    user: User | None,
    seen_version: int | None = None,
) -> Update:
    """Record a quarterly update; if its RAG differs, the action's status follows it."""
    if status != action.status:
        save_versioned(
            action,
            seen_version=action.version if seen_version is None else seen_version,
            changes={"status": status},
            user=user,
        )
    return Update.objects.create(action=action, text=text, status=status, date=on, author=user)


# Measures -------------------------------------------------------------------------------------


@transaction.atomic
def add_measure(*, strategy: Strategy, user: User | None, **fields) -> Measure:
    last = strategy.measures.aggregate(n=Max("position"))["n"] or 0
    measure = Measure(strategy=strategy, position=last + 1, **fields)
    _save(measure, user)
    return measure


@transaction.atomic
def delete_measure(*, measure: Measure, user: User | None) -> None:
    measure._history_user = user
    measure.delete()


def add_measure_value(*, measure: Measure, on: date, value: float, note: str = "") -> MeasureValue:
    return MeasureValue.objects.create(measure=measure, date=on, value=value, note=note)
