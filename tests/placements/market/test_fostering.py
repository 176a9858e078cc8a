"""Fostering supply entered by the council: the form's validation, and the measure (net change
in fostering households in the year, with its target) on hand-worked quarters."""

from datetime import date

import pytest

from placements.market import services
from placements.market.forms import FosteringQuarterForm
from placements.market.fostering import FosteringQuarter
from placements.market.fostering_figures import year_to
from tests.html import text_of

URL = "/{}/market/fostering/"

VALID = {
    "quarter_end": "30/6/2025", "households": "150", "households_target": "160",
    "approvals": "5", "approvals_target": "8", "deregistrations": "3", "vacancies": "7",
    "enquiries": "60", "enquiries_target": "75", "initial_visits": "20", "applications": "8",
    "notes": "",
}  # fmt: skip


def quarter(on: date, households=None, approvals=None, deregistrations=None, **more) -> dict:
    row = {name: None for name in ("households_target", "vacancies", "enquiries",
                                   "initial_visits", "applications")}  # fmt: skip
    row.update(quarter_end=on, households=households, approvals=approvals,
               deregistrations=deregistrations, **more)  # fmt: skip
    return row


# Five quarters: households 140 at 30 June 2024 and 146 at 30 June 2025 (target 150), approvals
# 3+4+2+5 = 14 and de-registrations 2+1+3+2 = 8 in the four quarters to 30 June 2025.
QUARTERS = [
    quarter(date(2024, 6, 30), 140, 4, 4),
    quarter(date(2024, 9, 30), 141, 3, 2),
    quarter(date(2024, 12, 31), 144, 4, 1),
    quarter(date(2025, 3, 31), 143, 2, 3),
    quarter(date(2025, 6, 30), 146, 5, 2, households_target=150, enquiries=60,
            initial_visits=20, applications=8),
]  # fmt: skip


def test_net_change_from_households_a_year_apart_against_its_target():
    year = year_to(QUARTERS, date(2025, 8, 1))
    assert year.quarter_end == date(2025, 6, 30)
    assert year.net_change == 6  # 146 - 140
    assert year.net_change_target == 10  # 150 - 140
    assert (year.approvals, year.deregistrations) == (14, 8)


def test_net_change_from_flows_when_the_earlier_households_are_not_entered():
    rows = [dict(q, households=None) if q["quarter_end"] == date(2024, 6, 30) else q
            for q in QUARTERS]  # fmt: skip
    year = year_to(rows, date(2025, 6, 30))
    assert year.net_change == 6  # 14 approved - 8 de-registered
    assert year.net_change_target is None  # no households a year before to aim from


def test_as_at_a_date_and_not_known():
    year = year_to(QUARTERS, date(2025, 3, 31))
    assert year.quarter_end == date(2025, 3, 31)
    # No households at 31 March 2024: the four quarters' flows, 13 approved - 10 de-registered.
    assert year.net_change == 3
    year = year_to(QUARTERS, date(2025, 2, 1))
    assert year.quarter_end == date(2024, 12, 31)
    assert year.net_change is None  # neither households a year before nor four quarters
    assert year_to(QUARTERS, date(2024, 3, 31)) is None


@pytest.mark.django_db
def test_add_a_quarter_and_see_the_measure(client_for, la, time_machine):
    time_machine.move_to(date(2025, 8, 1))
    for row in QUARTERS[:-1]:
        FosteringQuarter.objects.create(la=la, **row)
    client = client_for("editor")
    response = client.post(URL.format(la.code) + "new/", VALID)
    assert response.status_code == 302
    saved = FosteringQuarter.objects.get(la=la, quarter_end=date(2025, 6, 30))
    assert (saved.households, saved.households_target, saved.vacancies) == (150, 160, 7)
    page = client.get(URL.format(la.code))
    assert text_of(page, "[data-figure=net-change]") == "+10"  # 150 - 140
    assert text_of(page, "[data-figure=net-change-target]") == "+20"  # 160 - 140
    assert text_of(page, "[data-figure=behind]") == "Behind target"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"quarter_end": "15/6/2025"}, "quarter_end",
         "The quarter ending must be 31 March, 30 June, 30 September or 31 December"),
        ({"quarter_end": "30/9/2025"}, "quarter_end",
         "The quarter ending must be today or in the past"),
        ({"quarter_end": "June"}, "quarter_end",
         "Quarter ending must be a real date"),
        ({"quarter_end": ""}, "quarter_end", "Enter the last day of the quarter"),
        ({"households": "-1"}, "households",
         "Fostering households at the quarter end must be 0 or more"),
        ({"approvals": "two"}, "approvals",
         "Households approved in the quarter must be a whole number, like 12"),
    ],
)  # fmt: skip
def test_govuk_errors(client_for, la, time_machine, changes, field, message):
    time_machine.move_to(date(2025, 8, 1))
    response = client_for("editor").post(URL.format(la.code) + "new/", {**VALID, **changes})
    assert response.status_code == 400
    assert text_of(response, f"#id_{field}-error") == f"Error: {message}"
    assert "<title>Error:" in response.content.decode()
    assert not FosteringQuarter.objects.exists()


def test_a_quarter_entered_twice_is_refused(client_for, la, time_machine):
    time_machine.move_to(date(2025, 8, 1))
    FosteringQuarter.objects.create(la=la, quarter_end=date(2025, 6, 30), households=1)
    response = client_for("editor").post(URL.format(la.code) + "new/", VALID)
    assert response.status_code == 400
    assert text_of(response, "#id_quarter_end-error") == (
        "Error: Figures for the quarter ending 30 June 2025 are already entered: change them "
        "instead"
    )


def test_the_service_saves_a_quarter_for_the_council_it_is_given(la, other_la):
    # The form only validates (against `la`'s quarters); whose record it is, the service sets.
    form = FosteringQuarterForm(VALID, la=la, today=date(2025, 8, 1))
    assert form.is_valid(), form.errors
    assert form.instance.la_id is None
    item = services.save_record(form, la=la)
    assert FosteringQuarter.objects.get(pk=item.pk).la == la
    assert not FosteringQuarter.objects.filter(la=other_la).exists()


def test_viewers_read_but_do_not_edit(client_for, la):
    viewer = client_for("viewer")
    assert viewer.get(URL.format(la.code)).status_code == 200
    assert viewer.post(URL.format(la.code) + "new/", VALID).status_code == 403
    assert client_for("outsider").get(URL.format(la.code)).status_code == 404
