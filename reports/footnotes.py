"""Notes where a reader would stumble: a return that ends before the report's date, a change
of population denominator, quarterly against annual counting, a measure that cannot be computed
yet, and our count against our published one. Each note is one or two plain sentences built from
the same Dashboard the report prints."""

from __future__ import annotations

from datetime import date

from placements.cohort import selectors as cohort_selectors
from reports.selectors import CARE_LEAVER_KEYS, Dashboard, ScorecardRow
from sufficiency.calendar import collection_year, collection_year_label, long_date
from sufficiency.formatting import count

# A denominator that moves by less than this share is not worth a note.
POPULATION_CHANGE = 0.005


def data_notice(dash: Dashboard) -> str | None:
    """For the top of the report: the latest return ends before the report's date."""
    ends = dash.data_ends_before
    if ends is None:
        return None
    loaded = (
        f"The latest SSDA903 data loaded is an in-year extract as at {long_date(ends)}"
        if dash.data is not None and dash.data.as_at is not None
        else f"The latest SSDA903 return loaded ends on {long_date(ends)}"
    )
    return (
        f"{loaded}, before this report's date "
        f"of {long_date(dash.on)}. Figures about children in care are at {long_date(ends)} "
        "at the latest; where a figure needs a later date it shows as no data."
    )


def population_note(la, on: date, before: date) -> str | None:
    """The rate per 10,000 uses each year's population: say so when it changed."""
    now = cohort_selectors.population(la=la, year=collection_year(on))
    then = cohort_selectors.population(la=la, year=collection_year(before))
    if not now or not then or abs(now - then) / then < POPULATION_CHANGE:
        return None
    direction = "rose" if now > then else "fell"
    return (
        f"Rates per 10,000 use the estimate of children aged 0 to 17 for each year, which "
        f"{direction} from {count(then)} ({collection_year_label(collection_year(before))}) to "
        f"{count(now)} ({collection_year_label(collection_year(on))}); so the rate can move "
        "differently from the count of children."
    )


QUARTERLY_COUNTING = (
    "Children who started or ceased to be looked after are counted once in each quarter and "
    "once in a year: a child who starts twice in a year counts in two quarters but once in the "
    "year, so the quarters' starts can add up to more than the year's."
)


def missing_reason(row: ScorecardRow, dash: Dashboard) -> str | None:
    """Why a strategy measure has no value at the report's date."""
    if row.value is not None:
        return None
    if not row.key:
        return (
            f"{row.name}: entered by hand, and no value had been entered for "
            f"{long_date(dash.on)} or earlier."
        )
    if dash.data is None:
        return f"{row.name}: there is no SSDA903 return yet."
    if row.key in CARE_LEAVER_KEYS:
        return (
            f"{row.name}: care leavers are counted at 31 March each year, and the return does "
            "not cover the last 31 March before this date."
        )
    return (
        f"{row.name}: the council's SSDA903 returns cover {long_date(dash.data.first_day)} to "
        f"{long_date(dash.data.last_day)}, which does not include this date."
    )


def notes(dash: Dashboard, count_note: str | None = None) -> list[str]:
    """The footnotes for the document, in reading order."""
    result = []
    if dash.now is not None and dash.year_earlier is not None:
        note = population_note(dash.la, dash.now.on, dash.year_earlier.on)
        if note:
            result.append(note)
    if dash.now is not None:
        result.append(QUARTERLY_COUNTING)
    result += [r for r in (missing_reason(row, dash) for row in dash.scorecard) if r]
    if count_note:
        result.append(count_note)
    return result
