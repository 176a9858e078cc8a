"""The council's own words as safe HTML: Markdown as people type it, or pasted HTML, through
markdown-it-py and then nh3, so only paragraphs, lists, links, bold, italic and line breaks
survive, links keep only http, https and mailto addresses, and each element gets its GOV.UK
class."""

from __future__ import annotations

import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "ul", "ol", "li", "a", "strong", "em", "br"}
URL_SCHEMES = {"http", "https", "mailto"}
GOVUK_CLASSES = {
    "p": {"class": "govuk-body"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
}
_HTML = re.compile(r"<(p|ul|ol|li|a|strong|em|br)\b", re.IGNORECASE)
# CommonMark, with a single line break kept as a break (people type addresses and lists of
# names line by line) and raw HTML passed through to nh3, which decides what survives.
_MARKDOWN = MarkdownIt("commonmark", {"breaks": True, "html": True})


def looks_like_html(text: str) -> bool:
    return bool(_HTML.search(text))


def sanitise(markup: str) -> str:
    """HTML cut down to the allowed elements and addresses (kept as typed, no classes)."""
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def rich_text(text: str) -> SafeString:
    """Text as typed (Markdown) or pasted (HTML) to safe HTML with GOV.UK classes."""
    markup = text if looks_like_html(text) else _MARKDOWN.render(text or "")
    cleaned = nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values=GOVUK_CLASSES,
    )
    # markdown-it ends each block with a new line; between tags it only adds space to the page.
    return mark_safe(re.sub(r">\s+<", "><", cleaned).strip())  # noqa: S308 - nh3 sanitised it
