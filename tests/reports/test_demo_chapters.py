"""The demo's fostering figures and intentions: given once, and what the user changed is kept
when setup_demo runs again."""

import io
from datetime import date

from demo import chapters as demo_chapters
from placements.cohort.types_of_home import CHAPTER_KEYS
from placements.market.fostering import FosteringQuarter
from sufficiency.plan import services
from sufficiency.plan.intentions import Intention
from tests.factories import StrategyFactory


def test_demo_gives_figures_and_intentions_and_keeps_the_users(la, cast, time_machine):
    time_machine.move_to(date(2025, 8, 1))
    strategy = StrategyFactory(la=la)
    demo_chapters.load_demo(la=la, stdout=io.StringIO())
    quarters = FosteringQuarter.objects.filter(la=la)
    assert quarters.count() == demo_chapters.QUARTERS
    assert max(q.quarter_end for q in quarters) == date(2025, 6, 30)  # no cohort: today's
    assert set(Intention.objects.filter(strategy=strategy).values_list("chapter", flat=True)) == (
        set(CHAPTER_KEYS)
    )
    # The user changes a quarter and an intention, deletes another; the demo runs again.
    latest = quarters.get(quarter_end=date(2025, 6, 30))
    latest.households = 999
    latest.save()
    fostering = Intention.objects.get(strategy=strategy, chapter="fostering")
    services.save_intention(strategy=strategy, chapter="fostering", text="our own words",
                            seen_version=fostering.version, user=cast["editor"])  # fmt: skip
    Intention.objects.filter(strategy=strategy, chapter="health").delete()
    out = io.StringIO()
    demo_chapters.load_demo(la=la, stdout=out)
    assert FosteringQuarter.objects.get(la=la, quarter_end=date(2025, 6, 30)).households == 999
    assert Intention.objects.get(strategy=strategy, chapter="fostering").text == "our own words"
    assert Intention.objects.filter(strategy=strategy, chapter="health").exists()  # given again
    assert "0 quarters added" in out.getvalue() and "1 written" in out.getvalue()
