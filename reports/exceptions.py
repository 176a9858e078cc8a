"""The "so what": what a board must hear first, as sentences from the document's own figures.

Each finding is written only when its condition holds, from the figures the document prints
(reports.figures: one value wherever it appears), with every number through
sufficiency.formatting:

- projected placement spend over the budget, and whether any scenario closes the gap;
- the rate of children in care above its statistical neighbours', region's or England's;
- children living with providers Ofsted rates Inadequate or Requires improvement;
- for each type of home, children living more than 20 miles away when over a quarter do;
- actions off track, at risk or overdue, by name, with their latest update;
- the strategy's measures behind the straight line to their target;
- the forecast against a target it does not reach on current trends.

Pure: a Figures registry, the scorecard's rows and the actions as plain lines in; findings out.
`board_asked_to` writes the quarterly report's default recommendations from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from reports.figures import Figure, Figures
from reports.selectors import ScorecardRow
from sufficiency.calendar import long_date
from sufficiency.formatting import count, money, percent, rate
from sufficiency.plan.models import ActionStatus

OVERDUE = "overdue"  # reports.as_at.OVERDUE: an action due before the date and not complete
# Types of home where this share or more of the children live more than 20 miles from home,
# and at least this many children do, are named.
FAR_SHARE = 25.0
FAR_MIN_CHILDREN = 5
# Actions a board is told about, most pressing first; those needing its decision.
FLAGGED_STATUSES = (OVERDUE, ActionStatus.OFF_TRACK, ActionStatus.AT_RISK)
DECISION_STATUSES = (OVERDUE, ActionStatus.OFF_TRACK)
STATUS_WORDS = {
    OVERDUE: "overdue",
    ActionStatus.OFF_TRACK: "off track",
    ActionStatus.AT_RISK: "at risk",
}
# Where children of each type of home live, in a sentence: "48 of 88 children in children's
# homes".
HOME_PHRASES = {
    "kinship_foster": "with kinship foster carers",
    "inhouse_foster": "with the council's own foster carers",
    "ifa_foster": "with independent fostering agency carers",
    "childrens_home": "in children's homes",
    "secure": "in secure children's homes",
    "supported_accommodation": "in supported accommodation",
    "residential_school": "in residential schools",
    "other_residential": "in other residential settings",
}
RATING_WORDS = {"inadequate": "Inadequate", "requires_improvement": "Requires improvement"}
COMPARATORS = (
    ("neighbours", "the statistical neighbours' average"),
    ("region", "the region's"),
    ("england", "England's"),
)


@dataclass(frozen=True)
class Finding:
    key: str  # what it is about: "spend", "rate", "ratings", "distance.<type>", ...
    text: str
    items: tuple[str, ...] = field(default_factory=tuple)  # named actions or measures


@dataclass(frozen=True)
class ActionLine:
    """An action as the board reads it: its number, name, status on the date and latest update."""

    pk: int
    number: str  # "2.3": the priority's number and the action's place in it
    title: str
    status: str  # ActionStatus value, or "overdue"
    due: date | None = None
    lead: str = ""
    update_date: date | None = None
    update_text: str = ""

    def sentence(self) -> str:
        parts = [f"{self.number} {self.title}: {STATUS_WORDS.get(self.status, self.status)}"]
        detail = []
        if self.due is not None:
            detail.append(f"due {long_date(self.due)}")
        if self.lead:
            detail.append(f"lead {self.lead}")
        if detail:
            parts.append(f" ({'; '.join(detail)})")
        parts.append(". ")
        if self.update_date is not None and self.update_text.strip():
            text = self.update_text.strip().rstrip(".")
            parts.append(f"Latest update, {long_date(self.update_date)}: {text}.")
        else:
            parts.append("No update has been recorded.")
        return "".join(parts)


def action_lines(actions: Iterable, figures: Figures) -> list[ActionLine]:
    """reports.as_at.ActionAt items as lines, their status read from the figures registry."""
    lines = []
    for item in actions:
        action = item.action
        status = figures.get(f"plan.action.{action.pk}.status")
        lead = action.lead.get_full_name() or action.lead.username if action.lead else ""
        update = item.update
        lines.append(
            ActionLine(
                pk=action.pk,
                number=f"{action.priority.number}.{action.position}",
                title=action.title,
                status=str(status.value) if status is not None else item.shown_status,
                due=action.due,
                lead=lead,
                update_date=update.date if update is not None else None,
                update_text=update.text if update is not None else "",
            )
        )
    return lines


def _value(figures: Figures, key: str) -> float | None:
    figure = figures.get(key)
    if figure is None or figure.value is None or isinstance(figure.value, str):
        return None
    return float(figure.value)


def _and(parts: Sequence[str]) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _year_label(key: str) -> str:
    return key.rsplit(".", 1)[1]


def spend_against_budget(figures: Figures) -> Finding | None:
    """The first financial year the forecast covers in full, when its projected spend on current
    trends is over the budget; and whether any scenario brings it within the budget."""
    years = sorted(
        _year_label(f.key)
        for f in figures
        if f.key.startswith("forecast.months.") and _value(figures, f.key) == 12
    )
    for year in years:
        spend, budget = (
            figures.get(f"forecast.spend.{year}"),
            figures.get(f"forecast.budget.{year}"),
        )
        if spend is None or budget is None or spend.value is None or not budget.value:
            continue
        gap = float(spend.value) - float(budget.value)
        if gap <= 0:
            return None
        text = (
            f"Projected placement spend in {year} of {spend.text} is {money(gap)} "
            f"({percent(100 * gap / float(budget.value))}) over the {budget.text} budget"
        )
        scenarios = [
            f
            for f in figures
            if f.key.startswith("forecast.scenario.")
            and f.key.endswith(f".spend.{year}")
            and f.value is not None
        ]
        if scenarios:
            lowest = min(scenarios, key=lambda f: float(f.value))
            left = float(lowest.value) - float(budget.value)
            closing = [f.period for f in scenarios if float(f.value) <= float(budget.value)]
            if closing:
                text += f"; the scenario “{closing[0]}” would bring it within the budget."
            else:
                text += (
                    f"; no scenario closes the gap: the closest, “{lowest.period}”, still "
                    f"leaves {money(left)}."
                )
        else:
            text += "."
        return Finding("spend", text)
    return None


def rate_against_benchmarks(figures: Figures) -> Finding | None:
    """The rate per 10,000 when it is above its statistical neighbours', region's or England's."""
    rate_now = figures.get("rate_per_10k")
    if rate_now is None or rate_now.value is None:
        return None
    above: list[str] = []
    below: list[str] = []
    year = None
    for level, words in COMPARATORS:
        published = figures.get(f"benchmark.rate_per_10k.{level}")
        if published is None or published.value is None:
            continue
        year = published.period
        higher = float(rate_now.value) > float(published.value)
        (above if higher else below).append(f"{words} ({published.text})")
    if not above:
        return None
    text = (
        f"The rate of children in care was {rate_now.text} per 10,000 children on "
        f"{long_date(rate_now.as_at)}, above {_and(above)}"
    )
    if below:
        text += f", though below {_and(below)}"
    return Finding("rate", f"{text} for {year}.")


