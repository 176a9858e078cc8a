"""The fostering supply figures, from the quarters a council entered (market.fostering): pure,
a list of quarter rows (dicts of the model's fields) in, figures out.

Net change in fostering households in the year to a quarter end: households at that quarter end
less households at the quarter end a year before; when either is not entered, approvals less
de-registrations over the four quarters (when all four are entered). Its target: the target for
households at the quarter end less the households a year before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sufficiency.calendar import quarter_end, year_earlier

FUNNEL = (
    ("enquiries", "Enquiries"),
    ("initial_visits", "Initial visits"),
    ("applications", "Applications"),
    ("approvals", "Approvals"),
)


@dataclass(frozen=True)
class FosteringYear:
    quarter_end: date  # the latest quarter entered on or before the date
    households: int | None
    households_target: int | None
    vacancies: int | None
    approvals: int | None  # in the four quarters to quarter_end
    deregistrations: int | None
    net_change: int | None
    net_change_target: int | None
    funnel: list[tuple[str, int | None]] = field(default_factory=list)  # over the year
    quarters: list[dict] = field(default_factory=list)  # the year's quarters, oldest first


def _total(rows: list[dict], name: str) -> int | None:
    values = [r.get(name) for r in rows]
    known = [int(v) for v in values if v is not None]
    if len(rows) < 4 or len(known) < len(values):
        return None
    return sum(known)


def year_to(quarters: list[dict], on: date) -> FosteringYear | None:
    """The figures for the year to the latest quarter entered on or before `on`."""
    known = sorted((q for q in quarters if q["quarter_end"] <= on), key=lambda q: q["quarter_end"])
    if not known:
        return None
    latest = known[-1]
    end = latest["quarter_end"]
    year_before = quarter_end(year_earlier(end))
    earlier = next((q for q in known if q["quarter_end"] == year_before), None)
    year = [q for q in known if year_before < q["quarter_end"] <= end]
    approvals, deregistrations = _total(year, "approvals"), _total(year, "deregistrations")
    before = earlier.get("households") if earlier else None
    now = latest.get("households")
    if now is not None and before is not None:
        net: int | None = now - before
    elif approvals is not None and deregistrations is not None:
        net = approvals - deregistrations
    else:
        net = None
    target = latest.get("households_target")
    return FosteringYear(
        quarter_end=end,
        households=now,
        households_target=target,
        vacancies=latest.get("vacancies"),
        approvals=approvals,
        deregistrations=deregistrations,
        net_change=net,
        net_change_target=None if target is None or before is None else target - before,
        funnel=[(label, _total(year, name)) for name, label in FUNNEL],
        quarters=year,
    )
