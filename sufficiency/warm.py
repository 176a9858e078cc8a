"""Warming a web process before it takes its first request (called by wsgi.py).

The first request a new gunicorn worker serves would otherwise pay for importing every area
(pandas, plotly, the selectors and presenters behind each page) and compiling the page
templates: over a second of CPU (ADR 0017). Doing that work when the process starts, before it
listens (or once in gunicorn's master with --preload, before it forks), moves the cost off the
user's first page. The council's data is warmed separately: its cohort is stored per data
version and read in milliseconds.
"""

from django.template.loader import get_template
from django.urls import get_resolver

# The pages people open first; their includes compile with them.
FIRST_PAGES = [
    "sufficiency/overview.html",
    "placements/children.html",
    "placements/market/overview.html",
    "sufficiency/plan/plan.html",
    "reports/dashboard.html",
]


def warm_up() -> list[str]:
    """Import every view (through the URL patterns) and compile the first pages' templates.
    Returns the templates compiled."""
    get_resolver().url_patterns  # noqa: B018 - loading them imports every area's views
    for name in FIRST_PAGES:
        get_template(name)
    return list(FIRST_PAGES)
