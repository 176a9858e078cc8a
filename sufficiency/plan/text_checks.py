"""Checks on the council's own words: where a narrative section of the strategy states a count of
children in care, or says that count rose or fell, and the data says otherwise, the editor is
warned before the document is generated.

`check_text` is pure (text and figures in, warnings out); `strategy_warnings` reads the figures
the check needs: children looked after at each 31 March and at the date, from the cohort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from placements.cohort import selectors as cohort_selectors
from sufficiency.calendar import last_quarter_end, long_date, year_earlier
from sufficiency.councils import LocalAuthority
from sufficiency.formatting import count

SECTIONS = (("vision", "Our vision"), ("context", "Context"),
            ("childrens_voice", "What children and young people told us"),
            ("governance", "Governance"))  # fmt: skip

# A sentence about the number of children in care.
ABOUT_CLA = re.compile(
    r"\b(children (who are )?(in care|looked after)|looked[- ]after children|"
    r"children we look after|care population|number of children)\b",
    re.I,
)
RISING = re.compile(
    r"\b(rose|risen|rising|increased?|increasing|grown|grew|growing|up by|more than doubled)\b",
    re.I,
)  # noqa: E501
FALLING = re.compile(
    r"\b(fell|fallen|falling|decreased?|decreasing|reduced|reducing|dropped|down by|declined?)\b",
    re.I,
)  # noqa: E501
# "706 children", "706 looked-after children", "706 children in care"
COUNT = re.compile(r"\b(\d{1,3}(?:,\d{3})*|\d+)\s+(?:looked[- ]after\s+)?children\b", re.I)
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a": 1}  # fmt: skip
SPAN = re.compile(
    r"\b(?:in|over|the last|the past)\s+(?:the\s+)?(?:last\s+|past\s+)?(\w+)\s+years?\b", re.I
)  # noqa: E501
# A stated count within this share of the data's is a rounding, not a contradiction.
COUNT_TOLERANCE = 0.05


@dataclass(frozen=True)
class TextWarning:
    section: str  # the strategy field
    title: str
    sentence: str
    message: str


def sentences(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>|[*_#>]", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", plain) if s.strip()]


def _span_years(sentence: str) -> int:
    match = SPAN.search(sentence)
    if not match:
        return 1
    word = match.group(1).lower()
    return int(word) if word.isdigit() else WORD_NUMBERS.get(word, 1)


def check_text(
    text: str, *, on: date, cla: int | None, cla_by_date: dict[date, int], section: str = "",
    title: str = "",
) -> list[TextWarning]:  # fmt: skip
    """Warnings for sentences about the number of children in care that the data contradicts.

    `cla` is the count on `on`; `cla_by_date` holds earlier counts (each 31 March) for trends.
    A stated count is contradicted when it is more than 5% from the count on the date and from
    every earlier count; a stated rise or fall over N years ("in five years"; one year when no
    span is given) when the count moved the other way between the nearest date N years back
    and `on`."""
    if cla is None:
        return []
    warnings = []
    for sentence in sentences(text):
        if not (ABOUT_CLA.search(sentence) or COUNT.search(sentence)):
            continue
        for match in COUNT.finditer(sentence):
            stated = int(match.group(1).replace(",", ""))
            if stated < 10 or 1900 <= stated <= 2100:
                continue  # small numbers are examples, not the count; years are years
            known = [cla, *cla_by_date.values()]
            if all(abs(stated - k) > COUNT_TOLERANCE * k for k in known if k):
                warnings.append(TextWarning(section, title, sentence,
                    f"It says {count(stated)} children; the data gives {count(cla)} children in "
                    f"care on {long_date(on)}."))  # fmt: skip
        if not ABOUT_CLA.search(sentence):
            continue
        rising, falling = bool(RISING.search(sentence)), bool(FALLING.search(sentence))
        if rising == falling:
            continue
        years = _span_years(sentence)
        wanted = on
        for _ in range(years):
            wanted = year_earlier(wanted)
        earlier = [d for d in cla_by_date if d <= wanted]
        if not earlier:
            continue
        then_date = max(earlier)
        then = cla_by_date[then_date]
        moved_up, moved_down = cla > then, cla < then
        if (rising and not moved_up) or (falling and not moved_down):
            said = "rose" if rising else "fell"
            did = "rose" if moved_up else "fell" if moved_down else "did not change"
            warnings.append(TextWarning(section, title, sentence,
                f"It says the number {said}; the data says it {did}: {count(then)} children "
                f"in care on {long_date(then_date)} and {count(cla)} on "
                f"{long_date(on)}."))  # fmt: skip
    return warnings


def cla_series(la: LocalAuthority, on: date) -> tuple[date, int | None, dict[date, int]]:
    """The date the data can speak for (`on`, or the last day of the data before it), children
    looked after on it, and on each 31 March before it: the counts of the reports' series
    (measures.quarterly_series counts exactly as children_looked_after does)."""
    data = cohort_selectors.cohort(la=la)
    if data is None:
        return on, None, {}
    last = last_quarter_end(min(on, data.last_day))
    if last < data.first_day:
        return on, None, {}
    series = cohort_selectors.quarterly_series(data, end=last)
    counts = {row.date.date(): int(row.cla) for row in series.itertuples()}
    if last not in counts:
        return on, None, {}
    earlier = {d: n for d, n in counts.items() if d.month == 3 and d.day == 31 and d < last}
    return last, counts[last], earlier


def section_warnings(
    la: LocalAuthority, sections: list[tuple[str, str, str]], on: date
) -> list[TextWarning]:
    """Warnings for narrative sections (key, title, text) of either document, against the data
    at `on`: the strategy's sections, the quarterly dashboard's commentary."""
    if not any(text for _, _, text in sections):
        return []
    last, cla, earlier = cla_series(la, on)
    result = []
    for key, title, text in sections:
        result += check_text(text or "", on=last, cla=cla, cla_by_date=earlier, section=key,
                             title=title)  # fmt: skip
    return result


def strategy_warnings(la: LocalAuthority, strategy, on: date) -> list[TextWarning]:
    """Warnings for every narrative section of the strategy, against the data at `on`."""
    if strategy is None:
        return []
    return section_warnings(
        la, [(field, title, getattr(strategy, field) or "") for field, title in SECTIONS], on
    )
