"""GOV.UK's date input, the one way a date is entered: three boxes, GOV.UK's error messages."""

from datetime import date

from django import forms

from sufficiency.forms import GovukDateInput, GovukFormMixin, date_field
from tests.html import attr, text_of, texts


class DueForm(GovukFormMixin, forms.Form):
    due = date_field("Due date")
    since = date_field("From", required=False, help_text="The first day to show")


def test_three_boxes_make_a_date():
    form = DueForm({"due_day": "27", "due_month": "3", "due_year": "2025"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"due": date(2025, 3, 27), "since": None}


def test_a_single_value_is_read_as_programs_and_older_pages_send_it():
    assert DueForm({"due": "2025-03-27"}).is_valid()
    form = DueForm({"due": "27/03/2025"})
    assert form.is_valid()
    assert form.cleaned_data["due"] == date(2025, 3, 27)


def test_an_impossible_date_gets_govuk_wording_and_keeps_what_was_typed():
    form = DueForm({"due_day": "31", "due_month": "2", "due_year": "2025"})
    assert form.errors["due"] == ["Due date must be a real date"]
    html = str(form["due"])
    assert [attr(html, f"#id_due_{part}", "value") for part in ("day", "month", "year")] == [
        "31",
        "2",
        "2025",
    ]
    assert "govuk-input--error" in attr(html, "#id_due_day", "class").split()


def test_a_missing_required_date_says_what_to_enter():
    assert DueForm({}).errors["due"] == ["Enter due date"]


def test_the_boxes_sit_in_a_fieldset_whose_legend_is_the_label():
    html = DueForm().as_div()
    assert texts(html, "fieldset legend") == ["Due date", "From"]
    assert text_of(html, "label[for=id_due_month]") == "Month"
    assert attr(html, "#id_due_year", "class") == (
        "govuk-input govuk-date-input__input govuk-input--width-4"
    )
    assert attr(html, "#id_due_day", "inputmode") == "numeric"


def test_a_date_shows_in_its_boxes_and_the_error_summary_links_to_the_first():
    widget = GovukDateInput()
    assert widget.decompress(date(2031, 1, 15)) == [15, 1, 2031]
    assert widget.id_for_label("id_due") == "id_due_day"
