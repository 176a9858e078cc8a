"""Rows with more or fewer values than the header, among characters of several bytes (accents,
the euro sign): a short row is told from a blank one, whose first value alone is stripped."""

from placements.cohort.ssda903.reader import read_return
from tests.placements.returns import header


def test_short_and_long_rows_among_characters_of_several_bytes():
    data = header(
        "1,1,01/01/2010,WBRI,é€,,",  # all seven values
        "2,2,01/01/2010,WBRI",  # four of seven: kept, with a warning
        "3,1,01/01/2010,WBRI,€,,,€x",  # nine: not imported
        "   ,1",  # short, but no child: a blank row, not a short one
    )
    result = read_return([data], year=2025)
    assert result.tables["Header"]["CHILD"].tolist() == ["1", "2"]
    found = sorted((p.row, p.column, p.value, p.reason) for p in result.problems)
    assert found == [
        (3, "UPN", None, "the row has 4 of the header's 7 values (it may be cut short); "
         "the missing values were left blank"),
        (4, None, "€x", "the row has more values than the header row; row not imported"),
        (5, "CHILD", "", "child identifier (CHILD) is blank"),
    ]  # fmt: skip
