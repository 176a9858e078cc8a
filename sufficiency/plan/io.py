"""The plan to and from spreadsheets: export to XLSX; import a first plan from XLSX or CSV.

An import is all or nothing: every row is checked first and each problem is reported with its
row number, so a person fixes the file and uploads it again.
"""

import csv
import io as _io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from openpyxl import load_workbook

from sufficiency.councils import LocalAuthority, User
from sufficiency.exports import Sheet, csv_text, workbook_bytes
from sufficiency.plan import selectors, services
from sufficiency.plan.models import ActionStatus, Strategy

COLUMNS = [
    "Priority number",
    "Priority",
    "Action",
    "Description",
    "Owner",
    "Lead",
    "Due date",
    "Status",
]
TEMPLATE_ROWS = [
    [
        "1",
        "Fewer children need to come into care",
        "Extend the edge of care team to weekends",
        "Families in crisis get help on Saturdays and Sundays",
        "Early help",
        "",
        "2026-03-31",
        "Not started",
    ],
    [
        "1",
        "Fewer children need to come into care",
        "Family group conferences for every family at the edge of care",
        "",
        "Children's social care",
        "",
        "2026-09-30",
        "On track",
    ],
    [
        "2",
        "More children live close to home",
        "Recruit 20 more foster carers in the city",
        "",
        "Fostering service",
        "",
        "2027-03-31",
        "At risk",
    ],
]
STATUS_BY_TEXT = {
    **{s.label.lower(): s.value for s in ActionStatus},
    **{s.value: s.value for s in ActionStatus},
    **{s.value.replace("_", " "): s.value for s in ActionStatus},
}


def template_csv() -> str:
    return csv_text(COLUMNS, TEMPLATE_ROWS)


# Export -----------------------------------------------------------------------------------------


def export_xlsx(*, strategy: Strategy | None, la: LocalAuthority, today: date) -> bytes:
    plan_rows, update_rows, priority_rows, measure_rows = [], [], [], []
    if strategy is not None:
        actions = selectors.plan_actions(
            strategy=strategy, filters=selectors.PlanFilters(), today=today
        )
        for action in actions:
            updates = list(action.updates.all())
            latest = updates[0] if updates else None
            plan_rows.append(
                [
                    action.priority.number,
                    action.priority.title,
                    f"{action.priority.number}.{action.position}",
                    action.title,
                    action.description,
                    action.owner,
                    selectors.display_name(action.lead) if action.lead else "",
                    action.due,
                    action.get_status_display(),
                    "Yes" if action.is_overdue(today) else "",
                    latest.date if latest else None,
                    latest.text if latest else "",
                ]
            )
            for update in updates:
                update_rows.append(
                    [
                        f"{action.priority.number}.{action.position}",
                        action.title,
                        update.date,
                        update.get_status_display(),
                        update.text,
                        selectors.display_name(update.author) if update.author else "",
                    ]
                )
        for priority in strategy.priorities.all():
            priority_rows.append(
                [
                    priority.number,
                    priority.title,
                    priority.description,
                    "\n".join(priority.i_statement_list),
                ]
            )
        for row in selectors.measure_rows(strategy=strategy, today=today):
            m = row.measure
            measure_rows.append(
                [
                    m.name,
                    row.source,
                    m.get_direction_display(),
                    m.baseline_value,
                    m.baseline_date,
                    m.target_value,
                    m.target_date,
                    row.latest_value,
                    row.latest_date,
                    None if row.expected is None else round(row.expected, 1),
                    row.rag.label,
                ]
            )
    plan_sheet = Sheet(
        "Action plan",
        [
            "Priority number",
            "Priority",
            "Number",
            "Action",
            "Description",
            "Owner",
            "Lead",
            "Due date",
            "Status",
            "Overdue",
            "Latest update date",
            "Latest update",
        ],
        plan_rows,
    )
    updates_sheet = Sheet(
        "Updates", ["Number", "Action", "Date", "RAG", "Update", "Author"], update_rows
    )
    priorities_sheet = Sheet(
        "Priorities", ["Number", "Priority", "Description", "I statements"], priority_rows
    )
    measures_sheet = Sheet(
        "Measures",
        [
            "Measure",
            "Source",
            "Direction",
            "Baseline",
            "Baseline date",
            "Target",
            "Target date",
            "Latest value",
            "Latest date",
            "Expected on the trajectory",
            "RAG",
        ],
        measure_rows,
    )
    return workbook_bytes([plan_sheet, updates_sheet, priorities_sheet, measures_sheet])


# Import -----------------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    priorities: int = 0
    actions: int = 0
    errors: list[RowError] = field(default_factory=list)


