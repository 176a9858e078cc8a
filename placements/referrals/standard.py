"""The Placements Data Standard v2, as data: its fields and their allowed values.

One source of truth, fixtures/referrals/standard.json, derived from the standard's field list
(placements.json) and the April 2026 Excel data template. The models' choices, the forms, the
JSON and Excel readers and writers all read it from here, so an allowed value is written once.

Values are stored exactly as the standard spells them ("in less than 5 days", "Risk Present"),
so a JSON export is the standard's own strings with no translation table to keep in step.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from django.db import models

SOURCE = Path(__file__).resolve().parents[2] / "fixtures" / "referrals" / "standard.json"
_DATA = json.loads(SOURCE.read_text(encoding="utf-8"))


def _member(value: str) -> str:
    name = re.sub(r"[^A-Z0-9]+", "_", value.upper()).strip("_")
    return name if name and not name[0].isdigit() else f"V_{name}"


def _choices(name: str, values: list[str]) -> type[models.TextChoices]:
    # The functional form makes an enum class; django-stubs types it as a member.
    members = [(_member(v), (v, v)) for v in values]
    return models.TextChoices(name, members)  # type: ignore[call-overload]


CHOICES: dict[str, type[models.TextChoices]] = {
    name: _choices(name, spec["values"]) for name, spec in _DATA["choices"].items()
}
NeededBy = CHOICES["NeededBy"]
OutOfLAReason = CHOICES["OutOfLAReason"]
CommunicationNeeds = CHOICES["CommunicationNeeds"]
CommunicationRequirement = CHOICES["CommunicationRequirement"]
CulturalNeeds = CHOICES["CulturalNeeds"]
LivingCompanions = CHOICES["LivingCompanions"]
Pets = CHOICES["Pets"]
AdditionalSupport = CHOICES["AdditionalSupport"]
Suitability = CHOICES["Suitability"]
RiskLevel = CHOICES["RiskLevel"]
PlacementType = CHOICES["PlacementType"]
Outcome = CHOICES["Outcome"]

PLACED = "Placed"
NOT_YET_PLACED = "Not yet placed"
NO_SUITABLE_HOME = "No suitable home found"
RISK_PRESENT = "Risk Present"
NO_KNOWN_RISK = "No known risk"
UNSUITABLE = "Unsuitable"
PREFERRED = "Preferred"
# Working group, 2026-06-03: unregistered placements are recorded in the provider URN field.
UNREGISTERED = "Unregistered"


@lru_cache(maxsize=8192)
def _squash(text: str) -> str:
    """How a template's spelling is compared: case, spaces and stray punctuation ignored."""
    return re.sub(r"[\s\-]+", "", str(text).strip().lower()).rstrip(",")


@dataclass(frozen=True)
class Field:
    attr: str
    group: str
    json: str
    column: str
    label: str
    kind: str  # id, categorical, multi, boolean, integer, money, string, date
    required: str  # always, placed (when the outcome is Placed), no
    choices: str | None = None
    in_template: bool = True
    extension: bool = False
    risk: str | None = None

    @property
    def values(self) -> list[str]:
        return list(_DATA["choices"][self.choices]["values"]) if self.choices else []

    def allowed(self) -> str:
        """The allowed values in words, for error messages."""
        return ", ".join(f'"{v}"' for v in self.values)

    def match(self, raw: str, *, lenient: bool) -> str | None:
        """The standard's value `raw` stands for, or None. Strict: exactly as the standard
        spells it (JSON); lenient: as councils type it into the template."""
        text = str(raw).strip()
        if text in self._exact:
            return text
        if not lenient:
            return None
        return self._lenient.get(_squash(text))

    @cached_property
    def _exact(self) -> frozenset[str]:
        return frozenset(self.values)

    @cached_property
    def _lenient(self) -> dict[str, str]:
        """Each spelling the template accepts, squashed, to the standard's value."""
        aliases = _DATA["choices"][self.choices]["template"] if self.choices else {}
        return {**{_squash(k): v for k, v in aliases.items()},
                **{_squash(v): v for v in self.values}}  # fmt: skip


FIELDS: list[Field] = [Field(**spec) for spec in _DATA["fields"]]
BY_ATTR: dict[str, Field] = {f.attr: f for f in FIELDS}
GROUPS: list[str] = list(dict.fromkeys(f.group for f in FIELDS))
# The template's own 45 columns, in its order, then the columns this product adds so that an
# export reads back unchanged (v2 fields the template lacks, and the outcome).
TEMPLATE_FIELDS = [f for f in FIELDS if f.in_template and f.group != "Outcome"]
EXTRA_FIELDS = [f for f in FIELDS if f not in TEMPLATE_FIELDS]
COLUMN_ALIASES: dict[str, str] = _DATA["template_column_aliases"]
CHILD_RISKS = [f for f in FIELDS if f.risk == "child"]
OTHERS_RISKS = [f for f in FIELDS if f.risk == "others"]
RISKS = CHILD_RISKS + OTHERS_RISKS
SUITABILITY_BY_TYPE = {
    "Foster": "foster_care_suitability",
    "Residential": "residential_care_suitability",
    "Supported Accommodation": "supported_accommodation_suitability",
}
