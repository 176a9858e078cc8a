"""The market against the cohort: pure pandas, DataFrames in, numbers and DataFrames out.

Frames (column names in capitals, as the cohort's):

- placed: one row per child looked after at D (measures.current_episodes): CHILD, URN,
  CATEGORY, DISTANCE (miles from home, NaN when unknown).
- providers: URN, NAME, TYPE, SECTOR, OWNER, PLACES, ACTIVE, LOCAL ("in_area", "near" = outside
  the area but within 20 miles of its centre, "far", or "unknown"), IN_HOUSE, RATING (at D).
- inspections: URN, DATE, RATING. costs: URN, CATEGORY, WEEKLY_COST, START, END.
- contracts: ID, URN, NAME, KIND, CATEGORY, PLACES, START, END, WEEKLY_PRICE.
- vacancies: URN, DATE, PLACES_FREE.

Definitions (the pages' "How is this calculated?" say the same):

- A child's provider is the provider whose Ofsted URN their current episode names.
- Rating at D: the judgement of the provider's latest inspection on or before D.
- Good or Outstanding share: children placed with a listed provider whose rating at D is Good
  or Outstanding, over all children placed with a listed provider.
- A child's weekly cost: the council's cost for that provider and placement category in force
  at D (start on or before D, no end or an end on or after D; the latest start wins). A child
  whose placement names no provider takes the average of the council's own providers' costs
  for the category (how in-house fostering and kinship allowances are costed).
  Annual spend is that weekly cost × 52 for the children placed at D: a run rate.
- Gap for a category: children placed in it at D minus registered places at local providers
  (in the area or within 20 miles) of the matching types. Places Ofsted does not publish
  (fostering agencies) count as none, and the table says so.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import date

import numpy as np
import pandas as pd

from placements.cohort.measures import PLACEMENT_CATEGORIES
from placements.market.models import GOOD_OR_BETTER, ProviderType, Rating, Sector

WEEKS_A_YEAR = 52
LOCAL = ("in_area", "near")
NEAR_MILES = 20.0
TOP_OWNERS = 5
VACANCY_DAYS = 31

# The provider types that offer each placement category's homes.
CATEGORY_TYPES: dict[str, tuple[str, ...]] = {
    "ifa_foster": (ProviderType.IFA,),
    "inhouse_foster": (ProviderType.LA_FOSTERING,),
    "childrens_home": (ProviderType.CHILDRENS_HOME,),
    "secure": (ProviderType.SECURE,),
    "supported_accommodation": (ProviderType.SUPPORTED_ACCOMMODATION,),
    "residential_school": (ProviderType.RESIDENTIAL_SCHOOL,),
    "other_residential": (ProviderType.FAMILY_CENTRE,),
}
MARKET_CATEGORIES: tuple[str, ...] = tuple(CATEGORY_TYPES)
SECTOR_ORDER: tuple[str, ...] = (*Sector.values, "not_listed", "no_urn")
RATING_ORDER: tuple[str, ...] = tuple(Rating.values)


def _percent(numerator: float, denominator: float) -> float | None:
    return None if not denominator else round(100 * numerator / denominator, 1)


def _ts(on: date | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(on)


# Ratings and locality ---------------------------------------------------------------------------


def rating_at(providers: pd.DataFrame, inspections: pd.DataFrame, *, on: date) -> pd.Series:
    """Each provider's judgement at D (indexed like providers): its latest inspection on or
    before D; a provider with no dated inspection at all keeps the rating it was listed with."""
    d = _ts(on)
    dated = inspections[pd.to_datetime(inspections["DATE"]) <= d]
    latest = (
        dated.assign(DATE=pd.to_datetime(dated["DATE"]))
        .sort_values(["URN", "DATE"])
        .drop_duplicates("URN", keep="last")
        .set_index("URN")["RATING"]
    )
    ever = set(inspections["URN"])
    fallback = providers["RATING"].where(~providers["URN"].isin(ever), Rating.NOT_YET_INSPECTED)
    rated = providers["URN"].map(latest).astype("object")
    return rated.where(rated.notna(), fallback.astype("object"))


def locality(
    council_code: pd.Series,
    easting: pd.Series,
    northing: pd.Series,
    *,
    la_code: str,
    centre: tuple[float, float] | None,
) -> tuple[pd.Series, pd.Series]:
    """(LOCAL, MILES): in_area when the postcode lies in the council, near when within 20 miles
    of the centre of the council's area, far otherwise; unknown without a located postcode."""
    if centre is None:
        miles = pd.Series(np.nan, index=easting.index)
    else:
        metres = np.hypot(easting.astype(float) - centre[0], northing.astype(float) - centre[1])
        miles = (metres / 1000 / 1.6093).round(1)
    local = np.where(
        council_code == la_code,
        "in_area",
        np.where(miles.isna(), "unknown", np.where(miles <= NEAR_MILES, "near", "far")),
    )
    return pd.Series(local, index=easting.index), miles


