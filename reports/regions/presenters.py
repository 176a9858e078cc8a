"""The region's figures as tables for people, with another council's small counts hidden
(reports.regions.suppression). Each table is a sufficiency.charts.Table of exports Cells, so
the page, the report and the download show the same thing; a hidden count is the text "low"."""

from collections.abc import Hashable, Sequence

import numpy as np

from placements.cohort.measures import CATEGORY_LABELS, PLACEMENT_CATEGORIES
from placements.market.models import ProviderType
from reports.regions import analysis, suppression
from reports.regions.selectors import RegionAt, RegionMarket, council_names
from sufficiency import exports, formatting
from sufficiency.charts import Table
from sufficiency.exports import Cell

LOW = suppression.LOW
COUNT_ROWS = {
    "cla": "Children in care",
    "started": "Started to be looked after in the year",
    "ceased": "Ceased to be looked after in the year",
    "uasc": "Unaccompanied asylum-seeking children",
}
PERCENT_ROWS = {
    "three_plus_placements": "Three or more placements in the year",
    "long_term_stability": "Same placement for 2 years (long-term stability)",
    "over_20_miles": "Placed more than 20 miles from home",
    "outside_area": "Placed outside their council's area",
}
MATRIX_EXTRA = {analysis.OUTSIDE_REGION: "Outside the region", analysis.NOT_KNOWN: "Not known"}
TYPE_LABELS = dict(ProviderType.choices)


def count(value: int, hidden: bool) -> Cell | str:
    return LOW if hidden else exports.count_cell(value)


def percent_of(part: dict, hidden: bool = False) -> Cell | str:
    if hidden or suppression.percent_hidden(part["numerator"], part["denominator"]):
        return LOW
    return Cell(part["percent"], formatting.percent(part["percent"]), "percent")


def _line_hidden(values: Sequence[int], total: int) -> set[int]:
    """Which of `values` (members) to hide in a line whose total (the region) is shown."""
    keyed: dict[Hashable, int | None] = {i: v for i, v in enumerate(values)}
    keyed["total"] = total
    hidden = suppression.suppress(keyed, [[*range(len(values)), "total"]])
    return {k for k in hidden if isinstance(k, int)}


def cla_hidden(at: RegionAt) -> set[int]:
    """Members (by position) whose children in care are hidden: hidden in every table whose
    rows add up to them, so no table gives away another's."""
    return _line_hidden([at.measures[c]["cla"] for c in at.codes], at.region["cla"])


def headline_table(at: RegionAt) -> Table:
    names = [la.name for la in at.members]
    england = next(iter(at.benchmarks.values()), {})
    rows: list[list] = []
    for key, label in COUNT_ROWS.items():
        values = [int(at.measures[c][key]) for c in at.codes]
        hidden = _line_hidden(values, int(at.region[key]))
        if key == "cla":
            hidden |= cla_hidden(at)
        rows.append(
            [label, *[count(v, i in hidden) for i, v in enumerate(values)],
             count(int(at.region[key]), suppression.is_small(int(at.region[key]))),
             _england(england, key, "count")]
        )  # fmt: skip
    small = cla_hidden(at)
    rows.append(
        ["Children in care per 10,000 children",
         *[LOW if i in small else _rate(at.measures[c]["rate_per_10k"])
           for i, c in enumerate(at.codes)],
         _rate(at.region["rate_per_10k"]), _england(england, "rate_per_10k", "rate")]
    )  # fmt: skip
    for key, label in PERCENT_ROWS.items():
        rows.append(
            [label, *[percent_of(at.measures[c][key]) for c in at.codes],
             percent_of(at.region[key]), _england(england, key, "percent")]
        )  # fmt: skip
    return Table(["Measure", *names, "Region", "England"], rows, caption="Headline measures")


def _rate(value) -> Cell:
    return Cell(value, formatting.rate(value), "number")


def _england(benchmarks: dict, key: str, kind: str) -> Cell:
    value = (benchmarks.get(key) or {}).get("england")
    if kind == "count":
        return exports.count_cell(value)
    if kind == "percent":
        return Cell(value, formatting.percent(value), "percent")
    return _rate(value)


