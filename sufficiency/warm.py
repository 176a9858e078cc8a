"""Warming a web process before it takes its first request (called by wsgi.py).

The first request a new gunicorn worker serves would otherwise pay for importing every area
(pandas, plotly, the selectors and presenters behind each page) and compiling the page
templates: over a second of CPU (ADR 0017). Doing that work when the process starts, before it
listens (or once in gunicorn's master with --preload, before it forks), moves the cost off the
user's first page. The councils' data is warmed by the apps that own it (an app config's
`warm_up`): placements reads the stored cohorts of the councils imported last, a third of a
second each at national scale, and works out their market and forecast at the latest quarter
end (seconds of rolling backtests), which the first page would otherwise pay. With --preload
every worker forks with them.
"""

import logging

from django.apps import apps
from django.db import connections
from django.template.loader import get_template
from django.urls import get_resolver

log = logging.getLogger(__name__)

# The pages people open first; their includes compile with them.
FIRST_PAGES = [
    "sufficiency/overview.html",
    "placements/children.html",
    "placements/market/overview.html",
    "sufficiency/plan/plan.html",
    "reports/dashboard.html",
]


def warm_up() -> list[str]:
    """Import every view (through the URL patterns), build the table every link is reversed
    from, compile the first pages' templates and run each app's own `warm_up` (its data; an
    app config may define one, so this core module imports no area). Returns the templates
    compiled."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - loading them imports every area's views
    resolver.reverse_dict  # noqa: B018 - built on the first reverse(): every page's navigation
    for name in FIRST_PAGES:
        get_template(name)
    for config in apps.get_app_configs():
        warm = getattr(config, "warm_up", None)
        if warm is None:
            continue
        try:
            warm()
        except Exception:
            # Warming only saves time: whatever stops it (a database not migrated yet on a
            # first deploy, a council's data its page would also fail on) is logged, the
            # process starts and the first page does the work, or shows the error, instead.
            log.exception("Could not warm up %s", config.label)
    # With --preload the workers fork from this process: none may share its database connection.
    connections.close_all()
    return list(FIRST_PAGES)
