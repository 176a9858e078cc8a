"""The demo council's fostering supply by quarter and its "Our intentions — we will…" for each
type of home. Run again, it adds only what is missing: a quarter or an intention the user
entered or changed is kept as it is."""

from __future__ import annotations

import random

from django.utils import timezone

from placements.cohort.selectors import cohort
from placements.market.fostering import FosteringQuarter
from sufficiency.calendar import last_quarter_end, quarter_ends_before
from sufficiency.councils import LocalAuthority
from sufficiency.plan import services
from sufficiency.plan.intentions import Intention
from sufficiency.plan.models import Strategy

QUARTERS = 12

INTENTIONS = {
    "fostering": [
        "recruit 40 more fostering households by March 2028, with a recruitment campaign run "
        "with our neighbouring councils",
        "support kinship carers with the same training and allowances as our foster carers",
        "offer a higher fee to carers who look after teenagers and brothers and sisters together",
    ],
    "childrens_homes": [
        "open two small children's homes of our own in the borough by 2027",
        "agree a block contract for six local places with providers rated Good or Outstanding",
        "bring children living more than 20 miles away closer to home when it is right for them",
    ],
    "supported": [
        "end the use of unregistered semi-independent homes for 16 and 17 year olds",
        "commission registered supported accommodation in the borough for 20 young people",
    ],
    "residential_schools": [
        "review every residential school placement with education and health colleagues each year",
    ],
    "secure_remand": [
        "work with the youth justice service so that no child is remanded for want of a home",
    ],
    "parent_child": [
        "offer parent and child fostering before a residential family assessment",
    ],
    "health": [
        "agree joint funding with the integrated care board for children with complex health needs",
    ],
    "short_breaks": [
        "keep short breaks close to home and count them apart from children in care",
    ],
    "care_leavers": [
        "offer Staying Put to every young person who wants to stay with their foster carers",
        "increase the supported lodgings hosts for care leavers to 15",
    ],
}


def _quarter_ends(la: LocalAuthority) -> list:
    data = cohort(la=la)
    last = data.last_day if data is not None else timezone.localdate()
    latest = min(last_quarter_end(last), last_quarter_end(timezone.localdate()))
    return quarter_ends_before(latest, QUARTERS)


def load_demo(*, la: LocalAuthority, stdout) -> None:
    rng = random.Random(f"{la.code}-fostering")
    households = 150
    added = 0
    for n, quarter_end in enumerate(_quarter_ends(la)):
        enquiries = rng.randint(45, 70)
        visits = round(enquiries * rng.uniform(0.3, 0.4))
        applications = round(visits * rng.uniform(0.35, 0.5))
        approvals = rng.randint(3, 7)
        deregistrations = rng.randint(4, 8)
        households += approvals - deregistrations
        _, created = FosteringQuarter.objects.get_or_create(
            la=la,
            quarter_end=quarter_end,
            defaults={
                "households": households,
                "households_target": 150 + 2 * n,
                "approvals": approvals,
                "approvals_target": 8,
                "deregistrations": deregistrations,
                "vacancies": rng.randint(4, 12),
                "enquiries": enquiries,
                "enquiries_target": 75,
                "initial_visits": visits,
                "applications": applications,
            },
        )
        added += created
    stdout.write(f"Demo fostering supply: {added} quarters added")
    strategy = Strategy.objects.filter(la=la).first()
    if strategy is None:
        return
    written = 0
    for chapter, lines in INTENTIONS.items():
        if Intention.objects.filter(strategy=strategy, chapter=chapter).exists():
            continue  # the user's words, or the demo's from before: kept
        services.save_intention(
            strategy=strategy, chapter=chapter, text="\n".join(lines), seen_version=0, user=None
        )
        written += 1
    stdout.write(f"Demo intentions for each type of home: {written} written")