def neighbours_table(at: RegionAt) -> Table:
    """Each member against its statistical neighbours' mean and England (DfE published)."""
    small = cla_hidden(at)
    rows = []
    for i, la in enumerate(at.members):
        mine, published = at.measures[la.code], at.benchmarks.get(la.code, {})
        row: list = [la.name]
        row.append(LOW if i in small else _rate(mine["rate_per_10k"]))
        row.append(_rate((published.get("rate_per_10k") or {}).get("neighbours")))
        for key in ("three_plus_placements", "long_term_stability"):
            row.append(percent_of(mine[key]))
            value = (published.get(key) or {}).get("neighbours")
            row.append(Cell(value, formatting.percent(value), "percent"))
        rows.append(row)
    england = next(iter(at.benchmarks.values()), {})
    rows.append(
        ["England", _england(england, "rate_per_10k", "rate"), Cell(None, formatting.NOT_KNOWN),
         _england(england, "three_plus_placements", "percent"), Cell(None, formatting.NOT_KNOWN),
         _england(england, "long_term_stability", "percent"), Cell(None, formatting.NOT_KNOWN)]
    )  # fmt: skip
    headings = [
        "Council", "Per 10,000 children", "Neighbours' mean", "Three or more placements",
        "Neighbours' mean", "Long-term stability", "Neighbours' mean",
    ]  # fmt: skip
    return Table(headings, rows, caption="Against statistical neighbours and England")


def _grid_rows(
    grid: suppression.Grid, labels: Sequence[str], total_label: str = "Region"
) -> list[list]:
    rows = []
    for i, label in enumerate(labels):
        rows.append(
            [label, *[count(v, grid.cell_hidden(i, j)) for j, v in enumerate(grid.cells[i])],
             count(grid.row_totals[i], grid.row_total_hidden(i))]
        )  # fmt: skip
    rows.append(
        [total_label,
         *[count(v, grid.column_total_hidden(j)) for j, v in enumerate(grid.column_totals)],
         count(grid.total, grid.total_hidden)]
    )  # fmt: skip
    return rows


def placement_mix_table(at: RegionAt) -> Table:
    used = [
        c for c in PLACEMENT_CATEGORIES
        if any(at.measures[code]["placement_mix"].get(c, 0) for code in at.codes)
    ]  # fmt: skip
    cells = [[int(at.measures[code]["placement_mix"].get(c, 0)) for c in used] for code in at.codes]
    grid = suppression.grid(cells, hidden_rows=cla_hidden(at)) if cells else None
    rows = _grid_rows(grid, [la.name for la in at.members]) if grid else []
    headings = ["Council", *[CATEGORY_LABELS[c] for c in used], "All children"]
    return Table(headings, rows, caption="Where children live, by member")


def distance_table(at: RegionAt) -> Table:
    """Children placed over 20 miles from home and outside their council's area, by member."""
    rows = []
    columns = ("over_20_miles", "outside_area")
    hidden = [
        _line_hidden([at.measures[c][k]["numerator"] for c in at.codes],
                     at.region[k]["numerator"])
        for k in columns
    ]  # fmt: skip
    for i, la in enumerate(at.members):
        row: list = [la.name]
        for k, key in enumerate(columns):
            part = at.measures[la.code][key]
            row += [count(part["numerator"], i in hidden[k]), percent_of(part, i in hidden[k])]
        rows.append(row)
    row = ["Region"]
    for key in columns:
        part = at.region[key]
        row += [count(part["numerator"], suppression.is_small(part["numerator"])), percent_of(part)]
    rows.append(row)
    headings = ["Council", "Over 20 miles", "Share", "Outside own area", "Share"]
    return Table(headings, rows, caption="Distance from home, by member")


def forecast_table(at: RegionAt) -> Table:
    """Children in care now and forecast 1, 2 and 3 years on: each member and the region
    (means added, bands from added variances)."""
    result = at.forecast
    if result is None:
        return Table([], [], caption="Forecast")
    points = [i for i in (12, 24, 36) if i < len(result.dates)]
    names = {la.code: la.name for la in at.members}
    headings = ["Council", f"Now ({result.base_date:%-d %b %Y})"] + [
        f"{result.dates[i]:%b %Y}" for i in points
    ]
    rows: list[list] = []
    hidden = {at.codes[i] for i in cla_hidden(at)}
    for member in result.members:
        # "Now" is the member's children in care: hidden wherever the headline hides it.
        if suppression.is_small(round(member.now)) or member.code in hidden:
            rows.append([names[member.code], LOW, *[LOW for _ in points]])
            continue
        rows.append(
            [names[member.code], exports.count_cell(member.now),
             *[_band(member.mean[i], member.sd[i]) for i in points]]
        )  # fmt: skip
    rows.append(
        ["Region", exports.count_cell(result.now),
         *[_band(result.mean[i], result.sd[i]) for i in points]]
    )  # fmt: skip
    return Table(headings, rows, caption="Forecast of children in care")


