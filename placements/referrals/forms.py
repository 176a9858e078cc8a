"""Recording a referral and its outcome in the browser: quick to fill (the standard's budget is
90 seconds), every coded field as radios or checkboxes offering only the standard's values.

Risks are two checkbox lists: tick those present, and every risk left unticked is recorded as
"No known risk", so the eleven required risk fields take one glance rather than eleven answers.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms

from placements.referrals import standard as std
from sufficiency.forms import GovukFormMixin, date_field

YES_NO = [("yes", "Yes"), ("no", "No")]
# How a value reads in a form where the standard's own spelling is a code.
LABELS = {"Y": "Yes", "N": "No", "NA": "None needed"}
POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


def _label(attr: str) -> str:
    return std.BY_ATTR[attr].label


def _choices(attr: str) -> list[tuple[str, str]]:
    return [(v, LABELS.get(v, v[:1].upper() + v[1:])) for v in std.BY_ATTR[attr].values]


def _radios(attr: str, *, required: bool = True, label: str = "", help_text: str = ""):
    label = label or _label(attr)
    return forms.ChoiceField(
        label=label, required=required, choices=_choices(attr), widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": f"Select {label[:1].lower() + label[1:]}",
                        "invalid_choice": f"Select one of the options for {label.lower()}"},
    )  # fmt: skip


def _yes_no(label: str, *, required: bool = True):
    return forms.ChoiceField(
        label=label, required=required, choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": f"Select yes or no for {label[:1].lower() + label[1:]}"},
    )  # fmt: skip


def _whole(label: str, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=0,
        error_messages={"required": f"Enter {label.lower()}",
                        "invalid": f"Enter {label.lower()} as a whole number, like 0 or 2",
                        "min_value": f"{label} must be 0 or more"},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )  # fmt: skip


def _bool(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _yes_no_initial(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")  # type: ignore[arg-type]


CHILD_RISK_CHOICES = [(f.attr, f.label.removeprefix("Risk to child: ").capitalize())
                      for f in std.CHILD_RISKS]  # fmt: skip
OTHERS_RISK_CHOICES = [(f.attr, f.label.removeprefix("Risk to others: ").capitalize())
                       for f in std.OTHERS_RISKS]  # fmt: skip
BOOLEANS = ("home_adaptation", "deprivation_of_liberty", "preferred_location_local")


class ReferralForm(GovukFormMixin, forms.Form):
    child_id = forms.CharField(
        label="Child ID", max_length=40, help_text="The ID in your case management system",
        error_messages={"required": "Enter the child's ID"},
    )  # fmt: skip
    ssda903_child = forms.CharField(
        label="SSDA903 child ID (optional)", max_length=20, required=False,
        help_text="Only if the SSDA903 return knows the child by a different ID",
    )  # fmt: skip
    referral_date = date_field("Date the referral was received")
    needed_by = _radios("needed_by", required=False, label="When is the placement needed by?")
    sibling_count = _whole("Number of siblings to place with")
    preferred_location = forms.CharField(
        label="Preferred location for the home search (optional)", max_length=200, required=False
    )
    preferred_location_local = _yes_no("Is the preferred location in our area?", required=False)
    out_of_la_reason = forms.ChoiceField(
        label="If not, why? (optional)", required=False,
        choices=[("", "Not needed"), *_choices("out_of_la_reason")],
    )  # fmt: skip
    communication_needs = _radios("communication_needs")
    specific_communication_requirements = forms.MultipleChoiceField(
        label=_label("specific_communication_requirements"),
        choices=_choices("specific_communication_requirements"),
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply, or None",
        error_messages={"required": "Select the communication and language requirements, or "
                                    "None"},
    )  # fmt: skip
    home_adaptation = _yes_no("Does the home need adapting?")
    cultural_needs = _radios("cultural_needs")
    living_companions = _radios("living_companions")
    pets = _radios("pets")
    additional_support = _radios("additional_support", required=False)
    additional_support_other = forms.CharField(
        label="Other additional support", max_length=200, required=False,
        help_text="If you selected other",
    )  # fmt: skip
    deprivation_of_liberty = _yes_no("Does the child have a Deprivation of Liberty Order?",
                                     required=False)  # fmt: skip
    foster_care_suitability = _radios("foster_care_suitability")
    residential_care_suitability = _radios("residential_care_suitability")
    supported_accommodation_suitability = _radios("supported_accommodation_suitability")
    child_risks = forms.MultipleChoiceField(
        label="Risks to the child", required=False, choices=CHILD_RISK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select the risks present. Any not selected is recorded as no known risk.",
    )  # fmt: skip
    risk_other = forms.CharField(label="Other risk to the child (optional)", max_length=200,
                                 required=False)  # fmt: skip
    others_risks = forms.MultipleChoiceField(
        label="Risks to others or property", required=False, choices=OTHERS_RISK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select the risks present. Any not selected is recorded as no known risk.",
    )  # fmt: skip
    risk_to_others_other = forms.CharField(
        label="Other risk to others or property (optional)", max_length=200, required=False
    )
    referral_officer_name = forms.CharField(
        label="Name of the officer recording the referral", max_length=120, required=False,
        help_text="Leave blank to record your own name",
    )  # fmt: skip

    def __init__(self, *args, referral=None, ssda903_child: str = "", today: date, **kwargs):
        if referral is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(referral, ssda903_child)
        kwargs.setdefault("initial", {}).setdefault("referral_date", today)
        kwargs["initial"].setdefault("sibling_count", 0)
        super().__init__(*args, **kwargs)
        self.fields["child_id"].widget.attrs["class"] += " govuk-input--width-10"
        self.fields["ssda903_child"].widget.attrs["class"] += " govuk-input--width-10"

    @staticmethod
    def initial_from(referral, ssda903_child: str) -> dict:
        initial = {name: getattr(referral, name) for name in (
            "child_id", "referral_date", "needed_by", "sibling_count", "preferred_location",
            "out_of_la_reason", "communication_needs", "specific_communication_requirements",
            "cultural_needs", "living_companions", "pets", "additional_support",
            "additional_support_other", "foster_care_suitability", "residential_care_suitability",
            "supported_accommodation_suitability", "risk_other", "risk_to_others_other",
            "referral_officer_name")}  # fmt: skip
        for name in BOOLEANS:
            initial[name] = _yes_no_initial(getattr(referral, name))
        initial["child_risks"] = [f.attr for f in std.CHILD_RISKS
                                  if getattr(referral, f.attr) == std.RISK_PRESENT]  # fmt: skip
        initial["others_risks"] = [f.attr for f in std.OTHERS_RISKS
                                   if getattr(referral, f.attr) == std.RISK_PRESENT]  # fmt: skip
        initial["ssda903_child"] = ssda903_child if ssda903_child != referral.child_id else ""
        return initial

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("additional_support") == "other (please specify)" and not cleaned.get(
            "additional_support_other"
        ):
            self.add_error("additional_support_other", "Say what other additional support")
        requirements = cleaned.get("specific_communication_requirements") or []
        if "None" in requirements and len(requirements) > 1:
            self.add_error("specific_communication_requirements",
                           "Select None on its own, or the requirements without None")  # fmt: skip
        return cleaned

    def referral_values(self) -> dict:
        """The model's values from the cleaned form."""
        cleaned = self.cleaned_data
        skip = {"ssda903_child", "child_risks", "others_risks", *BOOLEANS}
        values = {k: v for k, v in cleaned.items() if k not in skip}
        values["child_id"] = values["child_id"].strip()
        for name in BOOLEANS:
            values[name] = _bool(cleaned.get(name))
        present = set(cleaned.get("child_risks") or []) | set(cleaned.get("others_risks") or [])
        for f in std.RISKS:
            values[f.attr] = std.RISK_PRESENT if f.attr in present else std.NO_KNOWN_RISK
        return values