def provider_ratings(figures: Figures) -> Finding | None:
    """Children whose providers Ofsted rates Inadequate or Requires improvement."""
    rated = _value(figures, "market.rated_children")
    parts: list[str] = []
    for rating, words in RATING_WORDS.items():
        figure = figures.get(f"market.rating.{rating}")
        if figure is None or not figure.value:
            continue
        share = f" ({percent(100 * float(figure.value) / rated)})" if rated else ""
        verb = "" if parts else (" lives" if figure.value == 1 else " live")
        parts.append(f"{figure.text}{share}{verb} with providers rated {words}")
    if not parts:
        return None
    lead = (
        f"Of the {count(rated)} children living with Ofsted-registered providers, "
        if rated
        else "Of the children living with Ofsted-registered providers, "
    )
    return Finding("ratings", f"{lead}{_and(parts)}.")


def distance_by_type(figures: Figures) -> list[Finding]:
    """Each type of home where over a quarter of its children live more than 20 miles away."""
    findings = []
    for category, phrase in HOME_PHRASES.items():
        far, placed = (
            figures.get(f"market.far.{category}"),
            figures.get(f"market.placed.{category}"),
        )
        if far is None or placed is None or not placed.value or far.value is None:
            continue
        share = 100 * float(far.value) / float(placed.value)
        if float(far.value) < FAR_MIN_CHILDREN or share < FAR_SHARE:
            continue
        findings.append(
            (
                share,
                Finding(
                    f"distance.{category}",
                    f"{far.text} of {placed.text} children {phrase} ({percent(share)}) live "
                    "more than 20 miles from home.",
                ),
            )
        )
    return [f for _, f in sorted(findings, key=lambda pair: -pair[0])]


def flagged_actions(
    actions: Sequence[ActionLine], statuses: Sequence[str] = FLAGGED_STATUSES
) -> list[ActionLine]:
    order = {status: n for n, status in enumerate(statuses)}
    return sorted(
        (a for a in actions if a.status in order),
        key=lambda a: (order[a.status], a.due or date.max, a.number),
    )


