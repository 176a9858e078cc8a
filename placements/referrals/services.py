"""Writing referrals: imports from the standard's files, and the browser's forms.

A file is taken whole or not at all: every row is checked first, and a file with any problem
changes nothing. A record is known by the child's ID and the referral date, so importing a
file again updates its records rather than adding them twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from placements.market.models import Provider
from placements.referrals import formats
from placements.referrals import standard as std
from placements.referrals.models import ChildLink, Referral
from sufficiency.councils import LocalAuthority

DATA_FIELDS = [f.attr for f in std.FIELDS]


@dataclass
class ImportResult:
    name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[formats.Problem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.problems)


def _provider_ids(urns: set[str]) -> dict[str, int]:
    urns = {u for u in urns if u and u != std.UNREGISTERED}
    return dict(Provider.objects.filter(urn__in=urns).values_list("urn", "id")) if urns else {}


@transaction.atomic
def import_file(*, la: LocalAuthority, name: str, data: bytes, user=None) -> ImportResult:
    """Import one JSON or Excel template file for `la`: all its records, or none of them."""
    parsed = formats.read(name, data)
    result = ImportResult(name=name, problems=list(parsed.problems))
    seen: dict[tuple[str, date], int] = {}
    where = "record" if name.lower().endswith(".json") else "row"
    for attrs, row in zip(parsed.records, parsed.rows, strict=True):
        key = (attrs["child_id"], attrs["referral_date"])
        if key in seen:
            message = (
                f"child {key[0]} has a referral on {key[1].isoformat()} already in {where} "
                f"{seen[key]}: one record per child per referral date"
            )
            result.problems.append(formats.Problem(name, row, "", message, where=where))
        seen[key] = row
    if result.problems:
        rows = set(parsed.rows) | {p.row for p in result.problems if p.row is not None}
        result.rejected = len(rows)
        return result
    existing = {
        (r.child_id, r.referral_date): r
        for r in Referral.objects.filter(la=la, child_id__in={k[0] for k in seen})
    }
    providers = _provider_ids({a["provider_urn"] for a in parsed.records})
    now = timezone.now()
    new, changed = [], []
    for attrs in parsed.records:
        attrs = {**attrs, "provider_id": providers.get(attrs["provider_urn"]), "source": name}
        item = existing.get((attrs["child_id"], attrs["referral_date"]))
        if item is None:
            new.append(Referral(la=la, created_by=user, created_at=now, updated_at=now, **attrs))
        elif any(getattr(item, name) != value for name, value in attrs.items()):
            for name, value in attrs.items():
                setattr(item, name, value)
            item.updated_at = now
            changed.append(item)
    _history(new, _insert(new, la=la), "+", user, now)
    _history(changed, _update(changed), "~", user, now)
    result.created, result.updated = len(new), len(changed)
    result.unchanged = len(parsed.records) - len(new) - len(changed)
    return result


# A council's template holds thousands of rows. Django's bulk_create and bulk_update build an
# expression per field per row (bulk_update a CASE per field, quadratic in SQLite), minutes for
# 5,000 referrals; one prepared statement run for every row takes well under a second.
UPDATE_FIELDS = [*DATA_FIELDS, "provider_id", "source", "updated_at"]


def _converter(field) -> Callable[[Any], Any]:
    """How a value goes to the database. Text, flags, whole numbers and keys go as they are (the
    readers made them so); dates, amounts, JSON and times through the field's own preparation,
    which is the costly part, done only where it matters."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):  # the readers made it a Decimal to the penny
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def _prepared(items: list[Referral], fields: list) -> list[list]:
    converters = [(f.attname, _converter(f)) for f in fields]
    return [[convert(getattr(item, name)) for name, convert in converters] for item in items]


def _insert(items: list[Referral], *, la: LocalAuthority) -> list[list]:
    """Insert new referrals; their prepared values, for the history rows."""
    if not items:
        return []
    fields = [f for f in Referral._meta.concrete_fields if not f.primary_key]
    rows = _prepared(items, fields)
    _insert_many(Referral, fields, rows)
    ids = {
        (child, day): pk
        for pk, child, day in Referral.objects.filter(
            la=la, child_id__in={i.child_id for i in items}
        ).values_list("pk", "child_id", "referral_date")
    }
    for item in items:
        item.pk = ids[(item.child_id, item.referral_date)]
        item._state.adding = False
    return rows


