from django import forms
from django.forms.utils import ErrorDict

from placements.cohort.analysis import AGE_BAND_LABELS, UASC_FILTERS
from placements.cohort.ssda903.limits import ImportLimits, upload_too_large
from sufficiency.calendar import latest_complete_collection_year
from sufficiency.forms import GovukFormMixin


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

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        # The latest complete return is the one whose year ended on the last 31 March.
        latest = latest_complete_collection_year(today)
        self.fields["year"].choices = [
            (y, f"{y - 1} to {y} (ending 31 March {y})") for y in range(latest, latest - 12, -1)
        ]

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
