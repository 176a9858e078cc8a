"""GOV.UK Design System markup for Django forms.

Forms inherit GovukFormMixin: it gives each widget its GOV.UK class and ties hints and errors to
the input with aria-describedby; the renderer draws each field with templates/govuk/forms/.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

from sufficiency.councils import LocalAuthority, User
from sufficiency.roles import Role


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


class GovukFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
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
        auto_id = self.auto_id  # type: ignore[attr-defined]
        html_name = self.add_prefix(name)  # type: ignore[attr-defined]
        if auto_id and "%s" in str(auto_id):
            return str(auto_id) % html_name
        return html_name if auto_id else ""

    def full_clean(self) -> None:
        # Errors exist only after validation, so their classes and aria links are added here.
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            widget = self.fields[name].widget  # type: ignore[attr-defined]
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
        self.fields["la"].queryset = user.councils()


class MembershipForm(GovukFormMixin, forms.Form):
    """Change the role of someone already in the council's team.

    A council admin never picks from, or looks up, every account on the service: a username
    that is not in this council's team gets the same answer whether or not the account exists.
    New people join by invitation (the sign-up and invitations work, issue 18)."""

    NOT_IN_TEAM = "Enter the username of someone already in this council's team"

    username = forms.CharField(
        label="Username",
        help_text="Someone already in this council's team; new people join by invitation",
        max_length=150,
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)

    def __init__(self, *args, la: LocalAuthority, **kwargs):
        super().__init__(*args, **kwargs)
        self.la = la

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if not User.objects.filter(username=username, memberships__la=self.la).exists():
            raise forms.ValidationError(self.NOT_IN_TEAM)
        return username
