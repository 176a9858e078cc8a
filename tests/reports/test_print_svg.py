"""Charts on paper: the SVG WeasyPrint draws keeps every mark of kaleido's, and the cycle
collector pauses only while documents are being made (reports/pdf.py, ADR 0027)."""

import gc
import threading
from xml.etree import ElementTree

from reports.pdf import _cycle_collector_paused, print_svg, renderer
from sufficiency.charts import layout

SVG = "{http://www.w3.org/2000/svg}"

# The shapes of plotly's SVG: empty layers, a path with no line, a legend's invisible click
# target, and the marks that are drawn.
PLOTLY_LIKE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" style="">'
    '<g class="layer-below"><g class="imagelayer"/><g class="shapelayer"/></g>'
    '<path class="xlines-below"/>'
    '<g class="legend"><rect class="legendtoggle" width="20" height="10" '
    'style="fill: rgb(0, 0, 0); fill-opacity: 0;"/>'
    '<text x="5" y="9" style="font-family: arial, sans-serif; font-size: 14px; '
    'fill: rgb(11, 12, 12); white-space: pre;">Children</text></g>'
    '<rect class="frame" width="20" height="10" '
    'style="fill: rgb(0, 0, 0); fill-opacity: 0; stroke: rgb(1, 2, 3);"/>'
    '<g style="stroke: rgb(4, 5, 6);"><rect class="outlined" width="9" height="9" '
    'style="fill-opacity: 0;"/></g>'
    '<path d="M0,0h10" style="stroke: rgb(29, 112, 184); stroke-width: 2px;"/>'
    '<rect width="4" height="4" style="fill: red !important;"/>'
    "</svg>"
)


def elements(svg: str) -> list[ElementTree.Element]:
    return list(ElementTree.fromstring(svg).iter())  # noqa: S314 - the tests' own SVG


def test_marks_stay_and_what_draws_nothing_goes():
    kept = elements(print_svg(PLOTLY_LIKE))
    tags = [e.tag.removeprefix(SVG) for e in kept]
    # The legend's group only grouped: its text takes its place.
    assert tags == ["svg", "text", "rect", "g", "rect", "path", "rect"]
    text = kept[1]
    assert text.text == "Children"
    # Style attributes become presentation attributes, with the same values.
    assert text.attrib == {
        "x": "5", "y": "9", "font-family": "arial, sans-serif", "font-size": "14px",
        "fill": "rgb(11, 12, 12)", "white-space": "pre",
    }  # fmt: skip
    # A transparent rectangle with a stroke draws its outline, so it stays.
    assert kept[2].get("stroke") == "rgb(1, 2, 3)" and kept[2].get("fill-opacity") == "0"
    # So does one whose group gives it a stroke (the group stays: its children inherit it).
    assert kept[3].get("stroke") == "rgb(4, 5, 6)" and kept[4].get("class") == "outlined"
    assert kept[5].get("d") == "M0,0h10" and kept[5].get("stroke-width") == "2px"
    # An !important declaration would mean something else as an attribute: left as it was.
    assert kept[6].get("style") == "fill: red !important;"


def test_groups_that_only_group_give_way_to_their_children_in_order():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<g class="layer"><path d="M0,0h1"/>'
        '<g class="trace" opacity="1"><path d="M0,0h2"/></g></g>'
        '<g class="faded" opacity="0.5"><path d="M0,0h3"/></g>'
        '<g class="moved" transform="translate(1,1)"><path d="M0,0h4"/></g>'
        '<g class="lined" stroke="rgb(1, 2, 3)"><path d="M0,0h5"/></g>'
        '<path d="M0,0h6"/></svg>'
    )
    kept = [
        (e.tag.removeprefix(SVG), e.get("d") or e.get("class")) for e in elements(print_svg(svg))
    ]
    assert kept == [
        ("svg", None),
        ("path", "M0,0h1"),
        ("path", "M0,0h2"),
        # Groups that give their children something stay: opacity, a transform, a stroke.
        ("g", "faded"), ("path", "M0,0h3"),
        ("g", "moved"), ("path", "M0,0h4"),
        ("g", "lined"), ("path", "M0,0h5"),
        ("path", "M0,0h6"),
    ]  # fmt: skip


def test_a_drawn_chart_keeps_every_line_and_every_word():
    figure = {
        "data": [
            {"type": "bar", "x": ["Fostering", "Homes"], "y": [30, 12], "name": "Children"},
            {"type": "scatter", "x": ["Fostering", "Homes"], "y": [28, 14], "name": "Last year"},
        ],
        "layout": layout(),
    }
    drawn = renderer.svg(figure, width=500)
    printed = print_svg(drawn)

    def marks(svg: str) -> list[tuple]:
        return sorted(
            (e.tag, e.text or "", e.get("d") or "", e.get("transform") or "")
            for e in elements(svg)
            if e.tag.removeprefix(SVG) in {"text", "tspan", "path"} and (e.text or e.get("d"))
        )

    assert marks(printed) == marks(drawn)
    assert "Fostering" in printed and "Last year" in printed
    # Plotly writes every style as an attribute: none is left for WeasyPrint to parse as CSS.
    assert 'style="' not in printed
    assert len(elements(printed)) < len(elements(drawn))


def test_the_collector_pauses_while_documents_are_made_and_resumes_after_the_last():
    assert gc.isenabled()
    first_inside, second_started, first_done = (threading.Event() for _ in range(3))
    seen = {}

    def first():
        with _cycle_collector_paused():
            first_inside.set()
            second_started.wait(5)
            seen["first"] = gc.isenabled()
        first_done.set()

    worker = threading.Thread(target=first)
    worker.start()
    first_inside.wait(5)
    with _cycle_collector_paused():
        second_started.set()
        first_done.wait(5)
        # The first document is done, this one is not: still paused.
        seen["second, after the first ended"] = gc.isenabled()
    worker.join(5)
    assert seen == {"first": False, "second, after the first ended": False}
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        with _cycle_collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