# Children placed --------------------------------------------------------------------------------


def placed_with(placed: pd.DataFrame, providers: pd.DataFrame) -> pd.DataFrame:
    """The children at D with their provider's columns; LISTED says whether it was found."""
    columns = ["URN", "NAME", "TYPE", "SECTOR", "OWNER", "RATING", "IN_HOUSE", "LOCAL"]
    listed = providers[[c for c in columns if c in providers.columns]]
    frame = placed[["CHILD", "URN", "CATEGORY", "DISTANCE"]].copy()
    frame["URN"] = frame["URN"].astype("object").where(frame["URN"].notna(), None)
    merged = frame.merge(listed, on="URN", how="left", indicator=True)
    merged["LISTED"] = merged["_merge"] == "both"
    merged["HAS_URN"] = merged["URN"].notna() & (merged["URN"] != "XXXXXXX")
    return merged.drop(columns="_merge")


def by_sector(placed: pd.DataFrame) -> dict[str, int]:
    """Children by their provider's sector; not_listed when the URN is not in the Ofsted list,
    no_urn when the episode names no provider (kinship, with parents, adoption...)."""
    sector = placed["SECTOR"].where(placed["LISTED"], None)
    sector = sector.where(placed["LISTED"], np.where(placed["HAS_URN"], "not_listed", "no_urn"))
    counts = sector.value_counts()
    return {key: int(counts.get(key, 0)) for key in SECTOR_ORDER}


def by_rating(placed: pd.DataFrame) -> dict:
    """Children placed with a listed provider, by its rating at D, and the Good or Outstanding
    share of them."""
    listed = placed[placed["LISTED"]]
    counts = listed["RATING"].value_counts()
    ratings = {key: int(counts.get(key, 0)) for key in RATING_ORDER}
    good = sum(ratings[r] for r in GOOD_OR_BETTER)
    return {
        "ratings": ratings,
        "good_or_outstanding": {
            "numerator": good,
            "denominator": len(listed),
            "percent": _percent(good, len(listed)),
        },
    }


# Supply -----------------------------------------------------------------------------------------


def local_supply(providers: pd.DataFrame) -> pd.DataFrame:
    """Active providers and their registered places, by type: in the area and within 20 miles.

    Columns TYPE, IN_AREA, IN_AREA_PLACES, NEAR, NEAR_PLACES (near: outside the area, within
    20 miles), ordered as ProviderType; types with no local provider are left out.
    """
    active = providers[providers["ACTIVE"] & providers["LOCAL"].isin(LOCAL)]
    rows = []
    for kind in ProviderType.values:
        of_type = active[active["TYPE"] == kind]
        if of_type.empty:
            continue
        inside = of_type[of_type["LOCAL"] == "in_area"]
        near = of_type[of_type["LOCAL"] == "near"]
        rows.append(
            {
                "TYPE": kind,
                "IN_AREA": len(inside),
                "IN_AREA_PLACES": int(inside["PLACES"].fillna(0).sum()),
                "NEAR": len(near),
                "NEAR_PLACES": int(near["PLACES"].fillna(0).sum()),
            }
        )
    return pd.DataFrame(rows, columns=["TYPE", "IN_AREA", "IN_AREA_PLACES", "NEAR", "NEAR_PLACES"])


# Costs ------------------------------------------------------------------------------------------


def weekly_costs(
    placed: pd.DataFrame,
    costs: pd.DataFrame,
    *,
    on: date,
    in_house_urns: AbstractSet[str] = frozenset(),
) -> pd.Series:
    """Each child's weekly cost at D (aligned with placed; NaN when no cost is recorded).

    A child whose placement names no provider (in-house fostering and kinship care usually
    do not) takes the average cost in force for that category at the council's own
    providers (`in_house_urns`), when it has recorded one.
    """
    d = _ts(on)
    start = pd.to_datetime(costs["START"])
    end = pd.to_datetime(costs["END"])
    current = costs[(start <= d) & (end.isna() | (end >= d))].assign(START=start)
    current = current.sort_values("START").drop_duplicates(["URN", "CATEGORY"], keep="last")
    current = current.assign(WEEKLY_COST=current["WEEKLY_COST"].astype(float))
    lookup = current.set_index(["URN", "CATEGORY"])["WEEKLY_COST"]
    keys = pd.MultiIndex.from_arrays([placed["URN"], placed["CATEGORY"]])
    result = pd.Series(lookup.reindex(keys).to_numpy(), index=placed.index, name="WEEKLY_COST")
    own = current[current["URN"].isin(in_house_urns)].groupby("CATEGORY")["WEEKLY_COST"].mean()
    no_provider = placed["URN"].isna() | (placed["URN"] == "XXXXXXX")
    fallback = placed["CATEGORY"].map(own)
    return result.where(~(result.isna() & no_provider), fallback)


