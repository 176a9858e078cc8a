"""Small hand-made projections: every child in one or two placement types, a few month ends."""

from datetime import date

import numpy as np

from placements.forecast import stock_flow

S, C, B = stock_flow.N_STATES, stock_flow.N_CATEGORIES, stock_flow.N_BANDS


def state(category: str, band: int = 0) -> int:
    return stock_flow.CATEGORIES.index(category) * B + band


def projection(
    totals_by_category: dict[str, list[float]],
    *,
    start: dict[str, float],
    dates: list[date],
    sd_total: list[float],
    name: str = stock_flow.BASELINE,
) -> stock_flow.Projection:
    """Children in each category at each month end (all in the youngest band), a spread."""
    mean = np.zeros((len(dates), S))
    for category, values in totals_by_category.items():
        mean[:, state(category)] = values
    stock0 = np.zeros(S)
    for category, value in start.items():
        stock0[state(category)] = value
    return stock_flow.Projection(
        base_date=date(2025, 3, 31),
        dates=dates,
        stock0=stock0,
        mean=mean,
        sd_total=np.array(sd_total, dtype=float),
        sd_category=np.zeros((len(dates), C)),
        name=name,
    )
