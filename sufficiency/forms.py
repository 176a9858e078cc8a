"""GOV.UK Design System markup for Django forms.

Forms inherit GovukFormMixin: it gives each widget its GOV.UK class and ties hints and errors to
the input with aria-describedby; the renderer draws each field with templates/govuk/forms/.
"""

from typing import TYPE_CHECKING

from django import forms
from django.forms.renderers import TemplatesSetting

from sufficiency.councils import LocalAuthority


class GovukDateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year in three boxes under one legend, the one way
    dates are entered in the service (GOV.UK advises against browsers' date pickers). It posts
    `<name>_day`, `<name>_month` and `<name>_year`; a single `<name>` (an ISO date, or dd/mm/yyyy)
    is accepted too, as programs and older pages send it. The date field parses what it gives."""

    template_name = "govuk/forms/date_input.html"
    PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        parts = {name: forms.TextInput(attrs={"inputmode": "numeric"}) for name, _, _ in self.PARTS}
        super().__init__(parts, attrs)

    def decompress(self, value) -> list:
        if value is None or value == "":
            return [None, None, None]
        if hasattr(value, "year"):
            return [value.day, value.month, value.year]
        year, _, rest = str(value).partition("-")
        month, _, day = rest.partition("-")
        return [day or None, month or None, year or None]

    def value_from_datadict(self, data, files, name):
        if name in data:
            return data.get(name)
        day, month, year = (data.get(f"{name}_{part}", "").strip() for part, _, _ in self.PARTS)
        if not (day or month or year):
            return None
        # A partial or impossible date stays as typed, so the field reports it and the page
        # shows back what was entered.
        return f"{year}-{month}-{day}"

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and all(f"{name}_{part}" not in data for part, _, _ in self.PARTS)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else ""  # the error summary links to the first box

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        error = "govuk-input--error" in widget["attrs"].get("class", "")
        for subwidget, (part, label, width) in zip(widget["subwidgets"], self.PARTS, strict=True):
            sub = subwidget["attrs"]
            if widget["attrs"].get("id"):
                sub["id"] = f"{widget['attrs']['id']}_{part}"
            sub.pop("aria-describedby", None)  # the fieldset carries the hint and error
            sub["class"] = f"govuk-input govuk-date-input__input govuk-input--width-{width}" + (
                " govuk-input--error" if error else ""
            )
            subwidget["label"] = label
        return context


# What the date input assembles (year-month-day), and what a program or a pasted value may send.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]


def date_field(
    label: str, *, required: bool = True, help_text: str = "", error_messages: dict | None = None
) -> forms.DateField:
    """A date entered with GOV.UK's date input, with GOV.UK's error messages (a form may word
    its own, as "Enter the last day of the quarter")."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text or "For example, 27 3 2025",
        widget=GovukDateInput(),
        input_formats=DATE_FORMATS,
        error_messages={
            "required": f"Enter {label[0].lower() + label[1:]}",
            "invalid": f"{label} must be a real date",
            **(error_messages or {}),
        },
    )


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-select": "govuk-select--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


# The mixin's methods use the form's own (fields, errors, auto_id); for mypy it is a form.
if TYPE_CHECKING:
    _Form = forms.BaseForm
else:
    _Form = object


class GovukFormMixin(_Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next(
                (c for w, c in WIDGET_CLASSES.items() if isinstance(widget, w)), "govuk-input"
            )
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self._field_id(name)}-hint"

    def _field_id(self, name: str) -> str:
        # The id BoundField.auto_id gives, worked out without creating (and caching) the bound
        # field, so a form may still change a field's label after this __init__.
        auto_id = self.auto_id
        html_name = self.add_prefix(name)
        if auto_id and "%s" in str(auto_id):
            return str(auto_id) % html_name
        return html_name if auto_id else ""

    def full_clean(self) -> None:
        # Errors exist only after validation, so their classes and aria links are added here.
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            classes = widget.attrs.get("class", "").split()
            extra = [ERROR_CLASSES[c] for c in classes if c in ERROR_CLASSES]
            widget.attrs["class"] = " ".join(classes + extra)
            error_id = f"{self._field_id(name)}-error"
            described = widget.attrs.get("aria-describedby", "")
            widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


class CouncilSwitchForm(GovukFormMixin, forms.Form):
    la = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(), to_field_name="code", label="Council"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "la", forms.ModelChoiceField).queryset = user.councils()


def field_of[F: forms.Field](form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """A form's field as the kind it is, to set what only that kind has (choices, queryset).
    A model form makes its fields from the model, so their kind is known only at run time."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field
