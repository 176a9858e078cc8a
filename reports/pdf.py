"""PDF output: HTML from the same templates, charts as SVG through kaleido, WeasyPrint to PDF.

kaleido drives Debian's /usr/bin/chromium (never a downloaded browser) with MathJax off and our
vendored plotly.js, through one long-lived instance per process on its own event-loop thread:
starting Chromium costs about 2 s, each chart after that well under 0.1 s.
"""

import asyncio
import base64
import gc
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse
from xml.etree import ElementTree

from django.conf import settings
from plotly.io.json import to_json_plotly

from reports import svg_text

if TYPE_CHECKING:
    import kaleido

log = logging.getLogger(__name__)
CHROMIUM = "/usr/bin/chromium"
PLOTLY_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly" / "plotly-basic.min.js"
TIMEOUT = 120  # seconds for one batch of charts


def _kaleido_class():
    import kaleido

    class ReusingKaleido(kaleido.Kaleido):
        """kaleido reloads its page (and so all of plotly.js) after every chart, to start each
        from a clean page; for a report's batch of small charts that reload is two thirds of the
        time. Here a tab is reloaded after every RELOAD_EVERY charts instead, which still keeps
        a long-lived worker's page from growing. (This overrides a private kaleido method: the
        version is pinned in pyproject.toml, and the PDF tests draw through it.)"""

        RELOAD_EVERY = 50
        renders = 0

        async def _return_kaleido_tab(self, tab) -> None:
            self.renders += 1
            if self.renders % self.RELOAD_EVERY == 0:
                await super()._return_kaleido_tab(tab)
            else:
                await self.tabs_ready.put(tab)

    return ReusingKaleido


