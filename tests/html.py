"""Read one element of a page: a test checks a figure where it is shown, not anywhere on the page.

`"50.0%" in page` passes when some other 50.0% is on the page; `text_of(page, "#placed-rated")`
fails unless that very element says 50.0%. Selectors are CSS (soupsieve), so tests find figures by
the `id` or `data-figure` attribute the template gives them.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

_SPACE = re.compile(r"\s+")
_TEMPLATE_TAG = re.compile(r"</?template\b[^>]*>")


def parse(html: str | bytes) -> BeautifulSoup:
    if isinstance(html, bytes):
        html = html.decode()
    # htmx sends out-of-band swaps inside <template>; a parser (rightly, for a browser) keeps a
    # template's content out of the document, but a test of the response must read it.
    soup = BeautifulSoup(_TEMPLATE_TAG.sub("", html), "html.parser")
    for line_break in soup.find_all("br"):  # "100<br>Mar 2025" reads "100 Mar 2025"
        line_break.replace_with(" ")
    return soup


def _root(html) -> BeautifulSoup | Tag:
    if isinstance(html, BeautifulSoup | Tag):
        return html
    if hasattr(html, "content"):  # a test client's response
        html = html.content
    return parse(html)


def squash(text: str) -> str:
    """Whitespace as a reader sees it: runs of spaces and line breaks become one space."""
    return _SPACE.sub(" ", text).strip()


def element(html, selector: str) -> Tag:
    """The one element `selector` matches; an AssertionError naming it if none or several do."""
    found = _root(html).select(selector)
    assert len(found) == 1, f"{selector!r} matches {len(found)} elements, not 1"
    return found[0]


def text_of(html, selector: str) -> str:
    """The visible text of the one element `selector` matches, whitespace squashed."""
    return squash(element(html, selector).get_text())


def texts(html, selector: str) -> list[str]:
    """The text of every element `selector` matches, in page order."""
    return [squash(e.get_text()) for e in _root(html).select(selector)]


def attr(html, selector: str, name: str) -> str:
    """An attribute of the one element `selector` matches."""
    value = element(html, selector).get(name)
    assert value is not None, f"{selector!r} has no {name!r} attribute"
    return value if isinstance(value, str) else " ".join(value)


def rows(html, selector: str = "table") -> list[list[str]]:
    """The cells of the one table `selector` matches, row by row (header row included)."""
    table = element(html, selector)
    return [
        [squash(cell.get_text()) for cell in tr.find_all(["th", "td"])]
        for tr in table.find_all("tr")
    ]


def summary(html, selector: str = ".govuk-summary-list") -> dict[str, str]:
    """A GOV.UK summary list as {key: value}, from the one list `selector` matches."""
    found = element(html, selector)
    return {
        squash(row.find("dt").get_text()): squash(row.find("dd").get_text())
        for row in found.select(".govuk-summary-list__row")
    }


def shown(rows):
    """A table's rows (or one row) as the page prints them: each typed cell as its text."""
    if isinstance(rows, list | tuple):
        return [shown(r) for r in rows]
    return str(rows)
