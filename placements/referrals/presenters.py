"""Formatting referrals for people: headline figures, tables and the words that explain them."""

from __future__ import annotations

from dataclasses import dataclass, field

from placements.referrals import standard as std
from placements.referrals.analysis import ReferralSummary
from placements.referrals.models import Referral
from sufficiency import tags
from sufficiency.calendar import short_date
from sufficiency.formatting import count, money, number, share

OUTCOME_TAGS = {
    std.PLACED: tags.css(tags.GOOD),
    std.NOT_YET_PLACED: tags.css(tags.WARNING),
    std.NO_SUITABLE_HOME: tags.css(tags.BAD),
}
TYPE_LABELS = {"Foster": "Fostering", "Residential": "Residential care",
               "Supported Accommodation": "Supported accommodation"}  # fmt: skip

DEFINITIONS = {
    "outcomes": "Referrals received in the period, and what had become of each by its last day: "
    "a child placed after it counts as not yet placed.",
    "late": "Placed later than needed: needed today and placed on a later day, or needed in "
    'less than 5 days and placed 5 or more days after the referral. "In more than 5 days" '
    "sets no deadline.",
    "unsuitable": "Placed in a type of home the social worker's recommendation said was "
    "unsuitable for the child.",
    "outside": "Placements recorded as not in a preferred location.",
    "days": "Days from the date the referral was received to the date the placement started, "
    "for referrals placed by the end of the period. The median is the middle value.",
    "cost": "The total weekly cost of placements made, excluding VAT. Comparing like with like: "
    "by type of home and the number of risks present (to the child and to others).",
    "siblings": "Referrals of children to be placed with one or more siblings; for those "
    "placed, how many siblings were placed with them against how many there were to place.",
    "types": "For each type of home, referrals where the social worker said it was preferred, "
    "and whether the child was placed in one, placed in another type, or not placed.",
}


@dataclass(frozen=True)
class Figure:
    id: str
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class FigureRow:
    """A row of a referrals table: its key and label, any text cells, then named figures.

    Each figure's name becomes the cell's data-figure, so a test reads a figure from its own
    cell; one template (referrals/_figure_rows.html) writes every such table's rows.
    """

    key: str
    label: str
    texts: list[str] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)


def headline(summary: ReferralSummary) -> list[Figure]:
    total = summary.referrals
    return [
        Figure("referrals", "Referrals received", count(total)),
        Figure("placed", "Placed", count(summary.placed), share(summary.placed, total)),
        Figure("unmet", "Not placed by the end", count(summary.unmet),
               f"{count(summary.no_suitable_home)} with no suitable home found"),
        Figure("late", "Placed later than needed", count(summary.late),
               share(summary.late, summary.placed)),
        Figure("unsuitable", "Placed where the home type was unsuitable",
               count(summary.placed_unsuitable), share(summary.placed_unsuitable, summary.placed)),
        Figure("outside", "Placed outside the preferred location",
               count(summary.outside_preferred), share(summary.outside_preferred, summary.placed)),
        Figure("unregistered", "Placed in unregistered settings", count(summary.unregistered)),
        Figure("median-days", "Median days to find a home",
               number(summary.median_days) if summary.median_days is not None else "–"),
    ]  # fmt: skip


def _days(value: float | None) -> str:
    return number(value) if value is not None else "–"


def need_rows(summary: ReferralSummary) -> list[FigureRow]:
    days = {d.key: d for d in summary.days_by_need}
    costs = {c.key: c for c in summary.cost_by_need}
    rows = []
    for need in summary.by_need:
        d, c = days.get(need.key), costs.get(need.key)
        rows.append(FigureRow(need.key, need.label, figures=[
            ("referrals", count(need.count)),
            ("share", share(need.count, summary.referrals)),
            ("placed", count(d.placed) if d else "–"),
            ("median-days", _days(d.median_days) if d else "–"),
            ("median-cost", money(c.median) if c and c.median is not None else "–"),
        ]))  # fmt: skip
    return rows


def risk_rows(summary: ReferralSummary) -> list[FigureRow]:
    """Each risk's referrals and share, then the risk profiles' counts (their share is blank)."""
    risks = [FigureRow(r.key, r.label, figures=[("referrals", count(r.count)),
                                                 ("share", share(r.count, summary.referrals))])
             for r in summary.by_risk]  # fmt: skip
    profiles = [FigureRow(f"profile-{p.key}", p.label, figures=[("referrals", count(p.count)),
                                                                 ("", "")])
                for p in summary.risk_profiles]  # fmt: skip
    return risks + profiles


def suitability_rows(summary: ReferralSummary) -> list[FigureRow]:
    return [FigureRow(r.placement_type, TYPE_LABELS[r.placement_type],
                      figures=[(f"suitability-{i}", count(r.counts[v]))
                               for i, v in enumerate(std.Suitability.values, start=1)])
            for r in summary.by_suitability]  # fmt: skip


def days_rows(summary: ReferralSummary) -> list[FigureRow]:
    return [FigureRow(d.key, TYPE_LABELS[d.key], figures=[
                ("placed", count(d.placed)), ("median", _days(d.median_days)),
                ("mean", _days(d.mean_days))])
            for d in summary.days_by_type]  # fmt: skip


def cost_rows(summary: ReferralSummary) -> list[FigureRow]:
    rows = []
    for c in summary.cost_by_risk:
        kind, profile = c.key.split(":")
        if c.placed == 0:
            continue
        figures = [("placed", count(c.placed)), ("median", money(c.median)),
                   ("mean", money(c.mean))]  # fmt: skip
        rows.append(FigureRow(c.key, TYPE_LABELS[kind], texts=[c.label.split(", ")[1]],
                              figures=figures))  # fmt: skip
    return rows


def type_rows(summary: ReferralSummary) -> list[FigureRow]:
    return [FigureRow(t.placement_type, TYPE_LABELS[t.placement_type], figures=[
                ("preferred", count(t.preferred)), ("placed-in-type", count(t.placed_in_type)),
                ("placed-elsewhere", count(t.placed_elsewhere)),
                ("not-placed", count(t.not_placed))])
            for t in summary.by_type]  # fmt: skip


def outcome_tag(referral: Referral) -> dict:
    return {"text": referral.outcome, "css": OUTCOME_TAGS[referral.outcome]}


def preferred_types(referral: Referral) -> str:
    preferred = [TYPE_LABELS[kind] for kind, attr in std.SUITABILITY_BY_TYPE.items()
                 if getattr(referral, attr) == std.PREFERRED]  # fmt: skip
    return ", ".join(preferred) or "None preferred"


def list_rows(referrals) -> list[dict]:
    rows = []
    for r in referrals:
        rows.append({
            "item": r, "referred": short_date(r.referral_date), "needed_by": r.needed_by or "–",
            "preferred": preferred_types(r), "tag": outcome_tag(r),
            "outcome_date": short_date(r.outcome_date) if r.outcome_date else "",
            "type": TYPE_LABELS.get(r.placement_type, ""),
            "cost": money(r.total_weekly_cost) if r.total_weekly_cost is not None else "",
        })  # fmt: skip
    return rows
