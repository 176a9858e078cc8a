"""The council's own words as safe HTML: Markdown as people type it, or pasted HTML, through
markdown-it-py and then nh3, so only paragraphs, lists, links, bold, italic and line breaks
survive, links keep only http, https and mailto addresses, and each element gets its GOV.UK
class."""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

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


# Bullets pasted from a word processor ("• one"), written as the Markdown list they mean.
_PASTED_BULLET = re.compile(r"^([ \t]*)[•·▪◦‣][ \t]+", re.MULTILINE)


def rich_text(text: str) -> SafeString:
    """Text as typed (Markdown) or pasted (HTML) to safe HTML with GOV.UK classes."""
    if looks_like_html(text):
        markup = text
    else:
        markup = _MARKDOWN.render(_PASTED_BULLET.sub(r"\1- ", text or ""))
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


# Addresses that stand in for a link not yet found: reserved example domains (RFC 2606),
# in-page anchors and empty addresses; and words typed where a link should go.
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "example.edu", "localhost")
PLACEHOLDER_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
_PLACEHOLDER_WORDS = re.compile(
    r"\[\s*(link|url|web ?address|insert (a )?link|add (a )?link|link here|tbc|tbd)\s*\]"
    r"(?!\()",
    re.IGNORECASE,
)
_HREF = re.compile(r"<a\b[^>]*\bhref\s*=\s*\"([^\"]*)\"[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_BARE_URL = re.compile(r"(?<![(\"'=])\b(?:https?://|www\.)[^\s)<>\"']*", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def is_placeholder_address(address: str) -> bool:
    """An address a reader could not follow: "#", "", "http://", an example.com address."""
    address = address.strip()
    if address in ("", "#", "http://", "https://", "www.", "url", "link"):
        return True
    if address.startswith("#"):
        return True
    parsed = urlparse(address if "://" in address else f"http://{address}")
    host = (parsed.hostname or "").lower().removeprefix("www.")
    if not host:
        return address.lower().startswith(("http", "www"))
    return (
        host in PLACEHOLDER_HOSTS
        or host.endswith(tuple(f".{h}" for h in PLACEHOLDER_HOSTS))
        or host.endswith(PLACEHOLDER_SUFFIXES)
    )


def placeholder_links(text: str) -> list[str]:
    """Error messages, in the GOV.UK style, for each placeholder link in text as typed
    (Markdown or HTML): a document must never send a board member to example.com."""
    if not text:
        return []
    markup = text if looks_like_html(text) else _MARKDOWN.render(text)
    errors = []
    for address, label in _HREF.findall(markup):
        if is_placeholder_address(html.unescape(address)):
            name = _TAG.sub("", html.unescape(label)).strip()
            shown = html.unescape(address) or "an empty address"
            errors.append(
                f"Enter the real web address for the link ‘{name}’ instead of ‘{shown}’, "
                "or remove the link"
                if name
                else f"Enter a real web address instead of ‘{shown}’, or remove the link"
            )
    for address in _BARE_URL.findall(_HREF.sub("", markup)):
        if is_placeholder_address(address):
            errors.append(f"Enter a real web address instead of ‘{address}’, or remove it")
    for match in _PLACEHOLDER_WORDS.finditer(_TAG.sub(" ", markup)):
        errors.append(f"Replace ‘{match.group(0)}’ with a link to the real web address")
    return errors
