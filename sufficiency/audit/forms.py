from django import forms

from sufficiency.audit.models import Action
from sufficiency.forms import GovukFormMixin, date_field


class AuditFilterForm(GovukFormMixin, forms.Form):
    action = forms.ChoiceField(
        label="What", choices=[("", "Everything")] + list(Action.choices), required=False
    )
    person = forms.CharField(label="Who", required=False, max_length=150)
    since = date_field("From", required=False)
    until = date_field("To", required=False)
