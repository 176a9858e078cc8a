"""Types of home, as a sufficiency strategy's chapters name them: the one mapping from an
SSDA903 episode (PLACE, PLACE_PROVIDER, LS) to the type of home a child lives in.

Finer than the measures contract's placement categories (placements.cohort.measures), which
stay as they are: supported accommodation is split into registered (K3), unregistered
semi-independent (H5) and independent living or bed and breakfast (P2); "other residential"
into parent and child (R3), health and care settings (R1, R2) and youth custody (R5, with secure
children's homes in the secure and remand chapter). Short breaks (LS V3 or V4) are left out of
every measure by the contract; here they are their own type, counted apart. Pure: no ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from placements.cohort import measures

# The contract's one rule for cleaning codes (trim, upper case, blank is missing).
clean_codes = measures._clean_codes


@dataclass(frozen=True)
class TypeOfHome:
    key: str
    label: str  # "in-house foster carers": reads after "live with" / "live in"
    chapter: str


@dataclass(frozen=True)
class Chapter:
    key: str
    title: str
    # The measures categories the forecast projects this chapter from (empty: not forecast apart).
    categories: tuple[str, ...]
    # The Placements Data Standard's placement type its referrals ask for ("" for none).
    referral_type: str = ""


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("fostering", "Fostering", ("inhouse_foster", "ifa_foster", "kinship_foster"), "Foster"),
    Chapter("childrens_homes", "Children's homes", ("childrens_home",), "Residential"),
    Chapter(
        "supported",
        "Supported accommodation for 16 and 17 year olds",
        ("supported_accommodation",),
        "Supported Accommodation",
    ),
    Chapter("residential_schools", "Residential special schools", ("residential_school",)),
    Chapter("secure_remand", "Secure homes and remand", ("secure",)),
    Chapter("parent_child", "Parent and child", ()),
    Chapter("health", "Health and care settings", ()),
    Chapter("short_breaks", "Short breaks for disabled children", ()),
    Chapter("care_leavers", "Care leavers' accommodation and Staying Put", ()),
)
CHAPTER_KEYS: tuple[str, ...] = tuple(c.key for c in CHAPTERS)
NOT_A_CHAPTER = ""

TYPES: tuple[TypeOfHome, ...] = (
    TypeOfHome("inhouse_foster", "the council's own foster carers", "fostering"),
    TypeOfHome("agency_foster", "independent fostering agency carers", "fostering"),
    TypeOfHome("kinship_foster", "family and friends (kinship) foster carers", "fostering"),
    TypeOfHome("childrens_home", "children's homes", "childrens_homes"),
    TypeOfHome("supported_registered", "registered supported accommodation", "supported"),
    TypeOfHome("supported_unregistered", "unregistered semi-independent homes", "supported"),
    TypeOfHome("independent_living", "independent living or bed and breakfast", "supported"),
    TypeOfHome("residential_school", "residential special schools", "residential_schools"),
    TypeOfHome("secure", "secure children's homes", "secure_remand"),
    TypeOfHome("youth_custody", "young offender institutions or prison", "secure_remand"),
    TypeOfHome("parent_child", "parent and child units and family centres", "parent_child"),
    TypeOfHome("health", "NHS, health and care settings", "health"),
    TypeOfHome("short_break", "short breaks", "short_breaks"),
    TypeOfHome("with_parents", "with their parents", NOT_A_CHAPTER),
    TypeOfHome("adoption", "placed for adoption", NOT_A_CHAPTER),
    TypeOfHome("temporary", "a temporary placement", NOT_A_CHAPTER),
    TypeOfHome("other", "another placement", NOT_A_CHAPTER),
)
TYPE_KEYS: tuple[str, ...] = tuple(t.key for t in TYPES)
TYPE_LABELS: dict[str, str] = {t.key: t.label for t in TYPES}
CHAPTER_OF_TYPE: dict[str, str] = {t.key: t.chapter for t in TYPES}

# PLACE code -> type of home. U4-U6 are in-house unless the provider is an agency (PR4, PR5),
# as the contract's categories say; any code not listed is "other".
PLACE_TYPES: dict[str, str] = {
    **dict.fromkeys(("U1", "U2", "U3"), "kinship_foster"),
    **dict.fromkeys(("U4", "U5", "U6"), "inhouse_foster"),
    "K2": "childrens_home",
    "K3": "supported_registered",
    "H5": "supported_unregistered",
    "P2": "independent_living",
    "S1": "residential_school",
    "K1": "secure",
    "R5": "youth_custody",
    "R3": "parent_child",
    "R1": "health",
    "R2": "health",
    "P1": "with_parents",
    **dict.fromkeys(measures.ADOPTION_PLACES, "adoption"),
    **dict.fromkeys(measures.TEMPORARY_PLACES, "temporary"),
    "P3": "other",
    "Z1": "other",
    **dict.fromkeys(("Z11", "Z12", "Z13", "Z14"), "other"),
}


def types_of_home(place: pd.Series, provider: pd.Series, legal_status: pd.Series) -> pd.Series:
    """The type of home of each episode (aligned with `place`)."""
    place = clean_codes(place)
    provider = clean_codes(provider).reindex(place.index)
    legal_status = clean_codes(legal_status).reindex(place.index)
    kind = place.map(PLACE_TYPES).fillna("other")
    agency = place.isin(("U4", "U5", "U6")) & provider.isin(measures.IFA_PROVIDERS)
    kind = kind.mask(agency, "agency_foster")
    return kind.mask(legal_status.isin(measures.SHORT_BREAK_LS), "short_break").astype("str")


def type_of_home(place: str | None, provider: str | None = None, legal_status: str | None = None):
    """One episode's type of home: `types_of_home` for one value."""
    result = types_of_home(
        pd.Series([place], dtype="str"),
        pd.Series([provider], dtype="str"),
        pd.Series([legal_status], dtype="str"),
    )
    return str(result.iloc[0])


def current_types(episodes: pd.DataFrame, *, on: date) -> pd.DataFrame:
    """The children looked after at D (the contract's current episodes, so no short breaks),
    one row each, with TYPE and CHAPTER."""
    current = measures.current_episodes(episodes, on=on)
    kind = types_of_home(current["PLACE"], current["PLACE_PROVIDER"], current["LS"])
    return current.assign(TYPE=kind.to_numpy(), CHAPTER=kind.map(CHAPTER_OF_TYPE).to_numpy())


def short_break_children(raw_episodes: pd.DataFrame, *, on: date) -> int:
    """Children with a short-break episode (LS V3 or V4) in the 12 months ending D: the
    episodes the contract drops, read from the merged episodes before preparation."""
    if raw_episodes is None or raw_episodes.empty:
        return 0
    legal_status = clean_codes(raw_episodes["LS"])
    breaks = raw_episodes[legal_status.isin(measures.SHORT_BREAK_LS).to_numpy()]
    if breaks.empty:
        return 0
    start, end = measures.period_start(on), pd.Timestamp(on)
    decom = pd.to_datetime(breaks["DECOM"])
    dec = pd.to_datetime(breaks["DEC"])
    overlaps = (decom <= end) & (dec.isna() | (dec >= start))
    children = breaks.loc[overlaps.to_numpy(), "CHILD"].astype("str").str.strip()
    return int(np.unique(children.to_numpy()).size)
