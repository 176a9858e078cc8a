"""The region's pages: thin views over reports.regions (selectors -> presenters -> render).
Access is declared once per view with `region_view`; a member's own pages stay behind
`council_view`, which a regional role never opens."""

from collections.abc import Callable
from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from reports.regions import presenters, rendering, selectors
from sufficiency import exports
from sufficiency.audit import services as audit
from sufficiency.calendar import quarter_label
from sufficiency.regions.access import RegionRequest, region_view
from sufficiency.roles import RegionalPermission, can_in_region


def _region_at(request: RegionRequest) -> tuple[selectors.RegionAt | None, list[date]]:
    members = selectors.sharing_members(request.region)
    dates = selectors.dates(members)
    if not dates:
        return None, []
    asked = request.GET.get("date", "")
    on = next((d for d in dates if d.isoformat() == asked), dates[0])
    return selectors.region_at(region=request.region, on=on, members=members), dates


TITLES = {
    "overview": "Members side by side",
    "placements": "Placements across borders",
    "market": "Shared market",
}


def _context(request: RegionRequest, page: str, at, dates) -> dict:
    return {
        "region": request.region,
        "page": page,
        "page_title": TITLES[page],
        "at": at,
        "dates": dates,
        "not_sharing": selectors.not_sharing(request.region),
        "can_export": can_in_region(request.regional_role, RegionalPermission.EXPORT_REGION),
        "can_report": can_in_region(request.regional_role, RegionalPermission.REPORT_REGION),
    }


def _region_page(
    request: RegionRequest, page: str, figures: Callable[[selectors.RegionAt], dict]
) -> HttpResponse:
    """A region page: the date asked for, the shared frame, and the page's own figures on it."""
    at, dates = _region_at(request)
    context = _context(request, page, at, dates)
    if at is not None:
        context.update(figures(at))
    return render(request, f"regions/{page}.html", context)


@region_view(RegionalPermission.VIEW_REGION)
def region_overview(request: RegionRequest) -> HttpResponse:
    return _region_page(request, "overview", lambda at: {
        "tables": presenters.overview_tables(at),
        "forecast": presenters.forecast_series(at),
    })  # fmt: skip


@region_view(RegionalPermission.VIEW_REGION)
def region_placements(request: RegionRequest) -> HttpResponse:
    return _region_page(request, "placements",
                        lambda at: {"tables": presenters.placement_tables(at)})  # fmt: skip


@region_view(RegionalPermission.VIEW_REGION)
def region_market(request: RegionRequest) -> HttpResponse:
    return _region_page(request, "market", lambda at: {
        "tables": presenters.market_tables(at, selectors.region_market(at))})  # fmt: skip


@region_view(RegionalPermission.EXPORT_REGION)
def region_table(request: RegionRequest, table_id: str, fmt: str) -> HttpResponse:
    """A table of the region's pages as CSV or XLSX, small numbers hidden as on the page."""
    at, _ = _region_at(request)
    if at is None or fmt not in ("csv", "xlsx"):
        raise Http404("No such table")
    found = {**presenters.overview_tables(at), **presenters.placement_tables(at)}
    if table_id not in found:
        found = presenters.market_tables(at, selectors.region_market(at))
    table = found.get(table_id)
    if table is None:
        raise Http404("No such table")
    name = f"{request.region.code}-{table_id}-{at.on.isoformat()}"
    audit.record("export", f"Exported {name}.{fmt} (regional)", request=request)
    if fmt == "csv":
        return exports.csv_response(f"{name}.csv", table.headings, table.rows)
    return exports.xlsx_response(
        f"{name}.xlsx", [exports.Sheet(table_id[:31], table.headings, table.rows)]
    )


@region_view(RegionalPermission.REPORT_REGION)
def region_report(request: RegionRequest, fmt: str = "html") -> HttpResponse:
    """The quarterly regional board report, as a page to print or as PDF."""
    at, _ = _region_at(request)
    if at is None:
        raise Http404("Nothing shared with the region yet")
    context = rendering.report_context(
        request.region, at, selectors.region_market(at), not_sharing=selectors.not_sharing(
            request.region), made=timezone.localtime(),
    )  # fmt: skip
    name = f"{request.region.code}-regional-{at.on.isoformat()}"
    if fmt == "pdf":
        pdf, _ = rendering.pdf(context)
        audit.record("export", f"Exported {name}.pdf (PDF)", request=request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    context["subtitle"] = quarter_label(at.on)
    return HttpResponse(rendering.web_html(context))
