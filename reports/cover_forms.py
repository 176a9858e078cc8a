"""One form per field of the cover or the review, carrying the version the person loaded
(sufficiency.plan.forms.VersionedForm) and the field's prompt as its hint."""

from __future__ import annotations

from django import forms
from django.forms import modelform_factory

from reports.cover_models import CoverReport, StrategyReview
from reports.cover_presenters import HINTS, LIST_FIELDS
from sufficiency.plan.forms import DATE_WIDGET, VersionedForm

LONG_TEXT = {"financial", "legal", "equalities", "risks", "consultation", "what_they_said",
             "you_said_we_did", "previous_summary", "reasons", "how_heard"}  # fmt: skip


def field_form(model: type[CoverReport] | type[StrategyReview], name: str) -> type[VersionedForm]:
    """A form for one field of the model, with its prompt and a widget that fits it."""
    widgets: dict[str, type[forms.Widget] | forms.Widget] = {}
    if name in ("meeting_date", "previous_ended_on"):
        widgets[name] = DATE_WIDGET
    elif name in LONG_TEXT:
        widgets[name] = forms.Textarea(attrs={"rows": 8})
    elif name in LIST_FIELDS:
        widgets[name] = forms.Textarea(attrs={"rows": 4})
    elif name in ("children_heard", "care_leavers_heard"):
        widgets[name] = forms.NumberInput(
            attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"}
        )
    return modelform_factory(  # type: ignore[return-value]  # built on VersionedForm
        model, form=VersionedForm, fields=[name], widgets=widgets, help_texts={name: HINTS[name]}
    )
