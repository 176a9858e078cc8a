"""Referral records for tests, written as the standard's JSON (grouped by entity)."""

from __future__ import annotations

import copy
import json
from typing import Any

NO = "No known risk"

VALID: dict[str, Any] = {
    "PlacementAvailability": {
        "childId": 100234,
        "neededBy": "in less than 5 days",
        "siblingCount": 1,
        "preferredLocation": "Within the placing LA, near current school",
    },
    "PlacementRequirements": {
        "communicationNeeds": "Y",
        "specificCommunicationRequirements": ["BSL"],
        "homeAdaptation": False,
        "culturalNeeds": "Not required",
        "livingCompanions": "Only with other younger children",
        "pets": "Yes - can",
        "additionalSupport": "therapeutic support",
        "deprivationOfLiberty": False,
    },
    "PlacementRecommendation": {
        "fosterCareSuitability": "Preferred",
        "residentialCareSuitability": "Suitable but not preferred",
        "supportedAccommodationSuitability": "Unsuitable",
    },
    "Risks": {
        "riskSelfHarm": NO,
        "riskSexualExploitation": NO,
        "riskCriminalExploitation": "Risk Present",
        "riskDrugAlcohol": NO,
        "riskEatingDisorder": NO,
        "riskMissing": "Risk Present",
        "riskToOthersPhysical": NO,
        "riskToOthersSexual": NO,
        "riskToOthersFire": NO,
        "riskToOthersAnimals": NO,
        "riskToOthersCriminal": NO,
    },
    "ActualPlacement": {
        "totalWeeklyCost": 1450,
        "placementLocation": "BS10",
        "preferabilityLocation": True,
        "educationContinuity": True,
        "providerURN": "SC999999",
        "siblingsPlacedTogether": 1,
        "placementType": "Foster",
    },
    "QualityAssurance": {
        "referralOfficerName": "A. Example",
        "referralDate": "2025-09-01",
        "placementOfficerName": "B. Example",
        "placementDate": "2025-09-04",
        "costDate": "2025-09-10",
    },
}


def record(**changes: Any) -> dict[str, Any]:
    """VALID with changes given as Group__field=value (None removes the field)."""
    result = copy.deepcopy(VALID)
    for key, value in changes.items():
        group, name = key.split("__")
        if value is None:
            result.get(group, {}).pop(name, None)
        else:
            result.setdefault(group, {})[name] = value
    return result


def as_bytes(*records: dict[str, Any]) -> bytes:
    return json.dumps(list(records) if len(records) != 1 else records[0]).encode()
