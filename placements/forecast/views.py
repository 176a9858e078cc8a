from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from placements.cohort.measures import CATEGORY_LABELS
from placements.forecast import accuracy, charts, presenters, selectors, services, stock_flow
from placements.forecast.forms import (
    AdjustmentForm,
    BudgetForm,
    CostsForm,
    ForecastForm,
    ScenarioActionsForm,
    ScenarioForm,
)
from placements.forecast.models import Adjustment, Scenario
from sufficiency import formatting
from sufficiency.access import CouncilRequest, council_view
from sufficiency.calendar import financial_year
from sufficiency.councils import LocalAuthority
from sufficiency.htmx import render_page
from sufficiency.roles import Permission, can

MAX_COMPARED = 4


def _costs(forecast: selectors.Forecast, unit_costs: selectors.UnitCosts):
    return [
        (
            p.name,
            stock_flow.annual_costs(
                p, unit_costs.weekly, inflation_percent=unit_costs.inflation_percent
            ),
        )
        for p in forecast.projections
    ]


@council_view(Permission.VIEW)
def forecast(request: CouncilRequest) -> HttpResponse:
    data = selectors.cohort(la=request.la)
    scenarios = list(selectors.scenarios(la=request.la))
    if data is None:
        return render(request, "forecast/empty.html", {"scenarios": scenarios})
    dates = selectors.base_dates(data)
    default = selectors.default_base_date(data)
    if default not in dates:
        default = dates[0]
    form = ForecastForm.from_query(
        request.GET, dates=dates, scenarios=scenarios, default=default, compared=MAX_COMPARED
    )
    if form.is_valid():
        options = form.options()
        wanted = set(form.cleaned_data["compare"])
    else:
        options = selectors.Options(base_date=default)
        wanted = set()
    chosen = [s for s in scenarios if str(s.pk) in wanted][:MAX_COMPARED]
    result = selectors.forecast(data=data, options=options, chosen=chosen)
    unit_costs = selectors.unit_costs(la=request.la)
    context = {
        "form": form,
        "result": result,
        "options": options,
        "scenarios": scenarios,
        "can_edit": can(request.role, Permission.EDIT_PLAN),
        "definitions": presenters.DEFINITIONS,
        **_forecast_context(result, unit_costs, selectors.budgets(la=request.la)),
        **_accuracy_context(request, result, data),
    }
    return render_page(request, "forecast/forecast.html", context, fragment="forecast")


def _forecast_context(
    result: selectors.Forecast, unit_costs: selectors.UnitCosts, budgets: dict
) -> dict:
    """The forecast's charts and tables: children, types, scenarios, backtest and costs."""
    costs = _costs(result, unit_costs)
    cost_headings, cost_rows = presenters.cost_rows(costs, budgets)
    baseline = result.baseline
    points = presenters.yearly_points(baseline)
    return {
        "total_chart": charts.projection_chart(result.history, baseline),
        "category_chart": charts.category_chart(result.history, baseline),
        "scenario_chart": (charts.scenario_chart(result.projections) if result.scenarios else None),
        "backtest_chart": charts.backtest_chart(result.backtest) if result.backtest else None,
        "cost_chart": charts.cost_chart(costs, {y: float(a) for y, a in budgets.items()}),
        "cost_headings": cost_headings,
        "cost_rows": cost_rows,
        "unit_costs": unit_costs,
        "rate_headings": presenters.RATE_HEADINGS,
        "rate_rows": presenters.rate_rows(result.counts),
        "now": formatting.count(baseline.stock0.sum()),
        "headline": [
            {
                "date": baseline.dates[k],
                "mean": formatting.count(baseline.total[k]),
                "lower": formatting.count(baseline.lower[k]),
                "upper": formatting.count(baseline.upper[k]),
            }
            for k in points
        ],
        "backtest": result.backtest,
        "backtest_mape": formatting.percent(result.backtest.mape) if result.backtest else "",
        "backtest_final": (
            f"{result.backtest.final_error_percent:+.1f}%"
            if result.backtest and result.backtest.final_error_percent is not None
            else "–"
        ),
        "backtest_coverage": (
            formatting.percent(result.backtest.coverage, 0) if result.backtest else ""
        ),
    }


def _accuracy_context(request: CouncilRequest, result: selectors.Forecast, data) -> dict:
    """The rolling backtest, the horizon it supports, and the plan's targets and scenarios
    against the forecast."""
    rolling = result.rolling
    options = result.options
    checked = rolling if rolling and any(rolling.compared(h) for h in rolling.horizons) else None
    year_ahead = checked is not None and checked.compared(accuracy.YEAR_AHEAD)
    return {
        "rolling": checked,
        "rolling_needs": accuracy.what_checks_need(
            options.reference_months, data.first_day, data.last_day
        ),
        "accuracy_tables": accuracy.horizon_tables(checked) if checked else [],
        "accuracy_chart": charts.accuracy_chart(checked) if checked and year_ahead else None,
        "band_coverage": formatting.percent(checked.band_coverage(), 0) if checked else None,
        "horizon_note": accuracy.horizon_note(rolling, options.months, options.base_date),
        "target_rows": accuracy.target_rows(
            selectors.target_checks(la=request.la, projections=result.projections)
        ),
        "end_point_rows": accuracy.end_point_rows(result.projections) if result.scenarios else [],
    }


