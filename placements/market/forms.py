"""Market forms: validation only; GOV.UK markup comes from sufficiency.forms."""

from __future__ import annotations

from datetime import date

from django import forms

from placements.market import ofsted
from placements.market.fostering import FosteringQuarter
from placements.market.models import (
    CATEGORY_CHOICES,
    Contract,
    ContractKind,
    Cost,
    LocalProviderRecord,
    Provider,
    ProviderType,
    Rating,
    Sector,
    Vacancy,
)
from sufficiency.calendar import is_quarter_end, long_date
from sufficiency.councils import LocalAuthority
from sufficiency.forms import GovukFormMixin, date_field

MAX_UPLOAD = 50 * 1024 * 1024


class MarketDateForm(GovukFormMixin, forms.Form):
    date = forms.TypedChoiceField(label="Date", coerce=str)

    def __init__(self, *args, dates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [
            (d.isoformat(), f"{d:%-d %B %Y}" + (" (year end)" if (d.month, d.day) == (3, 31)
                                                else ""))
            for d in dates
        ]  # fmt: skip


WHERE_CHOICES = [
    ("", "Anywhere in England"),
    ("in_area", "In our area"),
    ("local", "In our area or within 20 miles"),
    ("placed", "Where our children are placed"),
]
SORT_CHOICES = [
    ("name", "Name"),
    ("type", "Type"),
    ("places", "Registered places"),
    ("rating", "Rating"),
    ("distance", "Distance from the area's centre"),
]


class ProviderFilterForm(GovukFormMixin, forms.Form):
    q = forms.CharField(label="Name, owner or URN", required=False, max_length=100)
    provider_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *ProviderType.choices]
    )
    sector = forms.ChoiceField(
        label="Sector", required=False, choices=[("", "All sectors"), *Sector.choices]
    )
    rating = forms.ChoiceField(
        label="Rating", required=False, choices=[("", "All ratings"), *Rating.choices]
    )
    where = forms.ChoiceField(label="Where", required=False, choices=WHERE_CHOICES)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["class"] += " govuk-input--width-20"


class UploadForm(GovukFormMixin, forms.Form):
    EXTENSIONS: tuple[str, ...] = (".csv",)
    file = forms.FileField(label="File")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(self.EXTENSIONS):
            names = " or ".join(e.lstrip(".").upper() for e in self.EXTENSIONS)
            raise forms.ValidationError(f"The selected file must be a {names}")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The selected file must be smaller than 50MB")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return upload


class ProviderImportForm(UploadForm):
    EXTENSIONS = (".csv", ".xlsx")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Ofsted social care providers list"
        self.fields["file"].help_text = (
            "The CSV or XLSX file as Ofsted publishes it. Column names may differ between "
            "releases; they are recognised."
        )
        self.fields["file"].error_messages["required"] = "Select the Ofsted providers list"


class CsvImportForm(UploadForm):
    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label
        self.fields["file"].help_text = "A CSV file with the columns of the template"
        self.fields["file"].error_messages["required"] = "Select a CSV file"


