"""SSDA903 ("children looked after") return: table definitions, reader, code lists, merge.

Pure Python and pandas, no Django: the importer service, the measures and the benchmarks all
use the same reader.
"""

from placements.cohort.ssda903.codes import (
    CATEGORY_LABELS,
    PLACEMENT_CATEGORIES,
    place_category,
    placement_category,
    validate_codes,
)
from placements.cohort.ssda903.merge import collection_year_bounds, merge_returns
from placements.cohort.ssda903.reader import ReturnData, read_return
from placements.cohort.ssda903.tables import TABLES, Problem, ReturnFileError

__all__ = [
    "CATEGORY_LABELS",
    "PLACEMENT_CATEGORIES",
    "TABLES",
    "Problem",
    "ReturnData",
    "ReturnFileError",
    "collection_year_bounds",
    "merge_returns",
    "place_category",
    "placement_category",
    "read_return",
    "validate_codes",
]
