"""Presenting the needs-analysis measures of MEASURES.md version 4 (legal status, ethnicity,
placement codes, how children left care, the entry rate and placements outside the area) for
the Children in care page and the `measures` command. Formatting only: the figures come from
placements.cohort.measures."""

from __future__ import annotations

from placements.cohort.measures import CEASED_REASONS, ETHNIC_GROUPS, LEGAL_STATUS_GROUPS
from placements.cohort.ssda903.codes import code_label
from sufficiency.formatting import count, percent, rate, share

LEGAL_STATUS_LABELS: dict[str, str] = {
    "interim_care_order": "Interim care order (C1)",
    "care_order": "Full care order (C2)",
    "placement_order": "Placement order or freeing order (E1, D1)",
    "section_20": "Accommodated under section 20 (V2)",
    "youth_justice": "Youth justice: remanded (J1), under PACE (J2) or sentenced to a youth "
    "rehabilitation order with residence (J3)",
    "emergency_protection": "Emergency protection: police protection, emergency protection "
    "order or child assessment order (L1, L2, L3)",
    "other": "Other or not recorded",
}
ETHNICITY_LABELS: dict[str, str] = {
    "white": "White",
    "mixed": "Mixed or multiple ethnic groups",
    "asian": "Asian or Asian British",
    "black": "Black, Black British, Caribbean or African",
    "other": "Chinese or any other ethnic group",
    "not_known": "Refused, not yet obtained or not recorded",
}
CEASED_LABELS: dict[str, str] = {
    "adopted": "Adopted (E11, E12)",
    "special_guardianship": "Special guardianship order (E43 to E48)",
    "child_arrangements_order": "Child arrangements order (E41)",
    "returned_home": "Returned home or to live with relatives (E4A, E4B, E13)",
    "independent_living": "Moved into independent living (E5, E6)",
    "stayed_with_carers_at_18": "Stayed with their carers at 18, for example staying put (E17)",
    "youth_justice": "Sentenced to custody or remand ended (E9, E14)",
    "moved_to_other_services": "Care taken over by another council or adult social care (E3, E7)",
    "other": "Any other reason (E2, E8, E15, E16 and others)",
}
# The finer placement types a board asks about, always shown (0 when no child is in one) so a
# reader can see that none is in unregistered semi-independent living, for example.
FEATURED_PLACES: tuple[str, ...] = ("K3", "H5", "P2", "R3", "R2", "R5")
FEATURED_PLACE_NAMES: dict[str, str] = {
    "K3": "Registered supported accommodation",
    "H5": "Unregistered semi-independent living",
    "P2": "Independent living, including bed and breakfast",
    "R3": "Parent and child (family centre or mother and baby unit)",
    "R2": "NHS or health setting",
    "R5": "Young offender institution",
}

DEFINITIONS: dict[str, str] = {
    "legal_status": "Children looked after on the date by the legal status (LS) of their "
    "current episode. Youth justice is remand to local authority or youth detention "
    "accommodation (J1), accommodation under the Police and Criminal Evidence Act (J2) and a "
    "youth rehabilitation order with a residence or intensive fostering requirement (J3). "
    "Any other or blank code is counted as other, so the groups add up to the children "
    "looked after.",
    "ethnicity": "Children looked after on the date by the ethnicity (ETHNIC) on the child's "
    "SSDA903 header row (the latest return's, the same row that gives sex and date of birth), "
    "grouped as DfE publishes them. Refused (REFU), not yet obtained (NOBT), blank, a child "
    "with no header row and any other code are not known. The published statistics shipped "
    "with the product do not give the council's population aged 0 to 17 by ethnicity, so the "
    "children in care are shown on their own.",
    "placement_codes": "Children looked after on the date by the placement type (PLACE code) "
    "of their current episode, every code kept apart: registered supported accommodation (K3) "
    "apart from unregistered semi-independent living (H5) and independent living (P2), and "
    "parent and child (R3), health settings (R2) and young offender institutions (R5) apart "
    "from other residential settings. A code no child is in is not listed, except the six "
    "above.",
    "ceased_by_reason": "Children who ceased to be looked after in the 12 months ending on the "
    "date, by the reason the episode ceased (REC) on their last ceasing episode in that "
    "period: the one with the latest end date, and on a tie the latest start date. The "
    "reasons add up to the children who ceased.",
    "started_rate_per_10k": "Children who started to be looked after in the 12 months ending "
    "on the date, divided by the council's population aged 0 to 17 for that year (the same "
    "population as the rate per 10,000), times 10,000, to one decimal place.",
    "outside_area": "Of the children looked after on the date, those whose current "
    "placement's postcode (PL_POST) is in a local authority district whose upper-tier council "
    "(ONS lower-to-upper tier lookup, April 2023) is not this council; a district not in the "
    "lookup is its own upper tier. Not known: the postcode is blank or not in the ONS "
    "Postcode Directory; these children stay in the denominator but are not counted as "
    "outside. Beside it, the share placed more than 20 miles from home.",
}