@council_view(Permission.VIEW, post=Permission.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def scenarios(request: CouncilRequest) -> HttpResponse:
    can_edit = can(request.role, Permission.EDIT_PLAN)
    form = ScenarioForm(request.POST or None, la=request.la)
    if request.method == "POST" and form.is_valid():
        scenario = services.create_scenario(
            la=request.la,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            user=request.user,
        )
        messages.success(request, f"Scenario ‘{scenario.name}’ created: now add its changes.")
        return redirect("forecast:scenario", la_code=request.la.code, pk=scenario.pk)
    return render(
        request,
        "forecast/scenarios.html",
        {
            "form": form,
            "can_edit": can_edit,
            "scenarios": [
                (s, [presenters.describe(a) for a in s.adjustments.all()])
                for s in selectors.scenarios(la=request.la)
            ],
        },
    )


def _scenario_context(request: CouncilRequest, scenario: Scenario, form: AdjustmentForm) -> dict:
    data = selectors.cohort(la=request.la)
    comparison = None
    if data is not None:
        options = selectors.Options(base_date=selectors.default_base_date(data))
        result = selectors.forecast(data=data, options=options, chosen=[scenario], backtest=False)
        unit_costs = selectors.unit_costs(la=request.la)
        budgets = selectors.budgets(la=request.la)
        costs = _costs(result, unit_costs)
        cost_headings, cost_rows = presenters.cost_rows(costs, budgets)
        comparison = {
            "chart": charts.scenario_chart(result.projections, id="scenario-comparison"),
            "categories": _category_difference(result),
            "cost_headings": cost_headings,
            "cost_rows": cost_rows,
            "base_date": options.base_date,
            "end": result.baseline.dates[-1],
        }
    first_day, last_day = selectors.horizon(form.base_date)
    return {
        "scenario": scenario,
        "form": form,
        "adjustments": [(a, presenters.describe(a)) for a in scenario.adjustments.all()],
        "can_edit": can(request.role, Permission.EDIT_PLAN),
        "comparison": comparison,
        "horizon": (first_day, last_day),
        "actions": list(scenario.actions.select_related("priority").all()),
    }


def _category_difference(result: selectors.Forecast) -> list[list[str]]:
    baseline, scenario = result.baseline, result.scenarios[0]
    end = len(baseline.dates) - 1
    rows = []
    for i, category in enumerate(stock_flow.CATEGORIES):
        a, b = baseline.by_category[end, i], scenario.by_category[end, i]
        if max(a, b) < 0.5:
            continue
        rows.append(
            [
                CATEGORY_LABELS[category],
                formatting.count(a),
                formatting.count(b),
                formatting.signed(b - a),
            ]  # fmt: skip
        )
    a, b = baseline.total[end], scenario.total[end]
    rows.append(["Total", formatting.count(a), formatting.count(b), formatting.signed(b - a)])
    return rows


@council_view(Permission.VIEW, post=Permission.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def scenario(request: CouncilRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(Scenario, pk=pk, la=request.la)
    base_date = selectors.planning_base_date(la=request.la)
    form = AdjustmentForm(request.POST or None, base_date=base_date)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in AdjustmentForm.Meta.fields}
        services.add_adjustment(scenario=scenario, **fields)
        if not request.htmx:
            messages.success(request, "Change added to the scenario.")
            return redirect("forecast:scenario", la_code=request.la.code, pk=scenario.pk)
        form = AdjustmentForm(base_date=base_date)
    context = _scenario_context(request, scenario, form)
    return render_page(request, "forecast/scenario.html", context, fragment="editor")


@council_view(Permission.EDIT_PLAN)
@require_POST
def adjustment_delete(request: CouncilRequest, pk: int) -> HttpResponse:
    adjustment = get_object_or_404(
        Adjustment.objects.select_related("scenario"), pk=pk, scenario__la=request.la
    )
    scenario = adjustment.scenario
    services.delete_adjustment(adjustment=adjustment)
    if request.htmx:
        form = AdjustmentForm(base_date=selectors.planning_base_date(la=request.la))
        return render(
            request, "forecast/scenario.html#editor", _scenario_context(request, scenario, form)
        )
    messages.success(request, "Change removed from the scenario.")
    return redirect("forecast:scenario", la_code=request.la.code, pk=scenario.pk)


@council_view(Permission.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def scenario_edit(request: CouncilRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(Scenario, pk=pk, la=request.la)
    form = ScenarioForm(request.POST or None, instance=scenario, la=request.la)
    actions_form = ScenarioActionsForm(
        request.POST or None,
        la=request.la,
        initial={"actions": list(scenario.actions.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid() and actions_form.is_valid():
        services.update_scenario(
            scenario=scenario,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            actions=actions_form.cleaned_data["actions"],
        )
        messages.success(request, "Scenario saved.")
        return redirect("forecast:scenario", la_code=request.la.code, pk=scenario.pk)
    return render(
        request,
        "forecast/scenario_edit.html",
        {"scenario": scenario, "form": form, "actions_form": actions_form},
    )


@council_view(Permission.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def scenario_delete(request: CouncilRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(Scenario, pk=pk, la=request.la)
    if request.method == "POST":
        name = scenario.name
        services.delete_scenario(scenario=scenario)
        messages.success(request, f"Scenario ‘{name}’ deleted.")
        return redirect("forecast:scenarios", la_code=request.la.code)
    return render(request, "forecast/scenario_delete.html", {"scenario": scenario})


def _budget_years(base_date: date) -> list[int]:
    first = financial_year(base_date + timedelta(days=1))
    return list(range(first, first + 5))


@council_view(Permission.VIEW, post=Permission.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def costs(request: CouncilRequest) -> HttpResponse:
    unit_costs = selectors.unit_costs(la=request.la)
    budgets = selectors.budgets(la=request.la)
    costs_form, budget_form = _cost_forms(request, unit_costs, budgets)
    if request.method == "POST":
        if "save_costs" in request.POST and costs_form.is_valid():
            services.save_costs(
                la=request.la,
                weekly=costs_form.weekly(),
                inflation_percent=costs_form.cleaned_data["inflation_percent"],
            )
            messages.success(request, "Unit costs saved.")
            return redirect("forecast:costs", la_code=request.la.code)
        if "save_budgets" in request.POST and budget_form.is_valid():
            services.save_budgets(la=request.la, amounts=budget_form.amounts())
            messages.success(request, "Budgets saved.")
            return redirect("forecast:costs", la_code=request.la.code)
    context = {
        "form": costs_form if costs_form.errors else budget_form,  # the title shows its errors
        "costs_form": costs_form,
        "budget_form": budget_form,
        "can_edit": can(request.role, Permission.EDIT_PLAN),
        "unit_costs": unit_costs,
        "unit_rows": [
            (CATEGORY_LABELS[c], formatting.money(unit_costs.weekly[c]), unit_costs.notes[c])
            for c in stock_flow.CATEGORIES
        ],
        "projection": _projected_spend(request.la, unit_costs, budgets),
        "definitions": presenters.DEFINITIONS,
    }
    return render(request, "forecast/costs.html", context)


def _cost_forms(
    request: CouncilRequest, unit_costs: selectors.UnitCosts, budgets: dict
) -> tuple[CostsForm, BudgetForm]:
    """The unit costs and budgets forms, bound to what was posted to each (one at a time)."""
    national, _ = selectors.national_unit_costs()
    market = selectors.market_unit_costs(la=request.la)
    defaults = {c: market.get(c, national.get(c, 0.0)) for c in stock_flow.CATEGORIES}
    own = {u.category: u.weekly_cost for u in request.la.unit_costs.all()}
    years = _budget_years(selectors.planning_base_date(la=request.la))
    initial_costs: dict[str, Decimal | float] = {f"cost_{c}": v for c, v in own.items()}
    initial_costs["inflation_percent"] = unit_costs.inflation_percent
    posted = request.POST if request.method == "POST" else None
    costs_form = CostsForm(
        posted if posted and "save_costs" in posted else None,
        defaults=defaults,
        initial=initial_costs,
    )
    budget_form = BudgetForm(
        posted if posted and "save_budgets" in posted else None,
        years=years,
        initial={f"budget_{y}": int(budgets[y]) for y in years if y in budgets},
    )
    return costs_form, budget_form


def _projected_spend(
    la: LocalAuthority, unit_costs: selectors.UnitCosts, budgets: dict
) -> dict | None:
    """Spend by financial year for the baseline and the first scenarios, against budgets."""
    data = selectors.cohort(la=la)
    if data is None:
        return None
    options = selectors.Options(base_date=selectors.default_base_date(data))
    chosen = list(selectors.scenarios(la=la)[:MAX_COMPARED])
    result = selectors.forecast(data=data, options=options, chosen=chosen, backtest=False)
    cost_frames = _costs(result, unit_costs)
    headings, rows = presenters.cost_rows(cost_frames, budgets)
    return {
        "chart": charts.cost_chart(cost_frames, {y: float(a) for y, a in budgets.items()}),
        "headings": headings,
        "rows": rows,
        "base_date": options.base_date,
    }