def read_rows(name: str, content: bytes) -> list[list[str]]:
    """Rows of text from a CSV (UTF-8, with or without BOM) or the first sheet of an XLSX."""
    if name.lower().endswith(".xlsx"):
        workbook = load_workbook(_io.BytesIO(content), read_only=True, data_only=True)
        rows = []
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in values])
        return rows
    text = content.decode("utf-8-sig", errors="replace")
    return [list(r) for r in csv.reader(_io.StringIO(text))]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_date(text: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


@dataclass
class _Row:
    number: int
    priority_number: int
    priority: str
    fields: dict


def parse_plan(
    rows: list[list[str]], *, leads: dict[str, User]
) -> tuple[list[_Row], list[RowError]]:
    """Check every row of a plan file; pure apart from the lookup of leads by username."""
    errors: list[RowError] = []
    # Columns are found by their headings, so the export's own "Action plan" sheet (with its
    # Number, Overdue and latest update columns) imports back as it is.
    headings = [str(h).strip().lower() for h in rows[0]] if rows else []
    if not rows or not all(c.lower() in headings for c in COLUMNS):
        return [], [
            RowError(1, "", "The first row must be the template's headings: " + ", ".join(COLUMNS))
        ]
    positions = [headings.index(c.lower()) for c in COLUMNS]
    parsed: list[_Row] = []
    titles: dict[int, str] = {}
    for number, raw in enumerate(rows[1:], start=2):
        padded = list(raw) + [""] * len(headings)
        cells = [str(padded[i] or "").strip() for i in positions]
        if not any(cells):
            continue
        values = dict(zip(COLUMNS, cells, strict=True))
        row_errors = []
        try:
            priority_number = int(values["Priority number"])
            if priority_number < 1:
                raise ValueError
        except ValueError:
            priority_number = 0
            row_errors.append(RowError(number, "Priority number", "Enter a whole number from 1"))
        priority_title = values["Priority"]
        if priority_number:
            known = titles.setdefault(priority_number, priority_title)
            if not known and priority_title:
                titles[priority_number] = known = priority_title
            if priority_title and priority_title != known:
                row_errors.append(
                    RowError(
                        number,
                        "Priority",
                        f"Priority {priority_number} is called “{known}” in an earlier row",
                    )
                )
        if not values["Action"]:
            row_errors.append(RowError(number, "Action", "Enter the action"))
        elif len(values["Action"]) > 200:
            row_errors.append(
                RowError(number, "Action", "The action must be 200 characters or fewer")
            )
        due = None
        if values["Due date"]:
            try:
                due = _parse_date(values["Due date"])
            except ValueError:
                row_errors.append(
                    RowError(number, "Due date", "Enter a date like 2026-03-31 or 31/03/2026")
                )
        status: str | None = ActionStatus.NOT_STARTED.value
        if values["Status"]:
            status = STATUS_BY_TEXT.get(values["Status"].lower())
            if status is None:
                row_errors.append(
                    RowError(
                        number, "Status", "Status must be one of: " + ", ".join(ActionStatus.labels)
                    )
                )
        lead = None
        if values["Lead"]:
            lead = leads.get(values["Lead"].lower())
            if lead is None:
                row_errors.append(
                    RowError(
                        number,
                        "Lead",
                        f"No one called “{values['Lead']}” uses Sufficiency for this council",
                    )
                )
        if row_errors:
            errors.extend(row_errors)
            continue
        parsed.append(
            _Row(
                number,
                priority_number,
                priority_title,
                {
                    "title": values["Action"],
                    "description": values["Description"],
                    "owner": values["Owner"][:120],
                    "lead": lead,
                    "due": due,
                    "status": status,
                },
            )
        )
    for number, title in titles.items():
        if not title:
            errors.append(RowError(0, "Priority", f"Priority {number} has no title in any row"))
    if not parsed and not errors:
        errors.append(RowError(2, "", "The file has no actions"))
    return parsed, errors


@transaction.atomic
def import_plan(*, la: LocalAuthority, upload, user: User | None) -> ImportResult:
    try:
        rows = read_rows(upload.name, upload.read())
    except Exception:  # noqa: BLE001 - any unreadable file gets the same plain answer
        return ImportResult(errors=[RowError(0, "", "The file could not be read as XLSX or CSV")])
    members = selectors.council_members(la)
    # The export names a lead as people know them (full name); a username works too.
    leads = {u.get_full_name().lower(): u for u in members if u.get_full_name()}
    leads |= {u.username.lower(): u for u in members}
    parsed, errors = parse_plan(rows, leads=leads)
    if errors:
        return ImportResult(errors=errors)
    strategy = selectors.current_strategy(la)
    if strategy is None:
        year = date.today().year
        strategy = services.create_strategy(
            la=la, user=user, title="Sufficiency strategy", period=f"{year}-{year + 3}"
        )
    titles: dict[int, str] = {}
    for row in parsed:
        titles.setdefault(row.priority_number, row.priority)
        if row.priority:
            titles[row.priority_number] = titles[row.priority_number] or row.priority
    existing = {p.number: p for p in strategy.priorities.all()}
    priorities = {}
    result = ImportResult()
    for number in sorted(titles):
        if number in existing:
            priorities[number] = existing[number]
        else:
            priorities[number] = services.add_priority(
                strategy=strategy, user=user, title=titles[number]
            )
            result.priorities += 1
    for row in parsed:
        services.add_action(priority=priorities[row.priority_number], user=user, **row.fields)
        result.actions += 1
    return result
