"""Chart conventions shared by every page and report: plotly figures in GOV.UK colours, each
with the data table that carries the same figures for screen readers and analysts."""

import json
from dataclasses import dataclass, field

import plotly.graph_objects as go

# GOV.UK Design System colours, in an order that stays distinguishable side by side.
COLOURS = [
    "#1d70b8",  # blue
    "#f47738",  # orange
    "#00703c",  # green
    "#4c2c92",  # purple
    "#d4351c",  # red
    "#28a197",  # turquoise
    "#f499be",  # pink
    "#b58840",  # brown
    "#505a5f",  # dark grey
    "#85994b",  # light green
    "#912b88",  # bright purple
    "#b1b4b6",  # mid grey
]
FONT = "arial, sans-serif"


@dataclass
class Table:
    headings: list[str]
    rows: list[list]
    caption: str = ""


@dataclass
class Chart:
    id: str
    title: str
    figure: dict
    table: Table
    figure_id: str = field(init=False)

    def __post_init__(self) -> None:
        self.figure_id = f"{self.id}-figure"


def layout(**overrides) -> dict:
    base = {
        "font": {"family": FONT, "size": 14, "color": "#0b0c0c"},
        "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "colorway": COLOURS,
        "legend": {"orientation": "h", "y": -0.2},
        "xaxis": {"gridcolor": "#f3f2f1", "linecolor": "#b1b4b6"},
        "yaxis": {"gridcolor": "#f3f2f1", "linecolor": "#b1b4b6", "rangemode": "tozero"},
        "height": 340,
    }
    base.update(overrides)
    return base


def to_json(figure: go.Figure) -> dict:
    """A figure as plain JSON data for json_script (what the browser and kaleido draw)."""
    return json.loads(figure.to_json())
