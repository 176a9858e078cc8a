"""Which of an action's fields a request asks to edit, and whether in place in its row."""

from django.http import QueryDict

from sufficiency.plan.forms import edit_fields


def test_one_inline_field_is_edited_in_its_row():
    assert edit_fields(QueryDict("field=owner")) == (["owner"], True)


def test_several_fields_or_a_long_one_open_the_edit_page():
    assert edit_fields(QueryDict("field=title&field=due")) == (["title", "due"], False)
    assert edit_fields(QueryDict("field=description")) == (["description"], False)


def test_unknown_fields_are_ignored_and_none_left_means_status():
    assert edit_fields(QueryDict("field=la&field=version")) == (["status"], True)
    assert edit_fields(QueryDict("")) == (["status"], True)