def _update(items: list[Referral]) -> list[list]:
    if not items:
        return []
    fields = {f.attname: f for f in Referral._meta.concrete_fields}
    table = connection.ops.quote_name(Referral._meta.db_table)
    sets = ", ".join(
        f"{connection.ops.quote_name(str(fields[a].column))} = %s" for a in UPDATE_FIELDS
    )
    own = [f for f in Referral._meta.concrete_fields if not f.primary_key]
    rows = _prepared(items, own)
    position = {f.attname: i for i, f in enumerate(own)}
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {sets} WHERE id = %s",  # noqa: S608 - names from the model
            [[*(row[position[a]] for a in UPDATE_FIELDS), item.pk]
             for item, row in zip(items, rows, strict=True)],
        )  # fmt: skip
    return rows


def _history(items: list[Referral], rows: list[list], kind: str, user, when) -> None:
    """The history rows django-simple-history would write for these saves, from the values
    just written (`rows`, in the order of the model's fields without its key)."""
    if not items:
        return
    model = Referral.history.model
    own = [f.attname for f in Referral._meta.concrete_fields if not f.primary_key]
    position = {name: i for i, name in enumerate(own)}
    extra = {
        "history_date": model._meta.get_field("history_date").get_db_prep_save(when, connection),
        "history_type": kind,
        "history_user_id": getattr(user, "pk", None),
        "history_change_reason": None,
    }
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    history = []
    for item, row in zip(items, rows, strict=True):
        history.append([
            item.pk if f.attname == "id" else row[position[f.attname]] if f.attname in position
            else extra[f.attname]
            for f in fields
        ])  # fmt: skip
    _insert_many(model, fields, history)


def _insert_many(model, fields, rows: list[list]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _officer(user) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username())[:120]


@transaction.atomic
def save_referral(
    *, la: LocalAuthority, values: dict[str, Any], user, referral: Referral | None = None
) -> Referral:
    """Record or change a referral's availability, requirements, suitability and risks. The
    referral officer is whoever records it, unless the form named someone else."""
    item = referral or Referral(la=la, created_by=user)
    for key, value in values.items():
        setattr(item, key, value)
    if not item.referral_officer_name:
        item.referral_officer_name = _officer(user)
    item.save()
    return item


@transaction.atomic
def record_outcome(*, referral: Referral, values: dict[str, Any], user, today: date) -> Referral:
    """Record what became of a referral. The QA fields say who recorded the placement and its
    cost and when: the placement's date is the agreed start; the cost's date is today's entry
    whenever the cost changes."""
    before = referral.total_weekly_cost
    for key, value in values.items():
        setattr(referral, key, value)
    if referral.outcome == std.PLACED:
        referral.placement_officer_name = referral.placement_officer_name or _officer(user)
        referral.outcome_date = referral.placement_date
        if referral.provider_urn.lower() == std.UNREGISTERED.lower():
            referral.provider_urn = std.UNREGISTERED
        referral.provider_id = _provider_ids({referral.provider_urn}).get(referral.provider_urn)
        if referral.total_weekly_cost != before or referral.cost_date is None:
            referral.cost_officer_name = _officer(user)
            referral.cost_date = today
    else:
        for f in std.FIELDS:
            if f.group == "ActualPlacement" or f.attr in ("placement_date", "cost_date"):
                setattr(referral, f.attr, None if f.kind != "string" else "")
        referral.placement_officer_name = referral.cost_officer_name = ""
        referral.provider = None
    referral.save()
    return referral


@transaction.atomic
def link_child(*, la: LocalAuthority, child_id: str, ssda903_child: str) -> None:
    """Map a case-management ID to the SSDA903 CHILD; an empty CHILD removes the mapping."""
    if ssda903_child and ssda903_child != child_id:
        ChildLink.objects.update_or_create(
            la=la, child_id=child_id, defaults={"ssda903_child": ssda903_child}
        )
    else:
        ChildLink.objects.filter(la=la, child_id=child_id).delete()