class ChartRenderer:
    """One kaleido (one Chromium) for the process, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: kaleido.Kaleido | None = None

    def _call(self, coroutine):
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(TIMEOUT)

    def start(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                return
            os.environ.setdefault("BROWSER_PATH", CHROMIUM)
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(
                target=self._loop.run_forever, name="chart-renderer", daemon=True
            )
            self._thread.start()

            async def open_kaleido():
                instance = _kaleido_class()(mathjax=False, plotlyjs=str(PLOTLY_JS))
                await instance.open()
                return instance

            self._kaleido = self._call(open_kaleido())

    def stop(self) -> None:
        with self._lock:
            if self._kaleido is None:
                return
            try:
                self._call(self._kaleido.close())
            finally:
                assert self._loop is not None and self._thread is not None
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(timeout=10)
                self._kaleido = self._loop = self._thread = None

    @staticmethod
    def _opts(figure: dict, width: int, height: int | None = None) -> dict:
        height = height or int(figure.get("layout", {}).get("height", 340))
        return {"format": "svg", "width": width, "height": height}

    @staticmethod
    def _text(data: bytes | str) -> str:
        text = data.decode() if isinstance(data, bytes) else data
        return text[text.find("<svg") :]

    def svg(self, figure: dict, *, width: int = 700, height: int | None = None) -> str:
        self.start()
        with self._lock:
            assert self._kaleido is not None
            data = self._call(self._kaleido.calc_fig(figure, self._opts(figure, width, height)))
        return self._text(data)

    def svgs(self, figures: list[dict], *, width: int = 700) -> list[str]:
        """Several charts, one after another in the same page. A chart drawn before with the
        same figure and size is not drawn again: its figure comes from data that has not
        changed (ADR 0017)."""
        keys = [_svg_key(f, self._opts(f, width)) for f in figures]
        drawn = {k: _SVGS[k] for k in keys if k in _SVGS}
        missing = [(k, f) for k, f in zip(keys, figures, strict=True) if k not in drawn]
        if missing:
            self.start()
            with self._lock:
                assert self._kaleido is not None
                for key, f in missing:
                    data = self._call(self._kaleido.calc_fig(f, self._opts(f, width)))
                    drawn[key] = _SVGS[key] = self._text(data)
                    while len(_SVGS) > _SVGS_SIZE:
                        _SVGS.popitem(last=False)
        return [drawn[k] for k in keys]


_SVGS: OrderedDict[str, str] = OrderedDict()
_SVGS_SIZE = 256


def _svg_key(figure: dict, opts: dict) -> str:
    # plotly's own encoder writes arrays in full (str() of a long one would elide the middle).
    text = to_json_plotly([figure, opts])
    return hashlib.sha256(text.encode()).hexdigest()


def _declarations(style: str) -> dict[str, str]:
    """'fill: rgb(0, 0, 0); fill-opacity: 0;' -> {'fill': 'rgb(0, 0, 0)', 'fill-opacity': '0'}"""
    pairs = (part.split(":", 1) for part in style.split(";") if ":" in part)
    return {name.strip(): value.strip() for name, value in pairs}


def _stroked(element: ElementTree.Element, inherited: bool) -> bool:
    """Whether an element's outline is drawn: its own stroke, else its parent's (inherited)."""
    stroke = element.get("stroke")
    return inherited if stroke is None else stroke != "none"


def _draws_nothing(element: ElementTree.Element, stroked: bool) -> bool:
    """Shapes and groups that leave no mark on paper: plotly's empty layers (a third of a
    chart's elements), paths without a line, and the legend's transparent click targets."""
    tag = element.tag.rpartition("}")[2]
    if tag == "g":
        return len(element) == 0 and not (element.text or "").strip()
    if tag == "path":
        return not element.get("d")
    return tag == "rect" and element.get("fill-opacity") == "0" and not stroked


def _only_groups(element: ElementTree.Element) -> bool:
    """A group that only groups: with no attribute but its class (the SVG has no style sheet)
    and an opacity of 1, it gives its children nothing, so they draw the same without it.
    plotly wraps every layer, trace and bar in one (half a chart's elements), and WeasyPrint
    saves and restores its drawing state for each."""
    if element.tag.rpartition("}")[2] != "g":
        return False
    return all(name == "class" or (name, value) == ("opacity", "1") for name, value in
               element.attrib.items())  # fmt: skip


def _simplify(element: ElementTree.Element, stroke_inherited: bool) -> None:
    style = element.get("style")
    if style is not None and "!important" not in style:
        del element.attrib["style"]
        element.attrib.update(_declarations(style))
    stroked = _stroked(element, stroke_inherited)
    kept: list[ElementTree.Element] = []
    for child in element:
        _simplify(child, stroked)  # first, so a group emptied of its children goes too
        if _draws_nothing(child, _stroked(child, stroked)):
            continue
        # Its children take its place, in order (they are simplified already).
        kept.extend(child if _only_groups(child) else [child])
    element[:] = kept


@lru_cache(maxsize=_SVGS_SIZE)
def print_svg(svg: str) -> str:
    """A chart's SVG as WeasyPrint draws it fastest, looking the same on paper: without the
    elements that draw nothing, and with each style attribute written as presentation
    attributes (WeasyPrint parses every style attribute as CSS, a tenth of a report's time;
    plotly's SVG has no style sheet, so a property means the same in either place; an
    !important one would not, and stays). The standalone HTML keeps kaleido's SVG: browsers
    do not read every property as an attribute (white-space)."""
    # The SVG is Chromium's drawing of our own figure: no DTD, no entities (expat refuses
    # entity expansion bombs in any case).
    root = ElementTree.fromstring(svg)  # noqa: S314
    _simplify(root, stroke_inherited=False)
    # Written with a prefix (ns0:svg): still SVG to any XML reader, and no process-wide
    # ElementTree.register_namespace.
    return ElementTree.tostring(root, encoding="unicode")


renderer = ChartRenderer()
_drawing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="charts")
CHART_SCHEME = "sufficiency-chart:"


class ChartBatch:
    """A report's charts, drawn by Chromium in the background while WeasyPrint parses and
    styles the document on the other core; each image is waited for only when WeasyPrint
    lays it out. Images are referenced as sufficiency-chart:<n>."""

    def __init__(self, figures: list[dict], *, width: int = 680) -> None:
        self.count = len(figures)
        self._future = _drawing.submit(renderer.svgs, figures, width=width)

    def url(self, index: int) -> str:
        return f"{CHART_SCHEME}{index}"

    def svg(self, url: str) -> str:
        """The chart for WeasyPrint (print_svg)."""
        return print_svg(self._future.result()[int(url.removeprefix(CHART_SCHEME))])

    def inline(self, html: str) -> str:
        """The document with every chart as a data: URL (the standalone HTML output)."""
        svgs = self._future.result()
        for index in reversed(range(self.count)):
            data = base64.b64encode(svgs[index].encode()).decode()
            html = html.replace(f'"{self.url(index)}"', f'"data:image/svg+xml;base64,{data}"')
        return html


def _local_fetcher(charts: ChartBatch | None):
    """WeasyPrint may read our own static files, data: URLs and the report's charts; never the
    network."""
    import weasyprint

    class LocalOnly(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            if charts is not None and url.startswith(CHART_SCHEME):
                return weasyprint.urls.URLFetcherResponse(
                    url, body=charts.svg(url), headers={"Content-Type": "image/svg+xml"}
                )
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(parsed.path).resolve()
                static = (Path(settings.BASE_DIR) / "static").resolve()
                if static not in path.parents:
                    raise ValueError(f"Refusing to read {url} while making a PDF")
            elif parsed.scheme != "data":
                raise ValueError(f"Refusing to fetch {url} while making a PDF")
            return super().fetch(url, headers)

    return LocalOnly(
        allowed_protocols={"file", "data", CHART_SCHEME.rstrip(":")}, fail_on_errors=True
    )


_PAUSE_LOCK = threading.Lock()
_pausing = 0  # documents being made with the cycle collector paused
_resume = False  # whether the collector was running before the first of them


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """WeasyPrint makes hundreds of thousands of objects for a report, each of which it keeps
    until the PDF is written; meanwhile Python's cycle collector runs hundreds of times, each
    time walking the whole process (the cohort, Django), for a tenth of the time and nothing
    to free. It is paused while a document is made (reference counting still frees whatever
    is dropped) and runs again when the last document being made is done."""
    global _pausing, _resume
    with _PAUSE_LOCK:
        if _pausing == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _pausing -= 1
            if _pausing == 0 and _resume:
                gc.enable()


def html_to_pdf(html: str, charts: ChartBatch | None = None) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    import weasyprint

    svg_text.install()
    base = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    fetcher = _local_fetcher(charts)
    with _cycle_collector_paused():
        document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render()
        return document.write_pdf(), len(document.pages)