def _band(mean: float, sd: float) -> Cell:
    lower = max(mean - analysis.SD_BAND * sd, 0.0)
    upper = mean + analysis.SD_BAND * sd
    text = f"{formatting.count(mean)} ({formatting.count(lower)} to {formatting.count(upper)})"
    return Cell(round(float(mean)), text, "count")


def forecast_series(at: RegionAt) -> dict | None:
    result = at.forecast
    if result is None:
        return None
    end = len(result.dates) - 1
    return {
        "base_date": result.base_date,
        "end": result.dates[end],
        "mean": formatting.count(result.mean[end]),
        "lower": formatting.count(result.lower[end]),
        "upper": formatting.count(result.upper[end]),
        "members": len(result.members),
    }


# --------------------------------------------------------------------------- across borders


def matrix_grid(at: RegionAt) -> suppression.Grid:
    cells = at.matrix.to_numpy(dtype=int).tolist()
    return suppression.grid(cells, hidden_rows=cla_hidden(at))


def matrix_table(at: RegionAt) -> Table:
    """Children placed by each member (rows) in each host area (columns)."""
    names = [la.name for la in at.members]
    headings = ["Placed by", *[f"In {n}" for n in names], *MATRIX_EXTRA.values(), "All children"]
    if not at.codes:
        return Table(headings, [], caption="Children placed by each member, by host area")
    rows = _grid_rows(matrix_grid(at), names, total_label="All members")
    return Table(headings, rows, caption="Children placed by each member, by host area")


def hosts_table(at: RegionAt) -> Table:
    """For each member as a host: the children each member places in its area (the matrix's
    columns, with the same cells hidden)."""
    names = [la.name for la in at.members]
    if not at.codes:
        return Table([], [], caption="Children placed in each member's area")
    grid = matrix_grid(at)
    rows = []
    for j, host in enumerate(names):
        rows.append(
            [host, *[count(grid.cells[i][j], grid.cell_hidden(i, j)) for i in range(len(names))],
             count(grid.column_totals[j], grid.column_total_hidden(j))]
        )  # fmt: skip
    headings = ["Host area", *[f"By {n}" for n in names], "All members"]
    return Table(headings, rows, caption="Children placed in each member's area")


OUTSIDE_HOSTS_SHOWN = 10


def outside_table(at: RegionAt) -> Table:
    """Children placed outside the region, by host council; the smaller hosts together."""
    names = [la.name for la in at.members]
    table = at.outside
    if table.empty or not at.codes:
        return Table([], [], caption="Children placed outside the region, by host council")
    top = table.head(OUTSIDE_HOSTS_SHOWN)
    rest = table.iloc[OUTSIDE_HOSTS_SHOWN:].sum(axis=0)
    hosts = [council_names().get(code, code) for code in top.index]
    columns = top.to_numpy(dtype=int).T.tolist()  # members x hosts
    if len(table) > OUTSIDE_HOSTS_SHOWN:
        hosts.append("Other councils")
        columns = [row + [int(rest.iloc[i])] for i, row in enumerate(columns)]
    # The matrix shows each member's children outside the region: a member hidden there is
    # hidden here.
    matrix = matrix_grid(at)
    outside_col = at.matrix.columns.get_loc(analysis.OUTSIDE_REGION)
    hidden_rows = [i for i in range(len(names)) if matrix.cell_hidden(i, outside_col)]
    grid = suppression.grid(columns, hidden_rows=hidden_rows)
    rows = []
    for j, host in enumerate(hosts):
        rows.append(
            [host, *[count(grid.cells[i][j], grid.cell_hidden(i, j)) for i in range(len(names))],
             count(grid.column_totals[j], grid.column_total_hidden(j))]
        )  # fmt: skip
    rows.append(
        ["All hosts outside the region",
         *[count(grid.row_totals[i], grid.row_total_hidden(i)) for i in range(len(names))],
         count(grid.total, grid.total_hidden)]
    )  # fmt: skip
    headings = ["Host council", *[f"By {n}" for n in names], "All members"]
    return Table(headings, rows, caption="Children placed outside the region, by host council")


# --------------------------------------------------------------------------- market


def _provider(market: RegionMarket, urn: str) -> tuple[str, str]:
    if urn in market.providers.index:
        row = market.providers.loc[urn]
        return f"{row['NAME']} ({urn})", TYPE_LABELS.get(row["TYPE"], "Other")
    return f"Not in the Ofsted list ({urn})", formatting.NOT_KNOWN


