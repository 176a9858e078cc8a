"""PDF output: HTML from the same templates, charts as SVG through kaleido, WeasyPrint to PDF.

kaleido drives Debian's /usr/bin/chromium (never a downloaded browser) with MathJax off and our
vendored plotly.js, through one long-lived server per process: starting Chromium costs about
2 s, each chart after that about 0.15 s.
"""

import atexit
import logging
import os
import threading
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
            atexit.register(self.stop)

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
        # An inline SVG needs no XML prologue; WeasyPrint draws it as part of the page.
        return text[text.find("<svg") :]


renderer = ChartRenderer()


def _local_fetcher():
    """WeasyPrint may read our own static files and data: URLs; never the network."""
    import weasyprint

    class LocalOnly(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(parsed.path).resolve()
                static = (Path(settings.BASE_DIR) / "static").resolve()
                if static not in path.parents:
                    raise ValueError(f"Refusing to read {url} while making a PDF")
            elif parsed.scheme != "data":
                raise ValueError(f"Refusing to fetch {url} while making a PDF")
            return super().fetch(url, headers)

    return LocalOnly(allowed_protocols={"file", "data"}, fail_on_errors=True)


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    import weasyprint

    base = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=_local_fetcher()).render()
    return document.write_pdf(), len(document.pages)
