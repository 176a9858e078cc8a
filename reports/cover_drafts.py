"""Starting drafts of a committee paper's fields, worked out from the report's figures.

Pure: figures in, text out. The council overwrites any draft; a field it has written keeps its
own text (reports.cover_models). Counts, percentages and money go through sufficiency.formatting,
dates through sufficiency.calendar, as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sufficiency.calendar import financial_year_label, long_date
from sufficiency.formatting import count, money, share

STATUTORY_GUIDANCE = (
    "Sufficiency: statutory guidance on securing sufficient accommodation for looked after "
    "children (Department for Children, Schools and Families, 2010)"
)
DEFAULT_WARDS = "All"
DEFAULT_CLASSIFICATION = "OFFICIAL-SENSITIVE"

SEX_WORDS = {"male": "male", "female": "female", "unknown": "sex not recorded"}
AGE_WORDS = {
    "under_1": "under 1",
    "1_4": "aged 1 to 4",
    "5_9": "aged 5 to 9",
    "10_15": "aged 10 to 15",
    "16_plus": "aged 16 and over",
}
ETHNICITY_WORDS = {
    "white": "White",
    "mixed": "Mixed or multiple ethnic groups",
    "asian": "Asian or Asian British",
    "black": "Black or Black British",
    "other": "another ethnic group",
    "not_known": "ethnicity not known",
}


@dataclass(frozen=True)
class SpendFigures:
    """Placement spend against the budget, from the figures the document already prints: the
    forecast's projected spend (its projected-spend table), the recorded budgets and the market
    data's annual cost of the placements children live in now."""

    on: date
    year: int | None = None  # the financial year (its starting year) the comparison is for
    months: int = 0  # months of that year the forecast covers
    projected: float | None = None  # on current trends
    budget: float | None = None
    lowest_scenario: tuple[str, float] | None = None  # the scenario projecting least
    annual_spend: float | None = None  # the current placements at their recorded prices
    costed_children: int = 0


@dataclass(frozen=True)
class EqualityFigures:
    """Who the children in care are on the date, from the measures (MEASURES.md)."""

    on: date
    cla: int
    sex: dict[str, int] = field(default_factory=dict)
    age_bands: dict[str, int] = field(default_factory=dict)
    ethnicity: dict[str, int] = field(default_factory=dict)
    disability: int | None = None  # category of need N4 (the child's disability)
    residential_school: int | None = None
    uasc: int | None = None


def _count_of(number: int, whole: int, words: str) -> str:
    return f"{count(number)} ({share(number, whole)}) {words}"


def _children(number: int) -> str:
    return "none" if number == 0 else count(number)


def _listed(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def financial(figures: SpendFigures) -> str:
    """Spend against the budget for the year, and the cost of today's placements."""
    sentences = []
    if figures.year is not None and figures.projected is not None:
        label = financial_year_label(figures.year)
        part = "" if figures.months >= 12 else f" (the {figures.months} months forecast)"
        projected = f"On current trends, placement spend in {label}{part} is projected at " + (
            money(figures.projected)
        )
        if figures.budget:
            gap = figures.projected - figures.budget
            side = "more" if gap > 0 else "less"
            sentences.append(f"The placements budget for {label} is {money(figures.budget)}.")
            if round(gap) == 0:
                sentences.append(f"{projected}, the same as the budget.")
            else:
                sentences.append(
                    f"{projected}, {money(abs(gap))} ({share(abs(gap), figures.budget)}) "
                    f"{side} than the budget."
                )
            if figures.lowest_scenario is not None and gap > 0:
                name, amount = figures.lowest_scenario
                left = amount - figures.budget
                sentences.append(
                    f"The scenario that projects least, “{name}”, projects {money(amount)}: "
                    + (
                        f"still {money(left)} more than the budget."
                        if left > 0
                        else "within the budget."
                    )
                )
        else:
            sentences.append(f"{projected}. No placements budget is recorded for {label}.")
    if figures.annual_spend is not None and figures.costed_children:
        sentences.append(
            f"At the prices recorded in the market data, the placements of the "
            f"{count(figures.costed_children)} children whose price is known on "
            f"{long_date(figures.on)} cost {money(figures.annual_spend)} a year."
        )
    if not sentences:
        return "No forecast, budget or placement costs are recorded yet."
    return " ".join(sentences)


def legal(*, council: str, strategy: bool) -> str:
    purpose = (
        "This strategy is how the council meets that duty and keeps it under review."
        if strategy
        else "This report monitors how the council is delivering its sufficiency strategy."
    )
    return (
        f"Section 22G of the Children Act 1989 requires {council} to take steps that secure, "
        "so far as reasonably practicable, sufficient accommodation within its area that meets "
        "the needs of the children it looks after (the sufficiency duty). "
        f"{STATUTORY_GUIDANCE} explains how the duty is to be met, including by having a "
        "sufficiency strategy. The Care Planning, Placement and Case Review (England) "
        "Regulations 2010 govern how each child's placement is planned, made and reviewed. "
        f"{purpose}"
    )


def equalities(figures: EqualityFigures | None) -> str:
    """Sex, age, ethnicity and disability of the children in care on the date."""
    if figures is None or not figures.cla:
        return "No children's figures are loaded yet, so there are no equalities figures."
    whole = figures.cla
    on = long_date(figures.on)

    def listed(values: dict[str, int], words: dict[str, str]) -> str:
        return _listed(
            [_count_of(values.get(k, 0), whole, w) for k, w in words.items() if values.get(k)]
        )

    sentences = [f"Of the {count(whole)} children looked after on {on}: "
                 f"{listed(figures.sex, SEX_WORDS)}."]  # fmt: skip
    if figures.age_bands:
        sentences.append(f"By age: {listed(figures.age_bands, AGE_WORDS)}.")
    if figures.ethnicity:
        sentences.append(f"By ethnicity: {listed(figures.ethnicity, ETHNICITY_WORDS)}.")
    if figures.disability is not None:
        sentences.append(
            f"{_count_of(figures.disability, whole, 'were')} in care mainly because of their "
            "disability (category of need N4)"
            + (
                f"; {_children(figures.residential_school)} lived in residential special schools."
                if figures.residential_school is not None
                else "."
            )
        )
    if figures.uasc:
        sentences.append(
            f"{_count_of(figures.uasc, whole, 'were')} unaccompanied asylum-seeking children."
        )
    return " ".join(sentences)


def recommendations(*, strategy: bool, title: str) -> str:
    if strategy:
        lines = [
            f"Approve the {title}.",
            "Comment on the needs analysis and the priorities.",
            "Note the action plan and agree that progress is reported to the board each quarter.",
        ]
    else:
        lines = [
            "Note the figures for the quarter and the progress of the action plan.",
            "Comment on the actions that are off track or overdue.",
        ]
    return "\n".join(lines)


def reasons(*, strategy: bool, on: date) -> str:
    if strategy:
        return (
            "The council must set out how it will secure sufficient accommodation for the "
            "children it looks after (section 22G of the Children Act 1989). The strategy sets "
            "out their needs, the homes available to them and what the council will do."
        )
    return (
        "The board oversees the delivery of the sufficiency strategy. This report gives the "
        f"figures at {long_date(on)} against the strategy's measures and the progress of its "
        "action plan."
    )


def background_papers(*, previous_strategy: str = "") -> str:
    lines = [STATUTORY_GUIDANCE]
    if previous_strategy:
        lines.append(previous_strategy)
    return "\n".join(lines)


def lines(text: str) -> list[str]:
    """A field written one item a line, as a list (blank lines dropped)."""
    return [line.strip() for line in text.splitlines() if line.strip()]
