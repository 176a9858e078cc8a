"""The quarterly board report's short section on referrals (Placements Data Standard): how many
came in during the quarter, how many found a home and how fast, and the needs that went unmet —
placed late, placed where the referral said unsuitable, outside the preferred location, or not
placed at all. Every figure true at the quarter end (placements.referrals.analysis)."""

from __future__ import annotations

from datetime import date

from placements.referrals.analysis import ReferralSummary
from placements.referrals.selectors import referral_summary
from sufficiency.calendar import long_date, quarter_bounds
from sufficiency.councils import LocalAuthority
from sufficiency.formatting import count, share


def _with_share(part: int, whole: int) -> str:
    return f"{count(part)} ({share(part, whole)})"


def present(summary: ReferralSummary) -> dict:
    """Rows for the board (label, figure, key for data-figure) and a lead sentence."""
    n = summary.referrals
    rows = [
        ("referrals", "Referrals for a home received in the quarter", count(n)),
        ("placed", "Found a home by the quarter end", _with_share(summary.placed, n)),
        ("not_placed", "No home by the quarter end", _with_share(summary.unmet, n)),
        ("no_suitable_home", "Of them, no suitable home found",
         count(summary.no_suitable_home)),
        ("median_days", "Median days from referral to a home",
         count(summary.median_days) if summary.median_days is not None else "–"),
        ("late", "Placed later than needed", count(summary.late)),
        ("unsuitable", "Placed where the referral said unsuitable",
         count(summary.placed_unsuitable)),
        ("outside_preferred", "Placed outside the preferred location",
         count(summary.outside_preferred)),
        ("unregistered", "Placed in an unregistered setting", count(summary.unregistered)),
    ]  # fmt: skip
    # Per need: referrals asking for it, and those of them with no home at the end (every
    # placed referral has a placement date, so days_by_need counts the placed ones).
    placed = {d.key: d.placed for d in summary.days_by_need}
    unmet_needs = [
        (c.key, c.label, count(c.count), count(c.count - placed.get(c.key, 0)))
        for c in summary.by_need
        if c.key != "none" and c.count
    ]
    if n == 0:
        lead = f"No referral for a home was recorded in the quarter to {long_date(summary.end)}."
    else:
        lead = (
            f"{count(n)} {'referral' if n == 1 else 'referrals'} for a home came in during the "
            f"quarter; {count(summary.placed)} found one by {long_date(summary.end)} and "
            f"{count(summary.unmet)} had not."
        )
    return {"lead": lead, "rows": rows, "needs": unmet_needs, "summary": summary}


def quarter_referrals(la: LocalAuthority, on: date) -> dict:
    start, end = quarter_bounds(on)
    return present(referral_summary(la=la, start=start, end=min(end, on)))
