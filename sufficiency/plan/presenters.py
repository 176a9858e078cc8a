"""Formatting the plan for people: RAG tags, dates, values, history lines, rich text."""

import html
import re
from datetime import date, datetime

import nh3
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from sufficiency.councils import User
from sufficiency.plan.models import STATUS_TAG_CSS, ActionStatus, Unit
from sufficiency.plan.rag import Rag
from sufficiency.plan.selectors import Change, ConflictReport, HistoryEntry, display_name

STATUS_TAGS = STATUS_TAG_CSS
RAG_TAGS = {
    Rag.GREEN: "govuk-tag--green",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.RED: "govuk-tag--red",
    Rag.NONE: "govuk-tag--grey",
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


def measure_line(row) -> dict:
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


def _field_label(model: type | None, name: str) -> str:
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a field since removed keeps its raw name
        return name


def _value(model: type | None, name: str, value, users: dict[int, User]) -> str:
    if value is None or value == "":
        return "(blank)"
    if model is not None:
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001
            model_field = None
        if model_field is not None and model_field.choices:
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
    ids = {v for c in changes if c.field == "lead" for v in (c.old, c.new) if v}
    return {u.pk: u for u in User.objects.filter(pk__in=ids)} if ids else {}


def change_lines(model: type | None, changes: list[Change]) -> list[dict]:
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
            "item_type": e.model._meta.verbose_name.capitalize() if e.model else "",
            "changes": change_lines(e.model, e.changes),
        }
        for e in entries
    ]


def conflict_message(report: ConflictReport) -> dict:
    who = " and ".join(report.people)
    return {
        "summary": (
            f"{who} changed this {report.model._meta.verbose_name} while you were editing it. "
            "Your changes have not been saved."
        ),
        "changes": change_lines(report.model, report.changes),
        "advice": "Your changes are kept below: check them against theirs, then save again.",
    }


# Rich text --------------------------------------------------------------------------------------

ALLOWED_TAGS = {"p", "ul", "ol", "li", "a", "strong", "em", "br"}
GOVUK_CLASSES = {
    "p": {"class": "govuk-body"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
}
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")


def sanitise(markup: str) -> str:
    """Only paragraphs, lists, links, bold, italic and line breaks survive; links keep only
    http, https and mailto addresses."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _inline(text: str) -> str:
    text = html.escape(text, quote=True)
    text = _LINK.sub(r'<a href="\2">\1</a>', text)
    return _BOLD.sub(r"<strong>\1</strong>", text)


def _plain_to_html(text: str) -> str:
    """Blank lines part paragraphs; lines starting "- " or "1. " make lists; [text](url) links."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines and all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif lines and all(_NUMBERED.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_NUMBERED.sub('', line))}</li>" for line in lines)
            blocks.append(f"<ol>{items}</ol>")
        elif lines:
            blocks.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
    return "".join(blocks)


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(p|ul|ol|li|a|strong|em|br)\b", text, re.IGNORECASE))


def rich_text(text: str) -> SafeString:
    """Text as typed (or pasted HTML) to safe HTML with GOV.UK classes."""
    markup = text if looks_like_html(text) else _plain_to_html(text)
    cleaned = nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        set_tag_attribute_values=GOVUK_CLASSES,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just sanitised it