IN_HOUSE_CATEGORIES = ("inhouse_foster", "kinship_foster")


def in_house(placed: pd.DataFrame) -> pd.Series:
    """In-house: the council's own provision: its own providers, its foster carers (in-house
    and kinship fostering)."""
    own = placed["IN_HOUSE"].astype("boolean").fillna(False).astype(bool)
    return own | placed["CATEGORY"].isin(IN_HOUSE_CATEGORIES)


def cost_summary(placed: pd.DataFrame) -> pd.DataFrame:
    """Per placement category and provision (in_house / external), for children placed at D:
    CHILDREN, COSTED (children with a cost), AVERAGE, MINIMUM, MAXIMUM weekly cost and
    ANNUAL_SPEND (sum of weekly costs × 52). Needs WEEKLY_COST on placed."""
    frame = placed.assign(PROVISION=np.where(in_house(placed), "in_house", "external"))
    rows = []
    for (category, provision), group in frame.groupby(["CATEGORY", "PROVISION"], sort=False):
        cost = group["WEEKLY_COST"].dropna()
        rows.append(
            {
                "CATEGORY": category,
                "PROVISION": provision,
                "CHILDREN": len(group),
                "COSTED": len(cost),
                "AVERAGE": round(float(cost.mean()), 2) if len(cost) else None,
                "MINIMUM": float(cost.min()) if len(cost) else None,
                "MAXIMUM": float(cost.max()) if len(cost) else None,
                "ANNUAL_SPEND": round(float(cost.sum()) * WEEKS_A_YEAR, 2),
            }
        )
    columns = ["CATEGORY", "PROVISION", "CHILDREN", "COSTED", "AVERAGE", "MINIMUM", "MAXIMUM",
               "ANNUAL_SPEND"]  # fmt: skip
    result = pd.DataFrame(rows, columns=columns)
    if result.empty:
        return result
    result = result[result["COSTED"] > 0]
    order = {c: i for i, c in enumerate(PLACEMENT_CATEGORIES)}
    result = result.assign(ORDER=result["CATEGORY"].map(order))
    return result.sort_values(["ORDER", "PROVISION"]).drop(columns="ORDER").reset_index(drop=True)


def concentration(placed: pd.DataFrame, *, top: int = TOP_OWNERS) -> dict:
    """Placements and annual spend with the largest owners (external providers only).

    An owner is the provider's organisation, or the provider itself when none is recorded.
    Returns the owners table (OWNER, CHILDREN, CHILDREN_SHARE, SPEND, SPEND_SHARE, largest
    first by children) and the top owners' shares of placements and of spend.
    """
    listed = placed[placed["LISTED"] & ~in_house(placed)]
    owner = listed["OWNER"].fillna("").astype(str)
    owner = owner.where(owner.str.strip() != "", listed["NAME"])
    spend = listed["WEEKLY_COST"].fillna(0) * WEEKS_A_YEAR
    table = (
        pd.DataFrame({"OWNER": owner, "CHILDREN": 1, "SPEND": spend})
        .groupby("OWNER", as_index=False)
        .sum()
        .sort_values(["CHILDREN", "SPEND", "OWNER"], ascending=[False, False, True])
        .reset_index(drop=True)
    )
    children, total_spend = int(table["CHILDREN"].sum()), float(table["SPEND"].sum())
    table["CHILDREN_SHARE"] = [_percent(c, children) for c in table["CHILDREN"]]
    table["SPEND_SHARE"] = [_percent(s, total_spend) for s in table["SPEND"]]
    biggest = table.head(top)
    by_spend = table.sort_values("SPEND", ascending=False).head(top)
    return {
        "owners": table,
        "children": children,
        "spend": total_spend,
        "top": top,
        "top_children_share": _percent(int(biggest["CHILDREN"].sum()), children),
        "top_spend_share": _percent(float(by_spend["SPEND"].sum()), total_spend),
    }


