"""One way to answer a page that htmx may ask for in part.

A page and its fragments are one template: `page.html` and `page.html#fragment` (a
`{% partialdef %}`). A request from htmx gets the fragment; anything else, including htmx's
history-restore request (the browser's back button after the page was swapped, which wants the
whole page), gets the page. Because the same URL answers in two shapes, every answer says
`Vary: HX-Request` so no cache hands one shape to the other.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails


def wants_fragment(request: HttpRequest) -> bool:
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.history_restore_request


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    fragment: str | None,
    status: int | None = None,
) -> HttpResponse:
    """The page, or only its `fragment` partial when htmx asked for part of it."""
    name = f"{template}#{fragment}" if fragment and wants_fragment(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
