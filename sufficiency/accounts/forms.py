"""Forms for signing in, joining a council and managing its team. Validation only."""

from allauth.account.forms import LoginForm
from django import forms
from django.contrib.auth import password_validation

from sufficiency.councils import User
from sufficiency.forms import GovukFormMixin
from sufficiency.roles import Role


class SignInForm(LoginForm):
    """allauth's sign-in form with GOV.UK's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username"
        self.fields["login"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        # allauth puts its own "Forgot your password?" link in the hint; the page has one link.
        self.fields["password"].help_text = ""


class InviteForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="We will email a link that works once and expires",
        max_length=254,
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)

    def __init__(self, *args, la, **kwargs):
        super().__init__(*args, **kwargs)
        self.la = la
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        # Only this council's own members are looked at: nothing here says whether an address
        # has an account elsewhere.
        if self.la.memberships.filter(user__email__iexact=email).exists() or (
            self.la.memberships.filter(user__username__iexact=email).exists()
        ):
            raise forms.ValidationError("This person already has a role in your council")
        return email


class RoleForm(GovukFormMixin, forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)


class JoinForm(GovukFormMixin, forms.Form):
    """A newcomer chooses their password (Django's validators: at least 12 characters)."""

    name = forms.CharField(label="Your full name", max_length=300, required=False)
    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 12 characters. A few unrelated words are easy to remember",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_password1(self) -> str:
        password = self.cleaned_data["password1"]
        password_validation.validate_password(
            password, user=User(username=self.email, email=self.email)
        )
        return password

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password1")
            and cleaned.get("password2") is not None
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", "The passwords do not match")
        return cleaned


class ConfirmForm(GovukFormMixin, forms.Form):
    """Typing a word to confirm something that cannot be undone."""

    confirm = forms.CharField(label="Type DELETE to confirm", max_length=20)

    def __init__(self, *args, word: str = "DELETE", **kwargs):
        super().__init__(*args, **kwargs)
        self.word = word
        self.fields["confirm"].label = f"Type {word} to confirm"
        self.fields["confirm"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value != self.word:
            raise forms.ValidationError(f"Type {self.word} to confirm, in capital letters")
        return value
