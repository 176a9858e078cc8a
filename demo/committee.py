"""The demo council's committee papers: the people and meeting on the covers of both reports,
the implications a council writes itself (risks, consultation, staff, property, sign-offs),
children's voice, and the previous strategy with its measures as they were recorded then.

Financial, legal and equalities implications are left to their drafts from the figures, as a
council would start them. Re-running replaces the demo's covers and review.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from placements.cohort import selectors as cohort
from reports import cover_services as services
from reports.cover_models import CoverReport, Kind, StrategyReview
from sufficiency.calendar import long_date
from sufficiency.councils import LocalAuthority, User
from sufficiency.plan import services as plan_services
from sufficiency.plan.models import Measure, Strategy

PEOPLE = {
    "author": "Priya Shah, Head of Commissioning (Children), 01632 960 418, "
    "priya.shah@demo-city.example",
    "accountable_director": "Andrew Cole, Director of Children's Services",
    "lead_member": "Cllr Helen Okafor, Cabinet Member for Children and Young People",
    "wards": "All",
}
WRITTEN = {
    "risks": "Demand keeps rising faster than the forecast: the forecast is refreshed each "
    "quarter and the board sees it against the budget.\n\nNot enough in-house foster carers "
    "are approved: the recruitment campaign reports monthly to the fostering panel.\n\n"
    "Providers raise prices faster than inflation: regional block contracts fix prices for "
    "three years.",
    "consultation": "The Children in Care Council, care leavers' forum, foster carers, "
    "providers' forum, health and education partners were consulted between May and July. "
    "Their views changed the priorities on living close to home and on moving into adulthood.",
    "human_resources": "Two social worker posts move into the edge of care service; no posts "
    "are lost.",
    "property": "Two small children's homes are to open in the city in existing council "
    "buildings; the property service leads the adaptations.",
    "finance_sign_off": "Mark Ellis, Finance Business Partner (Children), 14 April 2025",
    "legal_sign_off": "Ruth Adeyemi, Senior Solicitor (Children), 15 April 2025",
    "director_sign_off": "Andrew Cole, Director of Children's Services, 16 April 2025",
}
VOICE = {
    "children_heard": 64,
    "care_leavers_heard": 38,
    "how_heard": "Six sessions of the Children in Care Council, a survey answered by 41 "
    "children and care leavers, and conversations with independent advocates and reviewing "
    "officers.",
    "what_they_said": "Children want to live near their school and friends, to see their "
    "brothers and sisters, and not to move unless they choose to. Care leavers want a home of "
    "their own that they can afford, and someone to call when things go wrong.",
    "you_said_we_did": "We want to stay near our school.\nEvery move more than 20 miles away now "
    "goes to the placement finding panel first.\n\nWe want to see our brothers and "
    "sisters.\nWe are recruiting foster carers who can take brothers and sisters together.\n\n"
    "Moving at 18 is too soon.\nStaying Put is offered to every young person in foster care.",
    "previous_title": "Sufficiency strategy 2021-2024",
    "previous_summary": "The previous strategy opened one children's home in the city and "
    "grew kinship care, but the number of children in care kept rising and more children "
    "lived far from home.",
}
# The previous strategy's measures, as recorded while it ran (their history is dated then).
PREVIOUS = [
    ("Children looked after", "cla", "number", "lower", 640, 600),
    ("Children looked after per 10,000", "rate_per_10k", "rate", "lower", 95.0, 85.0),
    ("Children with 3 or more placements in the year (%)", "three_plus_placements", "percent",
     "lower", 12.0, 9.0),
    ("Children placed more than 20 miles from home (%)", "over_20_miles", "percent", "lower",
     22.0, 15.0),
]  # fmt: skip


def _aware(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on, time(9)))


def _previous_measures(strategy: Strategy, admin: User | None, began: date, ended: date) -> None:
    """Recorded when the previous strategy began and removed when it ended, so the history
    holds them as they were set then."""
    for name, key, unit, direction, baseline, target in PREVIOUS:
        measure = plan_services.add_measure(
            strategy=strategy, user=admin, name=name, key=key, unit=unit, direction=direction,
            baseline_value=baseline, baseline_date=began - timedelta(days=1),
            target_value=target, target_date=ended,
        )  # fmt: skip
        pk = measure.pk
        plan_services.delete_measure(measure=measure, user=admin)
        Measure.history.filter(id=pk, history_type="+").update(history_date=_aware(began))
        Measure.history.filter(id=pk, history_type="-").update(
            history_date=_aware(ended + timedelta(days=1))
        )


def load_demo(*, la: LocalAuthority, stdout) -> None:
    strategy = Strategy.objects.filter(la=la).first()
    admin = User.objects.filter(memberships__la=la, username="admin").first()
    data = cohort.cohort(la=la)
    if strategy is None or data is None:
        return
    CoverReport.objects.filter(la=la).delete()
    StrategyReview.objects.filter(strategy=strategy).delete()
    on = cohort.reference_dates(data)[0]
    meetings = {
        Kind.STRATEGY: ("Cabinet", on + timedelta(days=50), "yes"),
        Kind.QUARTERLY: ("Corporate Parenting Board", on + timedelta(days=36), "no"),
    }
    for kind, (meeting, meeting_date, key) in meetings.items():
        cover = CoverReport(la=la, kind=kind, reference_date=on)
        changes = {**PEOPLE, **WRITTEN, "meeting": meeting, "meeting_date": meeting_date,
                   "key_decision": key}  # fmt: skip
        services.save_fields(cover, seen_version=1, changes=changes, draft_texts={}, user=admin)
    # The previous strategy ran until this one was approved (the demo's: 12 March 2025).
    ended = strategy.approved_on or on
    began = date(ended.year - 4, 4, 1)
    review = StrategyReview(strategy=strategy)
    services.save_fields(review, seen_version=1, changes={**VOICE, "previous_ended_on": ended},
                         draft_texts={}, user=admin)  # fmt: skip
    _previous_measures(strategy, admin, began, ended)
    stdout.write(
        f"Committee papers: covers of both reports at {long_date(on)}, children's voice, and "
        f"the previous strategy's {len(PREVIOUS)} measures"
    )
