"""Small numbers: the one rule for hiding another council's counts from 1 to 4 (ADR 0020).

Pure: counts in, the set of cells to hide out.

1. Primary: every count from 1 to 4 is hidden (shown as "low"). Zero is shown.
2. Secondary: a table's totals are sums of its cells, so each total and the cells it adds up
   form a *line*. A line with exactly one hidden cell would give it away by subtraction, so
   another cell of the line is hidden too: the smallest count above zero still shown (a cell
   before a total; the total only when no other cell is above zero). Hiding one cell may leave
   another line with one hidden cell, so this repeats until no line has exactly one.

Then in every line nothing hidden can be worked out from what is shown: at least two hidden
cells share whatever the subtraction leaves.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

LOW = "low"
SMALLEST, LARGEST = 1, 4


def is_small(value: int | None) -> bool:
    return value is not None and SMALLEST <= value <= LARGEST


def suppress(
    values: Mapping[Hashable, int | None],
    lines: Iterable[Sequence[Hashable]],
    *,
    already: Iterable[Hashable] = (),
) -> set[Hashable]:
    """The cells to hide. `lines` are groups of cells whose last cell is the sum of the
    others (a row with its total, a column with its total); `already`: cells hidden for a
    reason outside this table."""
    hidden = {key for key, value in values.items() if is_small(value)} | set(already)
    lines = [list(line) for line in lines]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(key in hidden for key in line) != 1:
                continue
            parts, total = line[:-1], line[-1]
            shown = [k for k in parts if k not in hidden and (values.get(k) or 0) > 0]
            if shown:
                # Smallest first; on a tie, the first in the line.
                chosen = min(shown, key=lambda k: (values[k] or 0, parts.index(k)))
            elif total not in hidden and (values.get(total) or 0) > 0:
                chosen = total
            else:
                continue
            hidden.add(chosen)
            changed = True
    return hidden


@dataclass(frozen=True)
class Grid:
    """A table of counts with its row totals, column totals and grand total, and what of it
    is hidden."""

    cells: list[list[int]]
    row_totals: list[int]
    column_totals: list[int]
    total: int
    hidden: frozenset[Hashable]

    def cell_hidden(self, row: int, column: int) -> bool:
        return ("cell", row, column) in self.hidden

    def row_total_hidden(self, row: int) -> bool:
        return ("row", row) in self.hidden

    def column_total_hidden(self, column: int) -> bool:
        return ("column", column) in self.hidden

    @property
    def total_hidden(self) -> bool:
        return ("total",) in self.hidden


def grid(
    cells: Sequence[Sequence[int]],
    *,
    column_totals: bool = True,
    hidden_rows: Iterable[int] = (),
) -> Grid:
    """Row totals always; column totals and the grand total when `column_totals`.
    `hidden_rows`: rows whose total is hidden elsewhere (a member's children in care hidden
    in another table), hidden here too so one table cannot give away another's."""
    rows = [list(map(int, row)) for row in cells]
    width = len(rows[0]) if rows else 0
    row_totals = [sum(row) for row in rows]
    col_totals = [sum(row[j] for row in rows) for j in range(width)]
    values: dict[Hashable, int | None] = {}
    lines: list[list[Hashable]] = []
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            values[("cell", i, j)] = value
        values[("row", i)] = row_totals[i]
        lines.append([("cell", i, j) for j in range(width)] + [("row", i)])
    if column_totals:
        for j in range(width):
            values[("column", j)] = col_totals[j]
            lines.append([("cell", i, j) for i in range(len(rows))] + [("column", j)])
        values[("total",)] = sum(row_totals)
        lines.append([("row", i) for i in range(len(rows))] + [("total",)])
        lines.append([("column", j) for j in range(width)] + [("total",)])
    hidden = suppress(values, lines, already=[("row", i) for i in hidden_rows])
    return Grid(rows, row_totals, col_totals, sum(row_totals), frozenset(hidden))


def percent_hidden(numerator: int | None, denominator: int | None) -> bool:
    """A percentage of another council's children gives away its count when the numerator,
    or the children left out of it (denominator - numerator), is from 1 to 4."""
    if numerator is None or denominator is None:
        return False
    return is_small(numerator) or is_small(denominator - numerator)
