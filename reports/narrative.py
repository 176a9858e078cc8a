"""The needs analysis written as sentences from the figures. Pure and deterministic: the same
figures always give the same words, so a council can trust (and test) what the report says."""

from datetime import date

FOSTERING = ("kinship_foster", "inhouse_foster", "ifa_foster")


def _date(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def _n(value: int) -> str:
    return f"{value:,}"


def _children(count: int) -> str:
    return f"{_n(count)} {'child' if count == 1 else 'children'}"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _was(count: int) -> str:
    return "was" if count == 1 else "were"


def looked_after(
    *, on: date, cla: int, before: int | None, rate: float | None, england_rate: float | None
) -> str:
    """'On 31 March 2025, 864 children were looked after, 6.5% more than a year earlier: 93.7
    per 10,000 children, against 67 in England.'"""
    sentence = f"On {_date(on)}, {_children(cla)} {_was(cla)} looked after"
    if before is not None:
        if before == cla:
            sentence += ", the same number as a year earlier"
        elif before:
            change = 100 * (cla - before) / before
            more_or_fewer = "more" if cla > before else "fewer"
            sentence += f", {abs(change):.1f}% {more_or_fewer} than a year earlier"
    if rate is not None:
        sentence += f": {rate:.1f} per 10,000 children"
        if england_rate is not None:
            sentence += f", against {england_rate:g} in England"
    return sentence + "."


def flows(*, started: int, ceased: int) -> str:
    """Starts and ends in the year, and what they did to the number in care."""
    sentence = (
        f"During the year, {_children(started)} started to be looked after and {_n(ceased)} ceased"
    )
    if started > ceased:
        return sentence + f", so more came into care than left, by {_n(started - ceased)}."
    if ceased > started:
        return sentence + f", so more left care than came in, by {_n(ceased - started)}."
    return sentence + ", as many as came in."


def placement_mix(mix: dict[str, int], labels: dict[str, str]) -> str:
    """Fostering first (the majority in every English council), then the largest other types."""
    total = sum(mix.values())
    if not total:
        return "No child was looked after on this date."
    fostered = sum(mix.get(k, 0) for k in FOSTERING)
    parts = [
        f"{_n(fostered)} of {_n(total)} children ({_share(fostered, total)}) lived in foster "
        f"care: {_n(mix.get('kinship_foster', 0))} with family or friends, "
        f"{_n(mix.get('inhouse_foster', 0))} with the council's own foster carers and "
        f"{_n(mix.get('ifa_foster', 0))} with independent fostering agencies."
    ]
    others = sorted(
        ((k, v) for k, v in mix.items() if k not in FOSTERING and v), key=lambda kv: (-kv[1], kv[0])
    )[:3]
    if others:
        described = [f"{_n(v)} ({_share(v, total)}) {labels[k].lower()}" for k, v in others]
        listed = ", ".join(described[:-1]) + (" and " if len(described) > 1 else "") + described[-1]
        parts.append(f"Of the rest, the largest groups were: {listed}.")
    return " ".join(parts)


def distance(*, numerator: int, denominator: int, unknown: int, out_of_area: int | None) -> str:
    if denominator and unknown >= denominator:
        # Unknown is not zero: with no distance known, no share can be given.
        sentence = (
            f"How far from home children live is not known: for all {_n(denominator)} children "
            "in care a postcode is blank or not in the ONS Postcode Directory"
        )
        if out_of_area is not None:
            sentence += f"; {_n(out_of_area)} lived outside the council's area"
        return sentence + "."
    sentence = (
        f"{_children(numerator).capitalize()} ({_share(numerator, denominator)}) lived more "
        f"than 20 miles from home"
    )
    if out_of_area is not None:
        sentence += f", and {_n(out_of_area)} outside the council's area"
    sentence += "."
    if unknown:
        sentence += f" For {_n(unknown)}, the distance is not known."
    return sentence


def stability(
    *, three_plus: dict, long_term: dict, england_three_plus: float | None,
    england_long_term: float | None,
) -> str:  # fmt: skip
    def compare(percent: float | None, england: float | None) -> str:
        return f" (England: {england:g}%)" if england is not None and percent is not None else ""

    parts = []
    if three_plus["percent"] is not None:
        parts.append(
            f"{three_plus['percent']:.1f}% of children in care had 3 or more placements in the "
            f"year{compare(three_plus['percent'], england_three_plus)}."
        )
    if long_term["percent"] is not None:
        parts.append(
            f"Of the {_n(long_term['denominator'])} children under 16 who had been in care for "
            f"at least two and a half years, {long_term['percent']:.1f}% had lived in the same "
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
            f"Of {_n(group['cohort'])} care leavers {label}, "
            f"{_share(group['suitable_accommodation'], group['cohort'])} were in suitable "
            f"accommodation and {_share(group['eet'], group['cohort'])} in education, "
            f"employment or training."
        )
    return " ".join(parts) or "No care leavers were recorded for this year."
