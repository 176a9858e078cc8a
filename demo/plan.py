"""A demo strategy shaped like real ones: seven priorities, actions with owners, leads, dates,
statuses and quarterly updates over several quarters, and measures with targets.

Dates are set relative to today so the demo always has things due this quarter, overdue,
and complete. Re-running replaces the demo council's strategy.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from sufficiency.calendar import financial_year_start, quarter_ends_between
from sufficiency.councils import LocalAuthority, User
from sufficiency.plan import services
from sufficiency.plan.models import ActionStatus, Strategy, Update

S = ActionStatus

PRIORITIES = [
    (
        "Fewer children need to come into care",
        "Help families stay together safely, with support at the edge of care.",
        ["I get help for my family before things reach crisis", "I stay with people I know"],
        [
            (
                "Extend the edge of care service to evenings and weekends",
                "Edge of care",
                S.ON_TRACK,
            ),
            (
                "Family group conferences for every family at risk of care proceedings",
                "Children's social care",
                S.AT_RISK,
            ),
            (
                "Reunification pathway for children who can safely return home",
                "Children's social care",
                S.NOT_STARTED,
            ),
            ("Kinship carers assessed and supported within 16 weeks", "Kinship team", S.COMPLETE),
        ],
    ),
    (
        "More children live close to home",
        "Enough homes in and near the city for children to stay at their school, near friends.",
        ["I live near my school and friends", "I can see my brothers and sisters"],
        [
            ("Recruit 25 more in-house foster carers each year", "Fostering service", S.OFF_TRACK),
            ("Open two small children's homes in the city", "Commissioning", S.AT_RISK),
            (
                "Block contract with local fostering agencies for teenagers",
                "Commissioning",
                S.ON_TRACK,
            ),
            (
                "Placement finding panel reviews every move more than 20 miles away",
                "Placements team",
                S.COMPLETE,
            ),
        ],
    ),
    (
        "More stable homes",
        "Fewer moves, and support for carers so that homes last.",
        ["I don't have to move unless I want to", "My carers understand me"],
        [
            (
                "Therapeutic support for foster carers of children with complex needs",
                "Fostering service",
                S.ON_TRACK,
            ),
            (
                "Stability meetings within 5 days of a placement at risk",
                "Children's social care",
                S.ON_TRACK,
            ),
            (
                "Mockingbird family constellations: two more hubs",
                "Fostering service",
                S.NOT_STARTED,
            ),
        ],
    ),
    (
        "Good health, education and connections",
        "Children in care are healthy, learn well and belong in their communities.",
        ["I have someone I can talk to about how I feel", "I go to a good school"],
        [
            ("Initial health assessments within 20 working days", "Health partners", S.AT_RISK),
            (
                "Virtual school tutoring for every child in Year 10 and 11",
                "Virtual school",
                S.ON_TRACK,
            ),
            (
                "Free leisure passes for children in care and their carers",
                "Corporate parenting",
                S.COMPLETE,
            ),
        ],
    ),
    (
        "Smooth moves into adulthood",
        "Young people leave care with a home, skills and someone to turn to.",
        ["I have a safe place to live when I leave care", "I have help to find work"],
        [
            (
                "Staying Put and Staying Close offered to every care leaver",
                "Leaving care service",
                S.ON_TRACK,
            ),
            (
                "Joint housing protocol with the housing service",
                "Leaving care service",
                S.OFF_TRACK,
            ),
            (
                "Council apprenticeships ring-fenced for care leavers",
                "Corporate parenting",
                S.ON_TRACK,
            ),
        ],
    ),
    (
        "Working with other councils to shape the market",
        "Buy together with neighbouring councils to get the homes children need.",
        [],
        [
            (
                "Join the regional dynamic purchasing system for residential care",
                "Commissioning",
                S.COMPLETE,
            ),
            (
                "Shared market position statement with neighbouring councils",
                "Commissioning",
                S.ON_TRACK,
            ),
            ("Quarterly provider forum on unmet needs", "Commissioning", S.NOT_STARTED),
        ],
    ),
    (
        "Better value",
        "Better outcomes for the money spent, with fewer high-cost placements made in a hurry.",
        ["My home is chosen for me, not just the one that was free"],
        [
            (
                "Review every placement costing over £6,000 a week",
                "Finance and commissioning",
                S.ON_TRACK,
            ),
            ("Step-down plan from residential to family homes", "Placements team", S.AT_RISK),
            (
                "Cost avoidance reported to the steering group each quarter",
                "Finance and commissioning",
                S.ON_TRACK,
            ),
        ],
    ),
]

UPDATE_TEXTS = {
    S.NOT_STARTED: ["Scoping with partners; start agreed for next quarter."],
    S.ON_TRACK: [
        "Milestones met this quarter; reported to the steering group.",
        "Good progress: first cohort completed and feedback positive.",
        "Recruitment on plan; next review at the working group.",
    ],
    S.AT_RISK: [
        "Staff vacancies are slowing delivery; mitigation agreed with the head of service.",
        "Partner capacity is limited; escalated to the steering group.",
    ],
    S.OFF_TRACK: [
        "Below target this quarter; recovery plan to the next steering group.",
        "Market conditions mean fewer enquiries than forecast; new campaign planned.",
    ],
    S.COMPLETE: ["Delivered and now business as usual."],
}

MEASURES = [
    # name, key, unit, direction, baseline, target, tolerance, priority number, quarterly values
    ("Children looked after", "cla", "number", "lower", 640, 590, 10, 1, None),
    ("Children looked after per 10,000", "rate_per_10k", "rate", "lower", 93.7, 85.0, 2, 1, None),
    (
        "Children placed more than 20 miles from home (%)",
        "over_20_miles",
        "percent",
        "lower",
        17.0,
        12.0,
        1.5,
        2,
        None,
    ),
    (
        "In-house foster households",
        "",
        "number",
        "higher",
        180,
        230,
        8,
        2,
        [182, 186, 189, 191, 196, 197],
    ),
    (
        "Children with 3 or more placements in the year (%)",
        "three_plus_placements",
        "percent",
        "lower",
        11.0,
        9.0,
        0.5,
        3,
        None,
    ),
    (
        "Long-term placement stability (%)",
        "long_term_stability",
        "percent",
        "higher",
        66.0,
        72.0,
        2,
        3,
        None,
    ),
    (
        "Initial health assessments on time (%)",
        "",
        "number",
        "higher",
        61,
        90,
        5,
        4,
        [63, 68, 70, 72, 71, 74],
    ),
    (
        "Care leavers aged 19-21 in suitable accommodation (%)",
        "care_leavers_19_21_suitable",
        "percent",
        "higher",
        86.0,
        92.0,
        2,
        5,
        None,
    ),
    (
        "Placements costing over £6,000 a week",
        "",
        "number",
        "lower",
        42,
        30,
        3,
        7,
        [41, 40, 40, 37, 36, 33],
    ),
]


@transaction.atomic
def load_demo(*, la: LocalAuthority, stdout) -> Strategy:
    rng = random.Random(la.code)  # the same demo every time for the same council
    today = timezone.localdate()
    fy_start = financial_year_start(today)
    start = date(fy_start.year - 1, 4, 1)
    Strategy.objects.filter(la=la).delete()
    users = {u.username: u for u in User.objects.filter(memberships__la=la)}
    admin = users.get("admin")
    leads: list[User | None] = [
        u for name, u in sorted(users.items()) if name in {"editor", "admin"}
    ] or [None]
    strategy = services.create_strategy(
        la=la,
        user=admin,
        title="Sufficiency strategy for children in care",
        period=f"{start.year}-{start.year + 3}",
        status="approved",
        approved_on=start - timedelta(days=20),
        vision=(
            "Every child in our care lives in a loving, stable home, close to the people and "
            "places that matter to them, for as long as they need it.\n\n"
            "We will:\n- keep families together wherever it is safe\n- find homes close to "
            "home\n- make those homes last"
        ),
        context=(
            "The number of children in care has stayed at about 700 for five years, but more "
            "of them live more than 20 miles from home than in similar councils.\n\n"
            "The duty this strategy meets is set out in the [statutory guidance on securing "
            "sufficient accommodation for looked after children](https://www.gov.uk/government/"
            "publications/securing-sufficient-accommodation-for-looked-after-children)."
        ),
        governance=(
            "A steering group co-chaired by the directors of commissioning and of children's "
            "services meets quarterly and reports to the Corporate Parenting Board. A monthly "
            "working group makes sure the actions are delivered.\n\n1. Quarterly RAG updates "
            "on every action\n2. An annual report to the Corporate Parenting Board"
        ),
        childrens_voice=(
            "Children in care and care leavers told us, through the Children in Care Council "
            "and a survey, what a good home means to them. Their **I statements** sit with "
            "each priority and are built into our contracts with providers."
        ),
    )
    quarter_ends = quarter_ends_between(start, today)
    span = (date(start.year + 3, 3, 31) - start).days
    actions = 0
    for title, description, statements, action_specs in PRIORITIES:
        priority = services.add_priority(
            strategy=strategy,
            user=admin,
            title=title,
            description=description,
            i_statements="\n".join(statements),
        )
        for i, (action_title, owner, status) in enumerate(action_specs):
            if status == S.COMPLETE:
                due = today - timedelta(days=rng.randint(40, 300))
            elif status == S.OFF_TRACK and i % 2 == 0:
                due = today - timedelta(days=rng.randint(10, 60))  # overdue
            elif i == 1:
                due = today + timedelta(days=rng.randint(5, 40))  # due soon
            else:
                due = start + timedelta(days=rng.randint(span // 3, span))
            action = services.add_action(
                priority=priority,
                user=admin,
                title=action_title,
                owner=owner,
                lead=leads[(actions + i) % len(leads)],
                due=due,
                status=S.NOT_STARTED,
            )
            actions += 1
            started = quarter_ends[rng.randint(0, max(0, len(quarter_ends) - 3)) :]
            history = [S.ON_TRACK] * len(started)
            if history:
                history[-1] = status
                if status in (S.AT_RISK, S.OFF_TRACK) and len(history) > 2:
                    history[-2] = S.AT_RISK
            if status == S.NOT_STARTED:
                started, history = started[-1:], [S.NOT_STARTED]
            for on, rag in zip(started, history, strict=False):
                author = leads[rng.randrange(len(leads))]
                Update.objects.create(
                    action=action,
                    date=on,
                    status=rag,
                    text=rng.choice(UPDATE_TEXTS[rag]),
                    author=author,
                )
            if status != action.status:
                services.save_versioned(
                    action,
                    seen_version=action.version,
                    changes={"status": status},
                    user=action.lead,
                )
    priorities = {p.number: p for p in strategy.priorities.all()}
    for name, key, unit, direction, baseline, target, tolerance, number, values in MEASURES:
        measure = services.add_measure(
            strategy=strategy,
            user=admin,
            name=name,
            key=key,
            unit=unit,
            direction=direction,
            baseline_value=baseline,
            baseline_date=start - timedelta(days=1),
            target_value=target,
            target_date=date(start.year + 3, 3, 31),
            tolerance=tolerance,
            priority=priorities[number],
        )
        for on, value in zip(
            quarter_ends[-len(values or []) :] if values else [], values or [], strict=False
        ):
            services.add_measure_value(measure=measure, on=on, value=value)
    stdout.write(
        f"Strategy: {len(PRIORITIES)} priorities, {actions} actions, {len(MEASURES)} measures"
    )
    return strategy
