"""The demo council's children in care: six years of synthetic SSDA903 returns, then the later
years continued from them to the last quarter end before today, the last an in-year extract
(ADR 0021), all imported through the same path as a council's own files."""

from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from demo import continuation, synthetic
from placements.cohort.models import Return
from placements.cohort.services import (
    cohort_built_once,
    import_files,
    record_population,
    record_published_population,
)
from sufficiency.calendar import collection_year, collection_year_end, last_quarter_end
from sufficiency.councils import Population

# The generated years: their rows, and so their figures, never change.
FIRST_YEAR, LAST_YEAR, CHILDREN, SEED = 2020, 2025, 2000, 1


def data_to(today: date) -> date:
    """The demo's data runs to the last quarter end before today (30 September 2026 on
    29 November 2026)."""
    return last_quarter_end(today - timedelta(days=1))


def load_demo(*, la, stdout, today: date | None = None) -> None:
    as_at = data_to(today or timezone.localdate())
    final_year = max(collection_year(as_at), LAST_YEAR)
    extract_date = as_at if as_at < collection_year_end(final_year) else None
    record_published_population(la=la)
    _carry_population_forward(la, final_year)
    loaded = {
        r.year: r for r in Return.objects.filter(la=la, status=Return.Status.IMPORTED)
    }  # fmt: skip
    missing = [
        year
        for year in range(FIRST_YEAR, final_year + 1)
        if year not in loaded
        or (year < final_year and loaded[year].is_extract)  # its year has ended since
        or (year == final_year and loaded[year].data_to < as_at)  # a later extract is due
    ]
    if not missing:
        stdout.write("Demo returns already loaded")
        return
    folder = Path(settings.VAR_DIR) / "demo-returns" / la.code
    returns = synthetic.generate(
        la_code=la.code, first_year=FIRST_YEAR, last_year=LAST_YEAR, children=CHILDREN, seed=SEED
    )
    if final_year > LAST_YEAR:
        returns |= continuation.continue_returns(returns, last_year=final_year, seed=SEED)
    if extract_date is not None:
        returns[final_year] = continuation.extract(returns[final_year], extract_date)
    synthetic.write_returns(
        {year: returns[year] for year in missing}, folder, la_code=la.code
    )  # fmt: skip
    with cohort_built_once():  # the whole history, then its stored cohort once
        for year in missing:
            result = import_files(
                la=la,
                year=year,
                paths=[folder / str(year)],
                as_at=extract_date if year == final_year else None,
                accept=True,  # the demo's own later data replaces its earlier extract
            )
            stdout.write(
                f"Imported the {result.data_label} return: {result.rows_imported:,} rows, "
                f"{result.rows_rejected} rejected, {result.warnings} warnings"
            )


def _carry_population_forward(la, final_year: int) -> None:
    """Years after the latest ONS estimate use it, unless the council entered its own."""
    latest = Population.objects.filter(la=la).order_by("-year").first()
    if latest is None:
        return
    for year in range(latest.year + 1, final_year + 1):
        record_population(la=la, year=year, children=latest.children)
