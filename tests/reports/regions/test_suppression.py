"""The small-numbers rule (reports.regions.suppression): 1-4 hidden, and no total gives a hidden
count away by subtraction."""

import random

from reports.regions import suppression


def lines_of(grid: suppression.Grid) -> list[list[tuple]]:
    rows, width = len(grid.cells), len(grid.cells[0])
    lines = [[("cell", i, j) for j in range(width)] + [("row", i)] for i in range(rows)]
    lines += [[("cell", i, j) for i in range(rows)] + [("column", j)] for j in range(width)]
    lines.append([("row", i) for i in range(rows)] + [("total",)])
    lines.append([("column", j) for j in range(width)] + [("total",)])
    return lines


def test_counts_from_1_to_4_are_hidden_and_0_and_5_are_not():
    hidden = suppression.suppress({"a": 0, "b": 1, "c": 4, "d": 5, "e": 12}, [])
    assert hidden == {"b", "c"}


def test_a_single_hidden_cell_in_a_row_hides_the_smallest_other():
    # Row 7, 3, 20 (total 30): 3 is hidden, and 7 with it (the smallest other above zero), so
    # 30 - 20 gives only 10 = 7 + 3, not either.
    grid = suppression.grid([[7, 3, 20]], column_totals=False)
    assert grid.cell_hidden(0, 1) and grid.cell_hidden(0, 0)
    assert not grid.cell_hidden(0, 2) and not grid.row_total_hidden(0)


def test_a_hidden_cell_alone_above_zeros_hides_the_total():
    # Row 0, 2, 0 (total 2): the row total is 2, hidden too. The grand total 11 less row 1's
    # total 9 would give it back, so 9 goes as well, and with it the 9 in row 1 (its row's
    # only other cell): every line then has two hidden or none.
    grid = suppression.grid([[0, 2, 0], [0, 0, 9]])
    assert grid.cell_hidden(0, 1) and grid.row_total_hidden(0)
    assert grid.row_total_hidden(1) and grid.cell_hidden(1, 2)
    assert not grid.total_hidden


def test_secondary_suppression_runs_until_no_line_has_one_hidden_cell():
    # Worked by hand: 1 at (0,0) hides 6 at (0,1) (row 0); column 1 then has one hidden cell,
    # so 8 at (1,1) goes; row 1 then hides 10 at (1,0); column 0 has 1 and 10 hidden.
    grid = suppression.grid([[1, 6, 30], [10, 8, 40], [20, 9, 50]])
    hidden_cells = {(i, j) for i in range(3) for j in range(3) if grid.cell_hidden(i, j)}
    assert hidden_cells == {(0, 0), (0, 1), (1, 1), (1, 0)}
    for line in lines_of(grid):
        assert sum(key in grid.hidden for key in line) != 1


def test_no_random_table_gives_a_hidden_count_away_by_subtraction():
    rng = random.Random(20)
    for _ in range(500):
        rows, width = rng.randint(1, 5), rng.randint(1, 6)
        cells = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 12, 30]) for _ in range(width)]
                 for _ in range(rows)]  # fmt: skip
        grid = suppression.grid(cells)
        for line in lines_of(grid):
            hidden = [key for key in line if key in grid.hidden]
            # Never exactly one unknown in a line: subtraction leaves at least two to share it.
            assert len(hidden) != 1, (cells, line)
        for i, row in enumerate(cells):
            for j, value in enumerate(row):
                if 1 <= value <= 4:
                    assert grid.cell_hidden(i, j)


def test_a_row_hidden_elsewhere_is_hidden_here_with_a_partner():
    grid = suppression.grid([[10, 20], [30, 40], [50, 60]], hidden_rows=[0])
    assert grid.row_total_hidden(0)
    assert sum(grid.row_total_hidden(i) for i in range(3)) >= 2


def test_a_percentage_is_hidden_when_its_count_or_the_rest_is_small():
    assert suppression.percent_hidden(3, 50)
    assert suppression.percent_hidden(47, 50)
    assert not suppression.percent_hidden(0, 50)
    assert not suppression.percent_hidden(10, 50)
    assert not suppression.percent_hidden(50, 50)
