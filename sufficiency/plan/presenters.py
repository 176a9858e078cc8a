"""Formatting the plan for people: RAG tags, dates, values, history lines, rich text."""

from datetime import date, datetime

from django.db.models import Field, Model
from django.utils.formats import date_format

from sufficiency import tags
from sufficiency.councils import User
from sufficiency.plan.models import STATUS_TAG_CSS, ActionStatus, Unit
from sufficiency.plan.rag import Rag
from sufficiency.plan.selectors import (
    Change,
    ConflictReport,
    HistoryEntry,
    MeasureRow,
    display_name,
)

STATUS_TAGS = STATUS_TAG_CSS
RAG_TAGS = {
    Rag.GREEN: tags.css(tags.GOOD),
    Rag.AMBER: tags.css(tags.WARNING),
    Rag.RED: tags.css(tags.BAD),
    Rag.NONE: tags.css(tags.NEUTRAL),
}


def status_tag(status: str) -> dict:
    return {"text": ActionStatus(status).label, "css": STATUS_TAGS[ActionStatus(status)]}


def status_summary(counts: dict) -> list[dict]:
    return [
        {
            "status": status.value,
            "label": status.label,
            "css": STATUS_TAGS[status],
            "count": counts["by_status"].get(status.value, 0),
        }
        for status in ActionStatus
    ]


def short_date(value: date | None) -> str:
    return date_format(value, "j M Y") if value else ""


def measure_value(value: float | None, unit: str) -> str:
    if value is None:
        return "No data"
    text = f"{value:,.1f}".removesuffix(".0")
    return f"{text}%" if unit == Unit.PERCENT else text


def measure_line(row: MeasureRow) -> dict:
    """A selectors.MeasureRow with its figures formatted in the measure's unit."""
    unit = row.measure.unit
    return {
        "measure": row.measure,
        "source": row.source,
        "latest_date": row.latest_date,
        "rag": row.rag,
        "rag_css": RAG_TAGS[row.rag],
        "baseline": measure_value(row.measure.baseline_value, unit),
        "target": measure_value(row.measure.target_value, unit),
        "latest": measure_value(row.latest_value, unit),
        "expected_text": measure_value(row.expected, unit) if row.expected is not None else "",
        "tolerance": measure_value(row.measure.tolerance, unit),
    }


# History and conflicts --------------------------------------------------------------------------


def _field_label(model: type[Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field since removed keeps its raw name
        return name
    # A reverse relation has no label of its own.
    return str(field.verbose_name).capitalize() if isinstance(field, Field) else name


def _value(model: type[Model] | None, name: str, value, users: dict[int, User]) -> str:
    if value is None or value == "":
        return "(blank)"
    if model is not None:
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001
            model_field = None
        if isinstance(model_field, Field) and model_field.choices:
            return str(dict(model_field.choices).get(value, value))
        if model_field is not None and model_field.is_relation:
            if name == "lead":
                user = users.get(value)
                return display_name(user) if user else f"user {value}"
            return str(value)
    if isinstance(value, datetime):
        return date_format(value, "j M Y H:i")
    if isinstance(value, date):
        return short_date(value)
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "…"


def _users_in(changes: list[Change]) -> dict[int, User]:
    # History records a lead (a foreign key) as the user's id.
    ids = {
        v for c in changes if c.field == "lead" for v in (c.old, c.new) if isinstance(v, int) and v
    }
    return {u.pk: u for u in User.objects.filter(pk__in=ids)} if ids else {}


def change_lines(model: type[Model] | None, changes: list[Change]) -> list[dict]:
    users = _users_in(changes)
    return [
        {
            "field": _field_label(model, c.field),
            "old": _value(model, c.field, c.old, users),
            "new": _value(model, c.field, c.new, users),
        }
        for c in changes
    ]


KINDS = {"+": "Added", "~": "Changed", "-": "Removed"}


def history_lines(entries: list[HistoryEntry]) -> list[dict]:
    return [
        {
            "when": e.when,
            "who": display_name(e.who) if e.who else "System",
            "kind": KINDS.get(e.kind, e.kind),
            "item": e.item,
            "item_type": str(e.model._meta.verbose_name).capitalize() if e.model else "",
            "changes": change_lines(e.model, e.changes),
        }
        for e in entries
    ]


def conflict_message(report: ConflictReport) -> dict:
    """Field by field: the person's value and the other person's for the fields both changed;
    then the other changes they made, which stand."""
    who = " and ".join(report.people)
    model = report.model
    theirs = {c.field: c for c in report.changes}
    users = _users_in(report.changes + [Change(n, None, v) for n, v in report.yours.items()])
    clashes = [
        {
            "name": name,
            "field": _field_label(model, name),
            "yours": _value(model, name, value, users),
            "theirs": _value(model, name, theirs[name].new, users),
            "before": _value(model, name, theirs[name].old, users),
        }
        for name, value in report.yours.items()
        if name in theirs
    ]
    kept = [c for c in report.changes if c.field not in report.yours]
    return {
        "summary": (
            f"{who} changed this {model._meta.verbose_name} while you were editing it. "
            "Your changes have not been saved."
        ),
        "clashes": clashes,
        "changes": change_lines(model, kept),
        "advice": "Your values are kept below: choose which to keep, then save again.",
    }


def priority_groups(priorities: list, actions: list, *, filtered: bool) -> list[dict]:
    """The plan's actions under their priorities; a filter hides the priorities it empties."""
    groups = []
    for priority in priorities:
        rows = [a for a in actions if a.priority_id == priority.pk]
        if rows or not filtered:
            groups.append({"priority": priority, "actions": rows})
    return groups
