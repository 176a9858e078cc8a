from django import forms

from reports.selectors import SECTIONS
from sufficiency import richtext
from sufficiency.forms import GovukFormMixin


class QuarterForm(GovukFormMixin, forms.Form):
    date = forms.TypedChoiceField(label="Quarter ending", coerce=str)

    def __init__(self, *args, dates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [(d.isoformat(), f"{d:%-d %B %Y}") for d in dates]


class CommentaryForm(GovukFormMixin, forms.Form):
    section = forms.ChoiceField(choices=list(SECTIONS.items()), widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="Commentary",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text="What the figures mean this quarter, for the board",
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        errors = richtext.placeholder_links(text)
        if errors:
            raise forms.ValidationError(errors)
        return text


class GenerateForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        choices=[("quarterly", "Quarterly dashboard"), ("strategy", "Annual strategy")]
    )
    date = forms.DateField()
