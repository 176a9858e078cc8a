"""PDF output: HTML from the same templates, charts as SVG through kaleido, WeasyPrint to PDF.

kaleido drives Debian's /usr/bin/chromium (never a downloaded browser) with MathJax off and our
vendored plotly.js, through one long-lived server per process: starting Chromium costs about
2 s, each chart after that about 0.15 s.
"""

import base64
import logging
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings

log = logging.getLogger(__name__)
CHROMIUM = "/usr/bin/chromium"
PLOTLY_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly" / "plotly-basic.min.js"


class ChartRenderer:
    """One kaleido server for the process, started on first use, stopped at exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        import kaleido

        with self._lock:
            if self._started:
                return
            os.environ.setdefault("BROWSER_PATH", CHROMIUM)
            kaleido.start_sync_server(mathjax=False, plotlyjs=str(PLOTLY_JS), silence_warnings=True)
            self._started = True

    def stop(self) -> None:
        import kaleido

        with self._lock:
            if self._started:
                kaleido.stop_sync_server(silence_warnings=True)
                self._started = False

    def svg(self, figure: dict, *, width: int = 700, height: int | None = None) -> str:
        import kaleido

        self.start()
        layout = figure.get("layout", {})
        height = height or int(layout.get("height", 340))
        with self._lock:
            data = kaleido.calc_fig_sync(
                figure, opts={"format": "svg", "width": width, "height": height}
            )
        text = data.decode() if isinstance(data, bytes) else data
        return text[text.find("<svg") :]

    def svgs(self, figures: list[dict], *, width: int = 700) -> list[str]:
        """Several charts at once: kaleido draws them in its tabs side by side."""
        import kaleido

        if not figures:
            return []
        self.start()
        with tempfile.TemporaryDirectory(prefix="sufficiency-charts-") as folder:
            paths = [Path(folder) / f"chart-{i}.svg" for i in range(len(figures))]
            specs = [
                {
                    "fig": figure,
                    "path": path,
                    "opts": {
                        "format": "svg",
                        "width": width,
                        "height": int(figure.get("layout", {}).get("height", 340)),
                    },
                }
                for figure, path in zip(figures, paths, strict=True)
            ]
            with self._lock:
                kaleido.write_fig_from_object_sync(specs, cancel_on_error=True)
            return [path.read_text() for path in paths]


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
        return self._future.result()[int(url.removeprefix(CHART_SCHEME))]

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


def html_to_pdf(html: str, charts: ChartBatch | None = None) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    import weasyprint

    base = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    fetcher = _local_fetcher(charts)
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render()
    return document.write_pdf(), len(document.pages)
