from django import forms
from django.forms.utils import ErrorDict

from placements.cohort.analysis import AGE_BAND_LABELS, UASC_FILTERS
from placements.cohort.ssda903.limits import ImportLimits, upload_too_large
from sufficiency.calendar import (
    collection_year,
    collection_year_end,
    collection_year_label,
    latest_complete_collection_year,
    long_date,
)
from sufficiency.forms import GovukFormMixin, date_field


class CohortFilterForm(GovukFormMixin, forms.Form):
    """The Children in care page's date and filters, read from the query string."""

    date = forms.TypedChoiceField(label="Date", coerce=str)
    uasc = forms.ChoiceField(label="UASC", choices=list(UASC_FILTERS.items()), required=False)
    age = forms.ChoiceField(
        label="Age",
        choices=[("", "All ages"), *AGE_BAND_LABELS.items()],
        required=False,
    )

    def __init__(self, *args, dates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [
            (
                d.isoformat(),
                f"{d:%-d %B %Y}" + (" (year end)" if (d.month, d.day) == (3, 31) else ""),
            )
            for d in dates
        ]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data and self.required:
            raise forms.ValidationError("Select the return's files")
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class ReturnUploadForm(GovukFormMixin, forms.Form):
    field_order = ["year", "as_at", "files"]

    year = forms.TypedChoiceField(
        label="Collection year",
        help_text="The year the return covers, ending 31 March",
        coerce=int,
    )
    # The metaclass moves declared fields into base_fields, so this never replaces the form's
    # uploaded `files`; the stubs cannot see that.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Return files",
        help_text="The return's CSV files, a zip of them, or the 903 XML. Select several files "
        "at once. Files are recognised by their header row, whatever they are called.",
    )

    as_at = date_field(
        "Data as at",
        required=False,
        help_text="For an in-year extract of a year that has not ended: the date the extract "
        "was taken, for example 30 9 2026. Leave blank for a year-end return.",
        error_messages={"invalid": "The date the data is as at must be a real date"},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        # The latest complete return is the one whose year ended on the last 31 March; the
        # year under way takes in-year extracts (ADR 0021).
        latest = latest_complete_collection_year(today)
        current = collection_year(today)
        self.fields["year"].choices = [
            (current, f"{current - 1} to {current} (in-year extract: give the data's date)"),
            *[(y, f"{y - 1} to {y} (ending 31 March {y})") for y in range(latest, latest - 12, -1)],
        ]

    def clean(self):
        cleaned = super().clean()
        year, as_at = cleaned.get("year"), cleaned.get("as_at")
        if year is None or "as_at" in self.errors:
            return cleaned
        ended = collection_year_end(year) <= self.today
        if as_at is None and not ended:
            self.add_error(
                "as_at",
                f"Enter the date the data is as at: the {collection_year_label(year)} year has "
                "not ended, so this is an in-year extract",
            )
        elif as_at is not None and as_at > self.today:
            self.add_error("as_at", "The date the data is as at must be today or in the past")
        elif as_at is not None and collection_year(as_at) != year:
            self.add_error(
                "as_at",
                f"The date the data is as at must be in the {collection_year_label(year)} year "
                f"(1 April {year - 1} to {long_date(collection_year_end(year))})",
            )
        return cleaned

    def clean_files(self):
        files = self.cleaned_data["files"]
        too_large = upload_too_large(sum(f.size for f in files), ImportLimits.from_settings())
        if too_large:
            raise forms.ValidationError(too_large)
        return files

    @classmethod
    def refused(cls, message: str, *, today) -> "ReturnUploadForm":
        """The form showing why an upload was refused before its body was read."""
        form = cls({}, {}, today=today)
        form.cleaned_data = {}
        form._errors = ErrorDict()  # type: ignore[attr-defined]  # set before validation runs
        form.add_error("files", message)
        return form


class PopulationForm(GovukFormMixin, forms.Form):
    year = forms.IntegerField(
        label="Collection year", min_value=2000, max_value=2100, help_text="For example, 2025"
    )
    children = forms.IntegerField(
        label="Children aged 0 to 17", min_value=1, help_text="The ONS mid-year estimate"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["class"] += " govuk-input--width-4"
        self.fields["children"].widget.attrs["class"] += " govuk-input--width-10"