class ProviderByUrnMixin:
    """A provider chosen by typing its URN, as on a placement record."""

    fields: dict[str, forms.Field]  # the form's, which this is mixed into

    def _add_urn_field(self) -> None:
        self.fields = {
            "provider_urn": forms.CharField(
                label="Provider URN",
                help_text="The provider's Ofsted unique reference number, for example SC123456",
                max_length=12,
            ),
            **self.fields,
        }
        self.fields["provider_urn"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        if self.instance.pk:  # type: ignore[attr-defined]
            self.initial["provider_urn"] = self.instance.provider.urn  # type: ignore[attr-defined]

    def clean_provider_urn(self) -> Provider:
        urn = ofsted.clean_urn(self.cleaned_data["provider_urn"])  # type: ignore[attr-defined]
        provider = Provider.objects.filter(urn=urn).first()
        if provider is None:
            raise forms.ValidationError(
                "There is no provider with that URN: check it, or import the Ofsted list"
            )
        return provider

    def _save_provider(self) -> None:
        self.instance.provider = self.cleaned_data["provider_urn"]  # type: ignore[attr-defined]


class CouncilModelForm(ProviderByUrnMixin, GovukFormMixin, forms.ModelForm):
    def __init__(self, *args, la, provider: Provider | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.la = la
        self._add_urn_field()
        if provider is not None and not self.instance.pk:
            self.initial["provider_urn"] = provider.urn
        # Re-run the mixin's markup for the URN field added after it.
        for name in ("provider_urn",):
            field = self.fields[name]
            field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def clean(self):
        cleaned = super().clean()
        if "provider_urn" in cleaned:
            self.instance.provider = cleaned["provider_urn"]
        # For the model's own validation only (whose record it is); services.save_record sets
        # the council for the write.
        self.instance.la = self.la
        return cleaned

    def save(self, commit: bool = True):
        self._save_provider()
        return super().save(commit=commit)


class ContractForm(CouncilModelForm):
    start = date_field("Start date")
    end = date_field("End date", required=False, help_text="Leave blank if it has no end date")

    class Meta:
        model = Contract
        fields = ["kind", "framework", "lot", "category", "places", "start", "end",
                  "weekly_price", "notes"]  # fmt: skip
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ContractKind.choices
        self.fields["category"].choices = [("", "Any category"), *CATEGORY_CHOICES]
        self.fields["places"].widget.attrs["class"] += " govuk-input--width-4"
        self.fields["weekly_price"].widget.attrs["class"] += " govuk-input--width-10"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ContractKind.BLOCK and not cleaned.get("places"):
            self.add_error("places", "Enter how many places the block contract buys")
        if cleaned.get("end") and cleaned.get("start") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "End date must be on or after the start date")
        return cleaned


class CostForm(CouncilModelForm):
    start = date_field("From")
    end = date_field("Until", required=False, help_text="Leave blank if it still applies")

    class Meta:
        model = Cost
        fields = ["category", "weekly_cost", "start", "end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekly_cost"].widget.attrs["class"] += " govuk-input--width-10"
        self.fields["weekly_cost"].min_value = 0

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("end") and cleaned.get("start") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "Until must be on or after From")
        if cleaned.get("weekly_cost") is not None and cleaned["weekly_cost"] < 0:
            self.add_error("weekly_cost", "Weekly cost must be £0 or more")
        return cleaned


class VacancyForm(CouncilModelForm):
    date = date_field("Date")

    class Meta:
        model = Vacancy
        fields = ["date", "places_free", "category", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Any category"), *CATEGORY_CHOICES]
        self.fields["places_free"].widget.attrs["class"] += " govuk-input--width-4"


class LocalProviderRecordForm(GovukFormMixin, forms.ModelForm):
    """The council's own record of a provider (never Ofsted's national fields)."""

    class Meta:
        model = LocalProviderRecord
        fields = ["local_name", "area", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


# Fostering supply the council enters by quarter (market.fostering).
COUNTS = [
    "households", "households_target", "approvals", "approvals_target", "deregistrations",
    "vacancies", "enquiries", "enquiries_target", "initial_visits", "applications",
]  # fmt: skip


class FosteringQuarterForm(GovukFormMixin, forms.ModelForm):
    quarter_end = date_field(
        "Quarter ending",
        help_text="The last day of the quarter, for example 30 6 2025",
        error_messages={"required": "Enter the last day of the quarter"},
    )

    class Meta:
        model = FosteringQuarter
        fields = ["quarter_end", *COUNTS, "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, la: LocalAuthority, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.la, self.today = la, today
        for name in COUNTS:
            field = self.fields[name]
            label = str(field.label)
            field.label = label[0].upper() + label[1:]
            field.widget.attrs["class"] += " govuk-input--width-5"
            field.widget.attrs["inputmode"] = "numeric"
            field.error_messages.update(
                invalid=f"{field.label} must be a whole number, like 12",
                min_value=f"{field.label} must be 0 or more",
            )

    def clean_quarter_end(self) -> date:
        value = self.cleaned_data["quarter_end"]
        if not is_quarter_end(value):
            raise forms.ValidationError(
                "The quarter ending must be 31 March, 30 June, 30 September or 31 December"
            )
        if value > self.today:
            raise forms.ValidationError("The quarter ending must be today or in the past")
        taken = FosteringQuarter.objects.filter(la=self.la, quarter_end=value)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                f"Figures for the quarter ending {long_date(value)} are already entered: "
                "change them instead"
            )
        return value
