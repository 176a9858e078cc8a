"""Validation for the plan's forms; GOV.UK markup comes from GovukFormMixin."""

import datetime

from django import forms

from sufficiency import richtext
from sufficiency.councils import LocalAuthority, User
from sufficiency.forms import GovukDateInput, GovukFormMixin, field_of
from sufficiency.plan import linked, selectors
from sufficiency.plan.models import (
    Action,
    ActionStatus,
    Measure,
    MeasureValue,
    Priority,
    Strategy,
)

DATE_WIDGET = GovukDateInput()


class PlanFilterForm(GovukFormMixin, forms.Form):
    priority = forms.TypedChoiceField(
        label="Priority", required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All statuses"), *ActionStatus.choices]
    )
    owner = forms.ChoiceField(label="Owner", required=False)
    overdue = forms.BooleanField(label="Overdue", required=False)
    due_this_quarter = forms.BooleanField(label="Due this quarter", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=list(selectors.SORTS.items()))

    def __init__(self, *args, priorities, owners, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "priority", forms.ChoiceField).choices = [("", "All priorities")] + [
            (p.pk, f"{p.number}. {p.title}") for p in priorities
        ]
        field_of(self, "owner", forms.ChoiceField).choices = [("", "All owners")] + [
            (o, o) for o in owners
        ]

    def filters(self) -> selectors.PlanFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.PlanFilters(
            priority=data.get("priority"),
            statuses=[data["status"]] if data.get("status") else [],
            owner=data.get("owner") or "",
            overdue=bool(data.get("overdue")),
            due_this_quarter=bool(data.get("due_this_quarter")),
            sort=data.get("sort") or "priority",
        )


