from django import forms

from sufficiency.audit.models import Action
from sufficiency.forms import GovukFormMixin


class AuditFilterForm(GovukFormMixin, forms.Form):
    action = forms.ChoiceField(
        label="What", choices=[("", "Everything")] + list(Action.choices), required=False
    )
    person = forms.CharField(label="Who", required=False, max_length=150)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