def shared_table(at: RegionAt, market: RegionMarket) -> Table:
    names = [la.name for la in at.members]
    headings = ["Provider", "Type", *names, "All members"]
    if market.shared.empty:
        return Table(headings, [], caption="Providers used by several members")
    grid = suppression.grid(market.shared.to_numpy(dtype=int).tolist())
    rows = []
    for i, urn in enumerate(market.shared.index):
        name, kind = _provider(market, urn)
        rows.append(
            [name, kind, *[count(v, grid.cell_hidden(i, j)) for j, v in enumerate(grid.cells[i])],
             count(grid.row_totals[i], grid.row_total_hidden(i))]
        )  # fmt: skip
    rows.append(
        ["All shared providers", "",
         *[count(v, grid.column_total_hidden(j)) for j, v in enumerate(grid.column_totals)],
         count(grid.total, grid.total_hidden)]
    )  # fmt: skip
    return Table(headings, rows, caption="Providers used by several members: children placed")


def costs_table(at: RegionAt, market: RegionMarket) -> Table:
    names = [la.name for la in at.members]
    headings = ["Provider", "Type of placement", *names, "Spread"]
    rows = []
    for (urn, category), row in market.costs.iterrows():
        name, _ = _provider(market, urn)
        rows.append(
            [name, CATEGORY_LABELS.get(category, category),
             *[_money(row[code]) for code in at.codes],
             Cell(row["SPREAD"], formatting.percent(row["SPREAD"]), "percent")]
        )  # fmt: skip
    return Table(headings, rows, caption="Weekly cost by member for the same provider and type")


def _money(value) -> Cell:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return Cell(None, formatting.NOT_KNOWN, "money")
    return Cell(float(value), formatting.money(value), "money")


def blocks_table(at: RegionAt, market: RegionMarket) -> Table:
    names = {la.code: la.name for la in at.members}
    headings = ["Council", "Provider", "Type of placement", "Places bought", "Children placed",
                "Empty places"]  # fmt: skip
    rows = []
    for block in market.blocks.itertuples(index=False) if not market.blocks.empty else []:
        hidden = suppression.is_small(int(block.CHILDREN))
        name, _ = _provider(market, block.URN)
        rows.append(
            [names[block.LA], name,
             CATEGORY_LABELS.get(block.CATEGORY, "Any") if block.CATEGORY else "Any",
             exports.count_cell(block.PLACES), count(int(block.CHILDREN), hidden),
             LOW if hidden else exports.count_cell(block.EMPTY)]
        )  # fmt: skip
    return Table(headings, rows, caption="Block contracts in force across the region")


def vacancies_table(market: RegionMarket) -> Table:
    rows = []
    for urn, free in market.vacancies.sort_values(ascending=False).items():
        name, kind = _provider(market, str(urn))
        rows.append([name, kind, exports.count_cell(free)])
    return Table(["Provider", "Type", "Places free"], rows, caption="Vacancies reported")


def gap_table(market: RegionMarket) -> Table:
    """The region's demand by type of home against registered places in members' areas."""
    rows = []
    for r in market.gap.itertuples(index=False):
        hidden = suppression.is_small(int(r.CHILDREN))
        places = exports.count_cell(r.LOCAL_PLACES) if r.PLACES_KNOWN else formatting.NOT_KNOWN
        gap = LOW if hidden or not r.PLACES_KNOWN else Cell(r.GAP, formatting.signed(r.GAP))
        rows.append(
            [CATEGORY_LABELS[r.CATEGORY], count(int(r.CHILDREN), hidden),
             exports.count_cell(r.LOCAL_PROVIDERS), places, exports.count_cell(r.VACANCIES), gap]
        )  # fmt: skip
    headings = ["Type of home", "Children placed", "Providers in the region",
                "Registered places", "Vacancies", "Children less places"]  # fmt: skip
    return Table(headings, rows, caption="The region's demand against places in the region")


def overview_tables(at: RegionAt) -> dict[str, Table]:
    return {
        "headline": headline_table(at),
        "neighbours": neighbours_table(at),
        "placement-mix": placement_mix_table(at),
        "distance": distance_table(at),
        "forecast": forecast_table(at),
    }


def placement_tables(at: RegionAt) -> dict[str, Table]:
    return {"crossborder": matrix_table(at), "hosts": hosts_table(at), "outside": outside_table(at)}


def market_tables(at: RegionAt, market: RegionMarket) -> dict[str, Table]:
    return {
        "shared-providers": shared_table(at, market),
        "costs": costs_table(at, market),
        "blocks": blocks_table(at, market),
        "vacancies": vacancies_table(market),
        "demand": gap_table(market),
    }


def tables(at: RegionAt, market: RegionMarket) -> dict[str, Table]:
    """Every table of the region's pages by its id (the downloads and the report use them)."""
    return {**overview_tables(at), **placement_tables(at), **market_tables(at, market)}