NOT_KNOWN_WORDS = "Not known"


def rows(
    counts: dict[str, int],
    labels: dict[str, str],
    keys: tuple[str, ...],
    unknown_key: str | None = None,
) -> list[dict]:
    """Table rows (key, label, count, share of the total) in the contract's key order. With an
    `unknown_key`, a breakdown where no child's value is known gives "Not known" shares, not 0%."""
    return [
        {"key": k, "label": labels[k], "count": count(counts[k]),
         "share": breakdown_share(counts, k, unknown_key)}
        for k in keys
    ]  # fmt: skip


def all_unknown(measure: dict | None) -> bool:
    """A share measure whose denominator has no known value (every child is "unknown")."""
    return bool(
        measure
        and measure["denominator"]
        and (measure.get("unknown") or 0) >= measure["denominator"]
    )


def known_percent(measure: dict) -> str:
    """A share measure's percentage, or "Not known" when no child's value is known."""
    return NOT_KNOWN_WORDS if all_unknown(measure) else percent(measure["percent"])


def unknown_only(counts: dict[str, int], unknown_key: str) -> bool:
    """Every child in a breakdown is in its "not known" group: no known value at all."""
    total = sum(counts.values())
    return total > 0 and counts.get(unknown_key, 0) >= total


def breakdown_share(counts: dict[str, int], key: str, unknown_key: str | None) -> str:
    """One group's share of a breakdown (sex, ethnicity, location). Unknown is not zero: when
    no child's value is known, a known group's share is "Not known", not 0.0%; the "not known"
    group's own row gives how many."""
    if unknown_key is not None and key != unknown_key and unknown_only(counts, unknown_key):
        return NOT_KNOWN_WORDS
    return share(counts[key], sum(counts.values()))


def placement_code_rows(codes: dict[str, int], cla: int) -> list[dict]:
    """The six featured codes first (0 when absent), then every other code that occurs."""
    order = list(FEATURED_PLACES) + sorted(c for c in codes if c not in FEATURED_PLACES)
    result = []
    for code in order:
        n = codes.get(code, 0)
        label = code_label("PLACE", code) or "Not a code in DfE's lists"
        name = FEATURED_PLACE_NAMES.get(code)
        result.append(
            {
                "code": code,
                "label": f"{name}: {label}" if name else label,
                "count": count(n),
                "share": share(n, cla),
            }
        )
    return result


def needs_context(now: dict) -> dict:
    """Everything the page's needs-analysis sections show, formatted."""
    outside = now["outside_area"]
    miles = now["over_20_miles"]
    return {
        "legal_status_rows": rows(now["legal_status"], LEGAL_STATUS_LABELS, LEGAL_STATUS_GROUPS),
        "youth_justice": count(now["legal_status"]["youth_justice"]),
        "ethnicity_rows": rows(
            now["ethnicity"], ETHNICITY_LABELS, ETHNIC_GROUPS, unknown_key="not_known"
        ),
        "placement_code_rows": placement_code_rows(now["placement_codes"], now["cla"]),
        "ceased_rows": rows(now["ceased_by_reason"], CEASED_LABELS, CEASED_REASONS),
        "ceased": count(now["ceased"]),
        "started_rate": rate(now["started_rate_per_10k"]),
        "outside": {
            "numerator": count(outside["numerator"]),
            "denominator": count(outside["denominator"]),
            "unknown": count(outside["unknown"]),
            "percent": known_percent(outside),
        },
        "over_20_miles_percent": known_percent(miles),
        "definitions": DEFINITIONS,
    }


def _words(key: str) -> str:
    return key.replace("_", " ")


def text_rows(result: dict) -> list[tuple[str, object]]:
    """The version 4 measures as (label, value) rows for the `measures` command's text format."""
    rate = result["started_rate_per_10k"]
    out: list[tuple[str, object]] = [
        ("Started per 10,000", "–" if rate is None else rate),
    ]
    out += [(f"Legal status: {_words(k)}", n) for k, n in result["legal_status"].items()]
    out += [(f"Ethnicity: {_words(k)}", n) for k, n in result["ethnicity"].items()]
    out += [(f"Placement code {code}", n) for code, n in result["placement_codes"].items()]
    out += [(f"Ceased: {_words(k)}", n) for k, n in result["ceased_by_reason"].items()]
    m = result["outside_area"]
    share = f"{m['numerator']}/{m['denominator']} = {percent(m['percent'])}"
    out.append(("Placed outside the area", share))
    out.append(("Area not known", m["unknown"]))
    return out
