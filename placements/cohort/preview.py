"""What an import would do, worked out before it changes anything.

An import that would replace a year already loaded stops at a preview: rows kept and rejected
per table, and the council's children in care, started and ceased at the return's 31 March and
the previous one, now and after the import. The figures "after" are worked out by the same code
that the pages use, on the rows written inside a transaction that is then rolled back, so the
preview's figures are the figures the analyst will see once they accept it.
"""

from collections.abc import Callable
from datetime import date

from django.db import transaction

from placements.cohort import selectors
from placements.cohort.models import Return
from placements.cohort.ssda903.reader import ReturnData
from placements.cohort.ssda903.tables import TABLES
from sufficiency.calendar import last_quarter_end
from sufficiency.councils import LocalAuthority
from sufficiency.formatting import count

REQUIRED_TABLES = ("Header", "Episodes")
FIGURES = (("cla", "Children in care"), ("started", "Started in the year"),
           ("ceased", "Ceased in the year"))  # fmt: skip


class _RollBack(Exception):
    pass


def table_summary(data: ReturnData, tables: dict) -> dict[str, dict[str, int]]:
    """Rows kept and rejected per table. A rejected row is attributed to its file's table (for
    an XML file holding several, to the first of them with the rejected column)."""
    summary = {name: {"kept": len(frame), "rejected": 0} for name, frame in tables.items()}
    rejected_rows = {
        (p.file, p.row, p.column) for p in data.problems if p.severity == "error" and p.row
    }
    seen: set[tuple[str, int]] = set()
    for file, row, column in sorted(rejected_rows, key=lambda k: (k[0], k[1], k[2] or "")):
        if (file, row) in seen:
            continue
        seen.add((file, row))
        names = data.file_tables.get(file, [])
        table = next((n for n in names if column in TABLES[n].columns), names[0] if names else None)
        if table is not None:
            summary.setdefault(table, {"kept": 0, "rejected": 0})["rejected"] += 1
    return summary


def refusals(summary: dict[str, dict[str, int]]) -> list[str]:
    """Most rows of a required table rejected: loading the rest would misstate every figure."""
    reasons = []
    for name in REQUIRED_TABLES:
        counts = summary.get(name)
        if not counts:
            continue
        total = counts["kept"] + counts["rejected"]
        if counts["rejected"] * 2 > total:
            reasons.append(
                f"{count(counts['rejected'])} of the {count(total)} rows of the {name} table were "
                "rejected; fix the rows listed below and load the return again"
            )
    return reasons


def figure_dates(return_obj: Return, replaced: list[Return]) -> list[date]:
    """The return's last quarter end (its 31 March, or an in-year extract's last quarter end),
    the replaced returns' own, and the 31 March before the year."""
    ends = {last_quarter_end(r.data_to) for r in [return_obj, *replaced]}
    return sorted(ends | {date(return_obj.year - 1, 3, 31)}, reverse=True)


def council_figures(la: LocalAuthority, dates: list[date]) -> dict[str, dict[str, int] | None]:
    """Children in care, started and ceased at each date from the returns now imported (read
    afresh, never from the cache, so rows written in an open transaction are seen)."""
    if not selectors.imported_returns(la=la):
        return {d.isoformat(): None for d in dates}
    data = selectors.load_cohort(la)
    figures: dict[str, dict[str, int] | None] = {}
    for on in dates:
        if on > data.last_day:  # after an in-year extract's date nothing is known
            figures[on.isoformat()] = None
            continue
        result = selectors.headline_measures(la=la, on=on, data=data)
        figures[on.isoformat()] = {key: result[key] for key, _ in FIGURES} if result else None
    return figures


def figures_after(return_obj: Return, apply: Callable[[], None], dates: list[date]) -> dict:
    """The figures as they would be once `apply` (the import's writes) has run; then undone."""
    holder: dict = {}
    try:
        with transaction.atomic():
            apply()
            holder["after"] = council_figures(return_obj.la, dates)
            raise _RollBack
    except _RollBack:
        pass
    return holder["after"]


def preview_rows(preview: dict) -> list[dict]:
    """The preview's figures as rows for a table: label, date, now, after, change."""
    rows = []
    before, after = preview.get("before") or {}, preview.get("after") or {}
    for on in sorted(after, reverse=True):
        for key, label in FIGURES:
            now = (before.get(on) or {}).get(key)
            then = (after.get(on) or {}).get(key)
            rows.append(
                {
                    "key": key,
                    "on": date.fromisoformat(on),
                    "label": label,
                    "now": now,
                    "after": then,
                    "change": None if now is None or then is None else then - now,
                }
            )
    return rows
