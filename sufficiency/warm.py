"""Warming a web process before it takes its first request (called by wsgi.py).

The first request a new gunicorn worker serves would otherwise pay for importing every area
(pandas, plotly, the selectors and presenters behind each page) and compiling the page
templates: over a second of CPU (ADR 0017). Doing that work when the process starts, before it
listens (or once in gunicorn's master with --preload, before it forks), moves the cost off the
user's first page. The council's cohort is stored per data version and read in milliseconds;
figures an area keeps per data version in the process (the market and the forecast, ADR 0017)
are worked out by the receivers of `warm_data`, so that with --preload every worker forks with
them instead of each paying seconds for them on a user's first dashboard.
"""

import logging

from django.db import connections
from django.dispatch import Signal
from django.template.loader import get_template
from django.urls import get_resolver

logger = logging.getLogger(__name__)

# Sent once every area's code is loaded. A receiver's failure (no database yet, say) costs only
# speed: it is logged and the process starts all the same.
warm_data = Signal()

# The pages people open first; their includes compile with them.
FIRST_PAGES = [
    "sufficiency/overview.html",
    "placements/children.html",
    "placements/market/overview.html",
    "sufficiency/plan/plan.html",
    "reports/dashboard.html",
]


def warm_up() -> list[str]:
    """Import every view (through the URL patterns), compile the first pages' templates and
    work out the figures kept per data version. Returns the templates compiled."""
    get_resolver().url_patterns  # noqa: B018 - loading them imports every area's views
    for name in FIRST_PAGES:
        get_template(name)
    for receiver, result in warm_data.send_robust(sender=None):
        if isinstance(result, Exception):
            logger.warning("Warm-up %s failed: %r", receiver.__qualname__, result)
    # With --preload the workers fork from this process: none may share its database connection.
    connections.close_all()
    return list(FIRST_PAGES)
