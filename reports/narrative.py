"""The needs analysis written as sentences from the figures. Pure and deterministic: the same
figures always give the same words, so a council can trust (and test) what the report says."""

from datetime import date

from sufficiency.calendar import long_date
from sufficiency.formatting import count, percent, share

FOSTERING = ("kinship_foster", "inhouse_foster", "ifa_foster")


def _children(n: int) -> str:
    return f"{count(n)} {'child' if n == 1 else 'children'}"


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


def looked_after(
    *,
    on: date,
    cla: int,
    before: int | None,
    rate: float | None,
    england_rate: float | None,
    england_year: str | None = None,
) -> str:
    """'On 31 March 2025, 864 children were looked after, 6.5% more than a year earlier: 93.7
    per 10,000 children, against 67 in England.'"""
    sentence = f"On {long_date(on)}, {_children(cla)} {_was(cla)} looked after"
    if before is not None:
        if before == cla:
            sentence += ", the same number as a year earlier"
        elif before:
            change = 100 * (cla - before) / before
            more_or_fewer = "more" if cla > before else "fewer"
            sentence += f", {percent(abs(change))} {more_or_fewer} than a year earlier"
    if rate is not None:
        sentence += f": {rate:.1f} per 10,000 children"
        if england_rate is not None:
            sentence += f", against {england_rate:g} in England"
            if england_year:  # the latest published year, which is not the sentence's date
                sentence += f" ({england_year})"
    return sentence + "."


def flows(*, started: int, ceased: int) -> str:
    """Starts and ends in the year, and what they did to the number in care."""
    sentence = (
        f"During the year, {_children(started)} started to be looked after "
        f"and {count(ceased)} ceased"
    )
    if started > ceased:
        return sentence + f", so more came into care than left, by {count(started - ceased)}."
    if ceased > started:
        return sentence + f", so more left care than came in, by {count(ceased - started)}."
    return sentence + ", as many as came in."


def placement_mix(mix: dict[str, int], labels: dict[str, str]) -> str:
    """Fostering first (the majority in every English council), then the largest other types."""
    total = sum(mix.values())
    if not total:
        return "No child was looked after on this date."
    fostered = sum(mix.get(k, 0) for k in FOSTERING)
    parts = [
        f"{count(fostered)} of {_children(total)} ({share(fostered, total)}) lived in foster "
        f"care: {count(mix.get('kinship_foster', 0))} with family or friends, "
        f"{count(mix.get('inhouse_foster', 0))} with the council's own foster carers and "
        f"{count(mix.get('ifa_foster', 0))} with independent fostering agencies."
    ]
    others = sorted(
        ((k, v) for k, v in mix.items() if k not in FOSTERING and v), key=lambda kv: (-kv[1], kv[0])
    )[:3]
    if others:
        described = [f"{count(v)} ({share(v, total)}) {labels[k].lower()}" for k, v in others]
        listed = ", ".join(described[:-1]) + (" and " if len(described) > 1 else "") + described[-1]
        parts.append(f"Of the rest, the largest groups were: {listed}.")
    return " ".join(parts)


def distance(
    *, numerator: int, denominator: int, unknown: int, out_of_area: int | None,
    area_unknown: int = 0,
) -> str:  # fmt: skip
    """Children far from home and outside the council's area. Unknown is not zero: a share or
    count that rests on no known postcode is said to be not known, with how many."""
    area_not_known = out_of_area is not None and denominator and area_unknown >= denominator
    outside = "" if out_of_area is None else f"{count(out_of_area)} outside the council's area"
    if area_unknown and not area_not_known and outside:
        outside += f" ({count(area_unknown)} not known)"
    if denominator and unknown >= denominator:
        # Unknown is not zero: with no distance known, no share can be given.
        sentence = (
            f"How far from home children live is not known: for all {count(denominator)} children "
            "in care a postcode is blank or not in the ONS Postcode Directory"
        )
        if area_not_known:
            sentence += "; whether they live inside the council's area is not known either"
        elif outside:
            sentence += f"; {outside.replace(' outside', ' lived outside', 1)}"
        return sentence + "."
    sentence = (
        f"{_children(numerator).capitalize()} ({share(numerator, denominator)}) lived more "
        f"than 20 miles from home"
    )
    if area_not_known:
        sentence += "; whether children live inside the council's area is not known"
    elif outside:
        sentence += f", and {outside}"
    sentence += "."
    if unknown:
        sentence += f" For {count(unknown)}, the distance is not known."
    return sentence


def stability(
    *, three_plus: dict, long_term: dict, england_three_plus: float | None,
    england_long_term: float | None,
) -> str:  # fmt: skip
    def compare(ours: float | None, england: float | None) -> str:
        return f" (England: {england:g}%)" if england is not None and ours is not None else ""

    parts = []
    if three_plus["percent"] is not None:
        parts.append(
            f"{percent(three_plus['percent'])} of children in care had 3 or more placements in the "
            f"year{compare(three_plus['percent'], england_three_plus)}."
        )
    if long_term["percent"] is not None:
        parts.append(
            f"Of the {_children(long_term['denominator'])} under 16 who had been in care for "
            f"at least two and a half years, {percent(long_term['percent'])} had lived in the same "
            f"placement for at least two years"
            f"{compare(long_term['percent'], england_long_term)}."
        )
    return " ".join(parts) or "Placement stability could not be measured on this date."


def care_leavers(groups: dict | None) -> str:
    if not groups:
        return "Care leavers are counted at 31 March each year."
    parts = []
    for key, label in (("17_18", "aged 17 or 18"), ("19_21", "aged 19 to 21")):
        group = groups[key]
        if not group["cohort"]:
            continue
        parts.append(
            f"Of {count(group['cohort'])} care leavers {label}, "
            f"{share(group['suitable_accommodation'], group['cohort'])} were in suitable "
            f"accommodation and {share(group['eet'], group['cohort'])} in education, "
            f"employment or training."
        )
    return " ".join(parts) or "No care leavers were recorded for this year."