def block_utilisation(contracts: pd.DataFrame, placed: pd.DataFrame, *, on: date) -> pd.DataFrame:
    """Block contracts in force at D: places bought, children placed there (in the contract's
    category when it has one), UTILISATION (per cent of places filled, at most 100), EMPTY
    places and the annual cost of the empty places at the contract's weekly price."""
    d = _ts(on)
    start, end = pd.to_datetime(contracts["START"]), pd.to_datetime(contracts["END"])
    blocks = contracts[
        (contracts["KIND"] == "block") & (start <= d) & (end.isna() | (end >= d))
    ].copy()
    rows = []
    for block in blocks.itertuples(index=False):
        there = placed[placed["URN"] == block.URN]
        if block.CATEGORY:
            there = there[there["CATEGORY"] == block.CATEGORY]
        bought = int(block.PLACES or 0)
        filled = min(len(there), bought)
        price = float(block.WEEKLY_PRICE) if pd.notna(block.WEEKLY_PRICE) else None
        rows.append(
            {
                "ID": block.ID,
                "URN": block.URN,
                "NAME": block.NAME,
                "CATEGORY": block.CATEGORY,
                "PLACES": bought,
                "CHILDREN": len(there),
                "UTILISATION": _percent(filled, bought),
                "EMPTY": bought - filled,
                "EMPTY_COST": None
                if price is None
                else round((bought - filled) * price * WEEKS_A_YEAR, 2),
            }
        )
    columns = ["ID", "URN", "NAME", "CATEGORY", "PLACES", "CHILDREN", "UTILISATION", "EMPTY",
               "EMPTY_COST"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


# The sufficiency gap ----------------------------------------------------------------------------


def latest_vacancies(vacancies: pd.DataFrame, *, on: date, days: int = VACANCY_DAYS) -> pd.Series:
    """Places free per provider: its latest report on or before D and at most `days` old."""
    d = _ts(on)
    when = pd.to_datetime(vacancies["DATE"])
    recent = vacancies[(when <= d) & (when > d - pd.Timedelta(days=days))].assign(DATE=when)
    latest = recent.groupby("URN")["DATE"].transform("max")
    recent = recent[recent["DATE"] == latest]
    return recent.groupby("URN")["PLACES_FREE"].sum()


def sufficiency_gap(
    placed: pd.DataFrame, providers: pd.DataFrame, vacancies: pd.Series | None = None
) -> pd.DataFrame:
    """Per market category: CHILDREN placed at D, FAR (of them, more than 20 miles from home),
    LOCAL_PROVIDERS and LOCAL_PLACES (active, in the area or within 20 miles, of the category's
    types), PLACES_KNOWN (whether any of those providers publishes places), VACANCIES (recent
    places free at them) and GAP = CHILDREN - LOCAL_PLACES. Widest gap first, categories with
    no published places (fostering) after the others."""
    vacancies = vacancies if vacancies is not None else pd.Series(dtype=float)
    local = providers[providers["ACTIVE"] & providers["LOCAL"].isin(LOCAL)]
    rows = []
    for category, kinds in CATEGORY_TYPES.items():
        children = placed[placed["CATEGORY"] == category]
        supply = local[local["TYPE"].isin(kinds)]
        places = int(supply["PLACES"].fillna(0).sum())
        rows.append(
            {
                "CATEGORY": category,
                "CHILDREN": len(children),
                "FAR": int((children["DISTANCE"] > NEAR_MILES).sum()),
                "LOCAL_PROVIDERS": len(supply),
                "LOCAL_PLACES": places,
                # Unknown only when there are local providers and none publishes places.
                "PLACES_KNOWN": bool(supply.empty or supply["PLACES"].notna().any()),
                "VACANCIES": int(vacancies.reindex(supply["URN"]).fillna(0).sum()),
                "GAP": len(children) - places,
            }
        )
    frame = pd.DataFrame(rows)
    frame = frame[(frame["CHILDREN"] > 0) | (frame["LOCAL_PROVIDERS"] > 0)]
    # Categories whose places Ofsted does not publish (fostering) cannot have a measured gap:
    # they follow those that do, in the same order.
    return frame.sort_values(
        ["PLACES_KNOWN", "GAP", "FAR"], ascending=[False, False, False], kind="stable"
    ).reset_index(drop=True)


def children_by_category(placed: pd.DataFrame, urn: str) -> dict[str, int]:
    """How many of the council's children at D are with one provider, by category."""
    counts = placed.loc[placed["URN"] == urn, "CATEGORY"].value_counts()
    return {str(k): int(v) for k, v in counts.items()}
