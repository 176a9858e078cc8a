"""Small literal measures objects, shaped as docs/MEASURES.md gives them, for presenter tests."""

from copy import deepcopy

ZERO_MIX = {
    "kinship_foster": 0, "inhouse_foster": 0, "ifa_foster": 0, "childrens_home": 0, "secure": 0,
    "supported_accommodation": 0, "residential_school": 0, "other_residential": 0,
    "placed_with_parents": 0, "placed_for_adoption": 0, "temporary": 0, "other": 0,
}  # fmt: skip


def ratio(numerator: int, denominator: int, **extra) -> dict:
    percent = round(100 * numerator / denominator, 1) if denominator else None
    return {"numerator": numerator, "denominator": denominator, "percent": percent, **extra}


def measures(**changes) -> dict:
    """On 31 March 2025: 3 children (1 kinship, 1 agency foster, 1 children's home), 1 UASC."""
    result = {
        "la": "E10000099",
        "reference_date": "2025-03-31",
        "cla": 3,
        "rate_per_10k": 1.0,
        "started": 1,
        "ceased": 0,
        "uasc": 1,
        "age_bands": {"under_1": 0, "1_4": 0, "5_9": 0, "10_15": 1, "16_plus": 2},
        "sex": {"male": 2, "female": 1, "unknown": 0},
        "placement_mix": {**ZERO_MIX, "kinship_foster": 1, "ifa_foster": 1, "childrens_home": 1},
        "three_plus_placements": ratio(0, 3),
        "long_term_stability": ratio(1, 1),
        "over_20_miles": ratio(1, 3, unknown=0),
        "care_leavers": None,
        # Version 4 of the contract (the needs analysis): none of the 3 started in the year.
        "started_rate_per_10k": None,
        "legal_status": {"interim_care_order": 0, "care_order": 3, "placement_order": 0,
                         "section_20": 0, "youth_justice": 0, "emergency_protection": 0,
                         "other": 0},
        "ethnicity": {"white": 3, "mixed": 0, "asian": 0, "black": 0, "other": 0,
                      "not_known": 0},
        "placement_codes": {"U4": 1, "U6": 1, "K2": 1},
        "ceased_by_reason": {"adopted": 0, "special_guardianship": 0,
                             "child_arrangements_order": 0, "returned_home": 0,
                             "independent_living": 0, "stayed_with_carers_at_18": 0,
                             "youth_justice": 0, "moved_to_other_services": 0, "other": 0},
        "outside_area": {"numerator": 0, "denominator": 3, "unknown": 0, "percent": 0.0},
    }  # fmt: skip
    result.update(deepcopy(changes))
    return result
