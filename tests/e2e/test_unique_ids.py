"""The duplicate-id check the browser tests run on every page catches what axe does not."""

import pytest

from tests.e2e.conftest import assert_unique_ids


def test_two_elements_with_one_id_fail_the_check(browser):
    page = browser.new_page()
    try:
        page.set_content('<label for="id_year">Year</label><input id="id_year"><p id="id_year">')
        with pytest.raises(AssertionError, match=r"id_year \(2 times\)"):
            assert_unique_ids(page)
        page.set_content('<label for="id_year">Year</label><input id="id_year">')
        assert_unique_ids(page)
    finally:
        page.close()
