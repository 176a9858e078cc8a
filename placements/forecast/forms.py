"""Validation for the forecast's forms; GOV.UK markup comes from GovukFormMixin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.http import QueryDict

from placements.cohort.measures import CATEGORY_LABELS, PLACEMENT_CATEGORIES
from placements.forecast import selectors, stock_flow
from placements.forecast.models import CATEGORY_CHOICES, Adjustment, AdjustmentKind, Scenario
from sufficiency.calendar import financial_year_label
from sufficiency.councils import LocalAuthority
from sufficiency.forms import GovukDateInput, GovukFormMixin, field_of
from sufficiency.plan.models import Action

DATE_WIDGET = GovukDateInput()

PERCENT_RANGE = (Decimal(-100), Decimal(200))
SHARE_RANGE = (Decimal(-100), Decimal(100))


def _long_date(on: date) -> str:
    return f"{on:%-d %B %Y}"


class ForecastForm(GovukFormMixin, forms.Form):
    base_date = forms.ChoiceField(label="Forecast from")
    reference_months = forms.TypedChoiceField(
        label="Learn rates from",
        coerce=int,
        choices=[(m, f"the {m} months before") for m in selectors.REFERENCE_MONTHS],
    )
    months = forms.TypedChoiceField(
        label="Look ahead",
        coerce=int,
        choices=[(m, f"{m // 12} year{'s' if m > 12 else ''}") for m in selectors.HORIZONS],
    )
    compare = forms.MultipleChoiceField(
        label="Compare scenarios", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, dates: list[date], scenarios: list[Scenario], **kwargs):
        super().__init__(*args, **kwargs)
        base_dates = [(d.isoformat(), _long_date(d)) for d in dates]
        field_of(self, "base_date", forms.ChoiceField).choices = base_dates
        field_of(self, "compare", forms.MultipleChoiceField).choices = [
            (str(s.pk), s.name) for s in scenarios
        ]

    @classmethod
    def from_query(
        cls,
        query: QueryDict,
        *,
        dates: list[date],
        scenarios: list[Scenario],
        default: date,
        compared: int,
    ) -> ForecastForm:
        """The form as the page's address gives it: the defaults until it is submitted, and the
        first `compared` scenarios ticked until the person chooses."""
        data: dict[str, object] = {
            "base_date": default.isoformat(),
            "reference_months": str(selectors.DEFAULT_REFERENCE_MONTHS),
            "months": str(selectors.DEFAULT_MONTHS),
            **{k: v for k, v in query.items() if k != "compare"},
        }
        data["compare"] = (
            query.getlist("compare")
            if "base_date" in query
            else [str(s.pk) for s in scenarios[:compared]]
        )
        return cls(data, dates=dates, scenarios=scenarios)

    def options(self) -> selectors.Options:
        return selectors.Options(
            base_date=date.fromisoformat(self.cleaned_data["base_date"]),
            reference_months=self.cleaned_data["reference_months"],
            months=self.cleaned_data["months"],
        )


class ScenarioForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Scenario
        fields = ["name", "description"]
        labels = {"name": "Name", "description": "What the plan will do (optional)"}
        help_texts = {"name": "For example, Edge of care: 10% fewer entries from April 2026"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, la: LocalAuthority, **kwargs):
        super().__init__(*args, **kwargs)
        self.la = la

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the scenario")
        clash = Scenario.objects.filter(la=self.la, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("A scenario with this name already exists: choose another")
        return name


class ScenarioActionsForm(GovukFormMixin, forms.Form):
    actions: forms.ModelMultipleChoiceField[Action] = forms.ModelMultipleChoiceField(
        label="Actions expected to deliver this scenario",
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, la: LocalAuthority, **kwargs):
        super().__init__(*args, **kwargs)

        field_of(self, "actions", forms.ModelMultipleChoiceField).queryset = Action.objects.filter(
            priority__strategy__la=la
        ).select_related("priority")


class AdjustmentForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Adjustment
        fields = ["kind", "start", "category", "to_category", "percent", "number"]
        labels = {
            "kind": "What changes",
            "start": "From",
            "category": "Placement type",
            "to_category": "To placement type",
            "percent": "Change (%)",
            "number": "Extra children moved a year",
        }
        help_texts = {
            "start": "A date inside the forecast",
            "category": "Leave as all types for every placement; for a move, the type moved from",
            "to_category": "Only for moving children from one type of placement to another",
            "percent": (
                "For example -10 for 10% fewer; for the in-house share, percentage points "
                "(10 moves the share of fostering in-house from 60% to 70%)"
            ),
            "number": "Only for moves: children a year on top of today's rate, for example 15",
        }
        widgets = {"kind": forms.RadioSelect, "start": DATE_WIDGET}

    def __init__(self, *args, base_date: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_date = base_date
        self.first_day, self.last_day = selectors.horizon(base_date)
        field_of(self, "kind", forms.ChoiceField).choices = AdjustmentKind.choices
        field_of(self, "category", forms.ChoiceField).choices = [
            ("", "All types"),
            *CATEGORY_CHOICES,
        ]
        to_category = field_of(self, "to_category", forms.ChoiceField)
        to_category.choices = [("", "Not a move"), *CATEGORY_CHOICES]
        self.fields["percent"].required = False
        self.fields["number"].required = False
        self.fields["percent"].widget.attrs["class"] = "govuk-input govuk-input--width-5"
        self.fields["number"].widget.attrs["class"] = "govuk-input govuk-input--width-5"
        self.fields["start"].error_messages["invalid"] = "Enter a real date, like 1 April 2026"
        self.fields["start"].error_messages["required"] = "Enter the date the change starts"
        self.fields["kind"].error_messages["required"] = "Choose what changes"
        self.fields["percent"].error_messages["invalid"] = "Enter the change as a number, like -10"
        self.fields["number"].error_messages["invalid"] = "Enter a number of children, like 15"

    def clean_start(self) -> date:
        start = self.cleaned_data["start"]
        if not self.first_day < start <= self.last_day:
            raise forms.ValidationError(
                f"The date must be inside the forecast: after {_long_date(self.first_day)} "
                f"and no later than {_long_date(self.last_day)}"
            )
        return start

    def clean_number(self) -> Decimal:
        number = self.cleaned_data.get("number")
        if number is None:
            return Decimal(0)
        if number < 0:
            raise forms.ValidationError(
                "Enter 0 or more extra children a year: a rate cannot be negative"
            )
        return number

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        percent = data.get("percent")
        if percent is None and "percent" not in self.errors:
            percent = Decimal(0)
            data["percent"] = percent
        if kind == stock_flow.INHOUSE_SHARE:
            low, high = SHARE_RANGE
            data["category"], data["to_category"], data["number"] = "", "", Decimal(0)
            if percent is not None and not low <= percent <= high:
                self.add_error(
                    "percent", "Enter a change in the in-house share between -100 and 100 points"
                )
            elif percent == 0:
                self.add_error("percent", "Enter the change in the in-house share, like 10")
        elif kind in (stock_flow.ENTRIES, stock_flow.EXITS):
            data["to_category"], data["number"] = "", Decimal(0)
            low, high = PERCENT_RANGE
            if percent is not None and not low <= percent <= high:
                self.add_error(
                    "percent",
                    "Enter a percentage between -100 and 200: a rate cannot go below zero",
                )
            elif percent == 0:
                self.add_error("percent", "Enter the change as a percentage, like -10")
        elif kind == stock_flow.TRANSITION:
            low, high = PERCENT_RANGE
            if not data.get("category"):
                self.add_error("category", "Choose the placement type children move from")
            if not data.get("to_category"):
                self.add_error("to_category", "Choose the placement type children move to")
            elif data.get("category") == data.get("to_category"):
                self.add_error("to_category", "Choose a different placement type to move to")
            if percent is not None and not low <= percent <= high:
                self.add_error(
                    "percent",
                    "Enter a percentage between -100 and 200: a rate cannot go below zero",
                )
            elif percent == 0 and not data.get("number") and "number" not in self.errors:
                self.add_error(
                    "number", "Enter extra children moved a year, or a change to today's rate"
                )
        return data


def _money_field(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-10", "step": "1"}),
        error_messages={
            "min_value": "Enter a cost of £0 or more",
            "invalid": "Enter a cost in pounds, like 950",
            "max_digits": "Enter a cost of less than £10,000,000",
            "max_decimal_places": "Enter pounds and pence only",
        },
    )


class CostsForm(GovukFormMixin, forms.Form):
    """Weekly cost per placement type; a blank field uses the default shown beside it."""

    inflation_percent = forms.DecimalField(
        label="Annual inflation (%)",
        help_text="Costs rise by this each year after the base date; between -10 and 25",
        min_value=-10,
        max_value=25,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(
            attrs={"class": "govuk-input govuk-input--width-4", "step": "0.1"}
        ),
        error_messages={
            "required": "Enter the annual inflation, like 3",
            "invalid": "Enter the annual inflation as a number, like 3",
            "min_value": "Enter an annual inflation between -10 and 25",
            "max_value": "Enter an annual inflation between -10 and 25",
        },
    )

    def __init__(self, *args, defaults: dict[str, float], **kwargs):
        super().__init__(*args, **kwargs)
        for category in PLACEMENT_CATEGORIES:
            self.fields[f"cost_{category}"] = _money_field(
                f"{CATEGORY_LABELS[category]} (£ a week)",
                f"Default £{defaults.get(category, 0):,.0f}",
            )
        # The mixin styled the fields present when it ran; style the ones added since.
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def weekly(self) -> dict[str, Decimal | None]:
        return {c: self.cleaned_data.get(f"cost_{c}") for c in PLACEMENT_CATEGORIES}


class BudgetForm(GovukFormMixin, forms.Form):
    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"budget_{year}"] = forms.DecimalField(
                label=f"Placements budget {financial_year_label(year)} (£)",
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                widget=forms.NumberInput(
                    attrs={"class": "govuk-input govuk-input--width-10", "step": "1000"}
                ),
                error_messages={
                    "min_value": "Enter a budget of £0 or more",
                    "invalid": "Enter a budget in pounds, like 25000000",
                },
            )

    def amounts(self) -> dict[int, Decimal | None]:
        return {y: self.cleaned_data.get(f"budget_{y}") for y in self.years}
