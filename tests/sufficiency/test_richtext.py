"""Council text: lists typed or pasted render as lists; placeholder links are refused."""

import pytest

from sufficiency import richtext
from tests.html import texts


def test_markdown_and_pasted_bullets_render_as_lists():
    html = str(richtext.rich_text("We will:\n- keep families together\n- find homes close by"))
    assert texts(html, "p.govuk-body") == ["We will:"]
    assert texts(html, "ul.govuk-list--bullet > li") == ["keep families together",
                                                         "find homes close by"]  # fmt: skip
    # Bullets pasted from a word processor are the list they look like.
    pasted = str(richtext.rich_text("We will:\n• keep families together\n• find homes"))
    assert texts(pasted, "ul.govuk-list--bullet > li") == ["keep families together",
                                                           "find homes"]  # fmt: skip
    numbered = str(richtext.rich_text("1. first\n2. second"))
    assert texts(numbered, "ol.govuk-list--number > li") == ["first", "second"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Read the [needs assessment](https://example.org/needs).",
            "Enter the real web address for the link ‘needs assessment’ instead of "
            "‘https://example.org/needs’, or remove the link",
        ),
        (
            "See [our plan](#).",
            "Enter the real web address for the link ‘our plan’ instead of ‘#’, or remove the link",
        ),
        (
            "Details at http://example.com today.",
            "Enter a real web address instead of ‘http://example.com’, or remove it",
        ),
        ("More at [link].", "Replace ‘[link]’ with a link to the real web address"),
        (
            '<p>See <a href="http://www.example.com/x">this</a></p>',
            "Enter the real web address for the link ‘this’ instead of "
            "‘http://www.example.com/x’, or remove the link",
        ),
    ],
)
def test_placeholder_links_are_refused_with_a_govuk_message(text, message):
    assert richtext.placeholder_links(text) == [message]


def test_real_links_and_plain_text_pass():
    text = (
        "The duty is in [section 22G](https://www.legislation.gov.uk/ukpga/1989/41/section/22G) "
        "and https://www.gov.uk/guidance. Write to [us](mailto:care@council.gov.uk)."
    )
    assert richtext.placeholder_links(text) == []
    assert richtext.placeholder_links("") == []
