"""The demo council's children in care: six years of synthetic SSDA903 returns, imported
through the same path as a council's own files."""

from pathlib import Path

from django.conf import settings

from demo import synthetic
from placements.cohort.models import Return
from placements.cohort.services import import_files, record_published_population

FIRST_YEAR, LAST_YEAR, CHILDREN, SEED = 2020, 2025, 2000, 1


def load_demo(*, la, stdout) -> None:
    imported = set(
        Return.objects.filter(la=la, status=Return.Status.IMPORTED).values_list("year", flat=True)
    )
    record_published_population(la=la)
    wanted = set(range(FIRST_YEAR, LAST_YEAR + 1))
    if wanted <= imported:
        stdout.write("Demo returns already loaded")
        return
    folder = Path(settings.VAR_DIR) / "demo-returns" / la.code
    returns = synthetic.generate(
        la_code=la.code, first_year=FIRST_YEAR, last_year=LAST_YEAR, children=CHILDREN, seed=SEED
    )
    synthetic.write_returns(returns, folder, la_code=la.code)
    for year in sorted(wanted - imported):
        result = import_files(la=la, year=year, paths=[folder / str(year)])
        stdout.write(
            f"Imported the {result.label} return: {result.rows_imported:,} rows, "
            f"{result.rows_rejected} rejected, {result.warnings} warnings"
        )