class VersionedForm(GovukFormMixin, forms.ModelForm):
    """Carries the version the person started from, for the conditional save."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self._meta.fields or ()
            if name in self.cleaned_data
        }


ACTION_FIELDS = [
    "priority",
    "title",
    "description",
    "owner",
    "lead",
    "due",
    "status",
    "progress_notes",
]
INLINE_FIELDS = ["status", "owner", "lead", "due"]


def edit_fields(query) -> tuple[list[str], bool]:
    """The action's fields a request asks to edit (?field=, repeated; unknown names ignored,
    status when none is left), and whether it is one field edited in place in its row."""
    fields = [f for f in query.getlist("field") if f in ACTION_FIELDS] or INLINE_FIELDS[:1]
    return fields, len(fields) == 1 and fields[0] in INLINE_FIELDS


class LeadField(forms.ModelChoiceField):
    """A council member, shown by name."""

    def label_from_instance(self, obj: User) -> str:
        return selectors.display_name(obj)


class ActionForm(VersionedForm):
    class Meta:
        model = Action
        fields = ACTION_FIELDS
        widgets = {
            "due": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "progress_notes": forms.Textarea(attrs={"rows": 4}),
            "status": forms.Select,
        }
        field_classes = {"lead": LeadField}
        help_texts = {"due": "For example, 31/03/2026", "owner": "The team that delivers it"}

    def __init__(self, *args, la: LocalAuthority, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        if "lead" in self.fields:
            lead = field_of(self, "lead", LeadField)
            lead.queryset = selectors.council_members(la)
            lead.empty_label = "No lead"
        if "priority" in self.fields:
            priority = field_of(self, "priority", forms.ModelChoiceField)
            priority.queryset = strategy.priorities.all()
            priority.empty_label = None


def action_form_class(fields: list[str]) -> type[ActionForm]:
    """An ActionForm with just the named fields, for editing one field in place."""
    # modelform_factory makes a subclass of `form`; its stub returns only the base ModelForm.
    return forms.modelform_factory(Action, form=ActionForm, fields=fields)  # type: ignore[return-value]


class NewActionForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["priority", "title", "description", "owner", "lead", "due", "status"]
        widgets = {"due": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"lead": LeadField}

    def __init__(self, *args, la: LocalAuthority, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        lead = field_of(self, "lead", LeadField)
        lead.queryset = selectors.council_members(la)
        lead.empty_label = "No lead"
        priority = field_of(self, "priority", forms.ModelChoiceField)
        priority.queryset = strategy.priorities.all()
        priority.empty_label = None


class UpdateForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Update", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    status = forms.ChoiceField(label="Status now", choices=ActionStatus.choices)
    date = forms.DateField(label="Date of the update", widget=DATE_WIDGET)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, action: Action, today: datetime.date, **kwargs):
        kwargs.setdefault(
            "initial", {"status": action.status, "date": today, "version": action.version}
        )
        super().__init__(*args, **kwargs)


class RichTextMixin:
    rich_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.rich_fields:
            text = cleaned.get(name) or ""
            errors = richtext.placeholder_links(text)
            for message in errors:
                self.add_error(name, message)
            if not errors and richtext.looks_like_html(text):
                cleaned[name] = richtext.sanitise(text)
        return cleaned


RICH_HINT = (
    "Leave a blank line between paragraphs. Start lines with - for a bulleted list or 1. for a "
    "numbered list. Write a link as [text](https://address)."
)


class StrategyForm(RichTextMixin, VersionedForm):
    rich_fields = ("vision", "context", "governance", "childrens_voice")

    class Meta:
        model = Strategy
        fields = [
            "title",
            "period",
            "status",
            "approved_on",
            "vision",
            "context",
            "governance",
            "childrens_voice",
        ]
        widgets = {
            "approved_on": DATE_WIDGET,
            "status": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 6})
                for name in ("vision", "context", "governance", "childrens_voice")
            },
        }
        help_texts = {
            name: RICH_HINT for name in ("vision", "context", "governance", "childrens_voice")
        }
        labels = {"approved_on": "Approval date"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].widget.attrs["class"] += " govuk-input--width-10"
        if not self.instance.pk:
            self.fields["version"].required = False
            self.initial["version"] = 1

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == "approved" and not cleaned.get("approved_on"):
            self.add_error("approved_on", "Enter the date the strategy was approved")
        return cleaned


class PriorityForm(RichTextMixin, VersionedForm):
    rich_fields = ("description",)

    class Meta:
        model = Priority
        fields = ["title", "description", "i_statements"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "i_statements": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["version"].required = False
            self.initial["version"] = 1


class MeasureForm(VersionedForm):
    key = forms.ChoiceField(
        label="Measure from the data",
        choices=linked.LINKED_CHOICES,
        required=False,
        help_text="Choose one to take its values from the loaded data, or enter values by hand",
    )

    class Meta:
        model = Measure
        fields = [
            "name",
            "priority",
            "key",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "tolerance",
        ]
        widgets = {
            "baseline_date": DATE_WIDGET,
            "target_date": DATE_WIDGET,
            "direction": forms.RadioSelect,
        }

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        priority = field_of(self, "priority", forms.ModelChoiceField)
        priority.queryset = strategy.priorities.all()
        priority.empty_label = "The strategy as a whole"
        for name in ("baseline_value", "target_value", "tolerance"):
            self.fields[name].widget.attrs["class"] += " govuk-input--width-5"
        if not self.instance.pk:
            self.fields["version"].required = False
            self.initial["version"] = 1

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("baseline_date"), cleaned.get("target_date")
        if start and end and end <= start:
            self.add_error("target_date", "The target date must be after the baseline date")
        if (cleaned.get("tolerance") or 0) < 0:
            self.add_error("tolerance", "The tolerance cannot be negative")
        key = cleaned.get("key")
        if key:
            cleaned["unit"] = linked.LINKED_MEASURES[key].unit
        return cleaned


class MeasureValueForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = MeasureValue
        fields = ["date", "value", "note"]
        widgets = {"date": DATE_WIDGET}


class ImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload the plan",
        help_text="An XLSX or CSV file laid out like the template",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("The file must be an XLSX or CSV file")
        return upload