def actions_needing_attention(actions: Sequence[ActionLine]) -> Finding | None:
    flagged = flagged_actions(actions)
    if not flagged:
        return None
    counts = {s: sum(1 for a in flagged if a.status == s) for s in FLAGGED_STATUSES}
    parts = [f"{count(n)} {STATUS_WORDS[s]}" for s, n in counts.items() if n]
    text = (
        f"{count(len(flagged))} of the {count(len(actions))} actions in the plan need attention "
        f"({_and(parts)}):"
    )
    return Finding("actions", text, tuple(a.sentence() for a in flagged))


def measures_behind(figures: Figures, scorecard: Sequence[ScorecardRow]) -> Finding | None:
    """Measures rated red or amber: behind the straight line from baseline to target."""
    behind = []
    for number, row in enumerate(scorecard, 1):
        if row.before_baseline or row.rag.value not in ("red", "amber"):
            continue
        prefix = f"plan.measure.{row.key or number}"
        expected, target = figures.get(f"{prefix}.expected"), figures.get(f"{prefix}.target")
        latest = _measure_text(row.value, row.unit)
        line = f"{row.name}: {latest}"
        if expected is not None:
            line += f" against {expected.text} expected by now"
        if target is not None:
            line += f", on the way to {target.text} by {long_date(row.target_date)}"
        behind.append(f"{line} ({row.rag.label.lower()}).")
    if not behind:
        return None
    noun = "measure is" if len(behind) == 1 else "measures are"
    return Finding(
        "measures",
        f"{count(len(behind))} of the strategy's {count(len(scorecard))} {noun} behind the "
        "line to their target:",
        tuple(behind),
    )


def _measure_text(value: float | None, unit: str) -> str:
    if value is None:
        return "not known"
    if unit == "percent":
        return percent(value)
    if unit == "rate":
        return rate(value)
    return count(value)


def forecast_against_target(figures: Figures, scorecard: Sequence[ScorecardRow]) -> Finding | None:
    """A forecast measure whose target current trends do not reach by its date."""
    for row in scorecard:
        prefix = f"plan.measure.{row.key}"
        mean: Figure | None = figures.get(f"{prefix}.forecast_mean")
        if mean is None or mean.value is None:
            continue
        lower, upper = (
            figures.get(f"{prefix}.forecast_lower"),
            figures.get(f"{prefix}.forecast_upper"),
        )
        target = figures.get(f"{prefix}.target")
        if target is None or target.value is None:
            continue
        higher_is_better = row.direction == "higher"
        misses = (
            float(mean.value) < float(target.value)
            if higher_is_better
            else float(mean.value) > float(target.value)
        )
        if not misses:
            continue
        likely = (
            f" (likely range {lower.text} to {upper.text})"
            if lower is not None and upper is not None
            else ""
        )
        text = (
            f"On current trends, {mean.text} children{likely} will be in care on "
            f"{long_date(mean.as_at)}, against the strategy's target of {target.text}"
        )
        reachable = figures.get(f"{prefix}.forecast_reachable")
        if reachable is not None and reachable.value == "no":
            side = "below" if not higher_is_better else "above"
            text += (
                f"; the target is {side} the likely range of current trends and of every scenario."
            )
        else:
            text += "."
        return Finding(f"forecast.{row.key}", text)
    return None


def board_exceptions(
    figures: Figures, *, scorecard: Sequence[ScorecardRow], actions: Sequence[ActionLine]
) -> list[Finding]:
    """Every exception whose condition holds, in the order a board reads them: money, demand
    against comparators, quality, distance, the plan, its measures, the forecast."""
    findings: list[Finding | None] = [
        spend_against_budget(figures),
        rate_against_benchmarks(figures),
        provider_ratings(figures),
        *distance_by_type(figures),
        actions_needing_attention(actions),
        measures_behind(figures, scorecard),
        forecast_against_target(figures, scorecard),
    ]
    return [f for f in findings if f is not None]


def board_asked_to(
    *,
    on: date,
    findings: Sequence[Finding],
    decisions: Sequence[ActionLine],
    recommendations: Sequence[str] | None = None,
) -> list[str]:
    """What the board is asked to do: the council's own recommendations when it has written
    them, else a default from what the report holds."""
    if recommendations:
        return [r for r in recommendations if r.strip()]
    asks = [f"Note the sufficiency position at {long_date(on)}."]
    if findings:
        asks.append("Comment on the exceptions set out in this summary.")
    if decisions:
        which = (
            "the one action that is"
            if len(decisions) == 1
            else f"the {count(len(decisions))} actions that are"
        )
        asks.append(f"Decide what should happen with {which} off track or overdue, listed below.")
    asks.append("Agree that the action plan continues to be monitored each quarter.")
    return asks