class OutcomeForm(GovukFormMixin, forms.Form):
    outcome = _radios("outcome", label="What happened?")
    outcome_date = date_field(
        "Date no suitable home was found",
        required=False,
        help_text="Only if no suitable home was found. For example, 31/3/2026",
    )
    placement_date = date_field("Date the placement started", required=False)
    placement_type = _radios("placement_type", required=False)
    provider_urn = forms.CharField(
        label="Provider URN", max_length=20, required=False,
        help_text="The Ofsted URN, for example SC123456, or Unregistered",
    )  # fmt: skip
    placement_location = forms.CharField(
        label="Placement location", max_length=8, required=False,
        help_text="The first part of the postcode, for example WV4",
    )  # fmt: skip
    total_weekly_cost = forms.DecimalField(
        label="Total weekly cost, £", required=False, min_value=0, decimal_places=2,
        max_digits=9, help_text="The weekly fee paid, excluding VAT",
        error_messages={"invalid": "Enter the total weekly cost as an amount, like 1450",
                        "min_value": "The total weekly cost must be 0 or more"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
    )  # fmt: skip
    preferability_location = _yes_no("Was the placement in a preferred location?", required=False)
    education_continuity = _yes_no(
        "Was the child's education disrupted by the placement?", required=False
    )
    siblings_placed_together = _whole("How many siblings were placed together?")
    placement_officer_name = forms.CharField(
        label="Name of the officer recording the placement", max_length=120, required=False,
        help_text="Leave blank to record your own name",
    )  # fmt: skip

    REQUIRED_WHEN_PLACED = {
        "placement_date": "Enter the date the placement started",
        "placement_type": "Select the placement type",
        "provider_urn": "Enter the provider's URN, or Unregistered",
        "placement_location": "Enter the first part of the placement's postcode",
        "total_weekly_cost": "Enter the total weekly cost",
        "preferability_location": "Select yes or no for whether the placement was in a "
        "preferred location",
        "education_continuity": "Select yes or no for whether the child's education was disrupted",
        "siblings_placed_together": "Enter how many siblings were placed together, or 0",
    }

    def __init__(self, *args, referral=None, **kwargs):
        if (
            referral is not None
            and "initial" not in kwargs
            and referral.outcome != (std.NOT_YET_PLACED)
        ):
            kwargs["initial"] = {
                name: getattr(referral, name) for name in (
                    "outcome", "outcome_date", "placement_date", "placement_type", "provider_urn",
                    "placement_location", "total_weekly_cost", "siblings_placed_together",
                    "placement_officer_name")}  # fmt: skip
            kwargs["initial"]["preferability_location"] = _yes_no_initial(
                referral.preferability_location
            )
            kwargs["initial"]["education_continuity"] = _yes_no_initial(
                referral.education_continuity
            )
        super().__init__(*args, **kwargs)
        for name in ("provider_urn", "placement_location"):
            self.fields[name].widget.attrs["class"] += " govuk-input--width-10"

    def clean_placement_location(self) -> str:
        value = self.cleaned_data["placement_location"].strip().upper()
        if value and not POSTCODE_DISTRICT.match(value):
            raise forms.ValidationError(
                "Enter the first part of the postcode only, for example WV4 or B15"
            )
        return value

    def clean_provider_urn(self) -> str:
        return self.cleaned_data["provider_urn"].strip()

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome == std.PLACED:
            for name, message in self.REQUIRED_WHEN_PLACED.items():
                if name not in self.errors and cleaned.get(name) in (None, ""):
                    self.add_error(name, message)
        missing_date = cleaned.get("outcome_date") is None and "outcome_date" not in self.errors
        if outcome == std.NO_SUITABLE_HOME and missing_date:
            self.add_error("outcome_date", "Enter the date no suitable home was found")
        return cleaned

    def outcome_values(self) -> dict:
        cleaned = dict(self.cleaned_data)
        for name in ("preferability_location", "education_continuity"):
            cleaned[name] = _bool(cleaned.get(name))
        if cleaned["outcome"] != std.NO_SUITABLE_HOME and cleaned["outcome"] != std.PLACED:
            cleaned["outcome_date"] = None
        return cleaned
