"""Formatting the cohort's figures for people: pages, the command line, CSV downloads."""

from placements.cohort import charts, dfe_rules, needs
from placements.cohort.analysis import AGE_BAND_LABELS, change
from placements.cohort.measures import CATEGORY_LABELS
from placements.cohort.models import DfeRulesRun, Return
from placements.cohort.preview import preview_rows
from placements.cohort.selectors import Cohort, CohortAt
from sufficiency import exports
from sufficiency.calendar import collection_year_label
from sufficiency.formatting import count, number, percent, rate


def measure_share(measure: dict) -> str:
    """A share measure for people. Unknown is never zero: when no child in the denominator has
    a known value (say, no postcode is in the directory) the share is "not known", with the
    count; otherwise the percentage, and how many are not known."""
    unknown = measure.get("unknown") or 0
    denominator = measure["denominator"]
    if denominator and unknown >= denominator:
        return f"not known (for all {count(denominator)} children)"
    if measure["percent"] is None:
        return "–"
    return percent(measure["percent"]) + (f" ({count(unknown)} not known)" if unknown else "")


all_unknown = needs.all_unknown


def import_summary_lines(return_obj: Return, *, every_problem: bool = False) -> list[str]:
    lines = [
        f"{return_obj.la.code} {return_obj.data_label} return: {return_obj.get_status_display()}",
    ]
    if return_obj.error:
        lines.append(f"Error: {return_obj.error}")
    lines += [
        f"Rows read:     {count(return_obj.rows_read)}",
        f"Imported:      {count(return_obj.rows_imported)}",
        f"Rejected:      {count(return_obj.rows_rejected)}",
        f"Warnings:      {count(return_obj.warnings)}",
    ]
    tables = return_obj.preview.get("tables") or {}
    for table, rows in sorted(return_obj.table_counts.items()):
        rejected = tables.get(table, {}).get("rejected", 0)
        lines.append(
            f"  {table}: {count(rows)} rows" + (f", {count(rejected)} rejected" if rejected else "")
        )
    if return_obj.preview.get("after"):
        lines.append("What would change:" if return_obj.status == "preview" else "What changed:")
        for row in preview_rows(return_obj.preview):
            now = "none" if row["now"] is None else f"{count(row['now'])}"
            after = "none" if row["after"] is None else f"{count(row['after'])}"
            lines.append(f"  {row['label']} at {row['on']:%-d %B %Y}: {now} -> {after}")
    problems = list(return_obj.problems.all())
    shown = problems if every_problem else problems[:20]
    for p in shown:
        where = (
            f"{p.file}"
            + (f", row {p.row}" if p.row else "")
            + (f", {p.column}" if p.column else "")
        )
        value = f" '{p.value}'" if p.value else ""
        lines.append(f"{p.severity.upper()}: {where}:{value} {p.reason}")
    if len(problems) > len(shown):
        lines.append(f"... and {len(problems) - len(shown)} more (use --problems to list all)")
    return lines


def measures_table(result: dict) -> str:
    """The MEASURES.md object as a readable table for the terminal."""
    rows = [
        ("Council", result["la"]),
        ("Reference date", result["reference_date"]),
        ("Children looked after", count(result["cla"])),
        ("Started in the year", count(result["started"])),
        ("Ceased in the year", count(result["ceased"])),
        ("UASC", count(result["uasc"])),
        ("Rate per 10,000", "–" if result["rate_per_10k"] is None else result["rate_per_10k"]),
    ]
    rows += [(f"Age {band.replace('_', '-')}", n) for band, n in result["age_bands"].items()]
    rows += [(f"Sex: {k}", n) for k, n in result["sex"].items()]
    rows += [(CATEGORY_LABELS[k], n) for k, n in result["placement_mix"].items()]
    for key, label in [
        ("three_plus_placements", "3+ placements"),
        ("long_term_stability", "Long-term stability"),
        ("over_20_miles", "Placed over 20 miles"),
    ]:
        m = result[key]
        rows.append((label, f"{m['numerator']}/{m['denominator']} = {measure_share(m)}"))
    rows.append(("Distance unknown", result["over_20_miles"]["unknown"]))
    if result["care_leavers"]:
        for group, m in result["care_leavers"].items():
            rows.append(
                (
                    f"Care leavers {group.replace('_', '-')}",
                    f"{m['cohort']} ({m['suitable_accommodation']} suitably housed, "
                    f"{m['eet']} in EET)",
                )
            )
    rows += needs.text_rows(result)
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)


DEFINITIONS = {
    "cla": "Children with an episode of care open on the date: started on or before it, and "
    "not ended or ended after it. A child counts once. Short breaks (legal status V3 or V4) "
    "are left out of every figure.",
    "rate_per_10k": "Children looked after on the date, divided by the council's population "
    "aged 0 to 17 for that year (ONS mid-year estimate), times 10,000, to one decimal place.",
    "started": "Children with an episode that started a period of care (reason for new "
    "episode S) in the 12 months ending on the date.",
    "ceased": "Children with an episode that ended a period of care (a reason episode ceased "
    "other than X1) in the 12 months ending on the date.",
    "uasc": "Children looked after on the date who appear in the UASC table, with the date "
    "UASC status ceased blank or after the date.",
    "three_plus_placements": "Of the children looked after on the date, those with 3 or more "
    "placements in the 12 months ending on it: new placements (reason for new episode S, P or "
    "B, not a temporary placement T0-T4 and not a return to the same carer after one), plus "
    "the placement a child was already in at the start of the period.",
    "long_term_stability": "Of the children looked after on the date who are under 16 and "
    "whose period of care started at least 2 years 6 months earlier, those whose current "
    "placement started at least 2 years earlier. Changes of legal status (L), temporary "
    "placements with a return to the same carer, and a move into adoption with the same "
    "carers do not start a new placement.",
    "over_20_miles": "Of the children looked after on the date, those whose current placement "
    "is more than 20 miles, in a straight line, from the home postcode, using the ONS "
    "Postcode Directory's grid references. Unknown: a postcode is blank or not in the "
    "directory.",
    "out_of_area": "Children whose current placement's postcode lies outside the council's "
    "area: in a local authority district whose upper-tier council (ONS lookup, April 2023) is "
    "another council. A blank postcode or one not in the ONS Postcode Directory is not known.",
    "placement_mix": "Children looked after on the date by the type of their current "
    "placement (PLACE code, and provider for fostering).",
    "care_leavers": "Only at 31 March: care leavers in the OC3 table of that year's return, "
    "aged 17-18 or 19-21 on the date. Suitable accommodation: accommodation code ending in 1. "
    "In education, employment or training: activity code starting with F or P.",
    "age": "Age in completed years on the date.",
    "ethnicity": "The child's ethnicity code in the SSDA903 Header, grouped as DfE publishes "
    "them; refused, not yet obtained, blank or any other code is not known.",
}

CARDS = [
    ("cla", "Children looked after", "count", "cla"),
    ("rate_per_10k", "Rate per 10,000 children", "rate", "rate_per_10k"),
    ("started", "Started to be looked after in the year", "count", "started"),
    ("ceased", "Ceased to be looked after in the year", "count", "ceased"),
    ("uasc", "Unaccompanied asylum-seeking children", "count", "uasc"),
    ("three_plus_placements", "With 3 or more placements in the year", "percent",
     "three_plus_placements"),
    ("long_term_stability", "Long-term placement stability", "percent", "long_term_stability"),
    ("over_20_miles", "Placed more than 20 miles from home", "percent", None),
]  # fmt: skip


def _value(measure, kind: str):
    if kind == "percent":
        return None if measure is None else measure["percent"]
    return measure


def formatted(value, kind: str) -> str:
    """A figure for people: percent and rate to one place, a count with thousands separators."""
    if kind == "percent":
        return percent(value)
    if kind == "rate":
        return rate(value)
    return number(value)


def headline_cards(figures: CohortAt) -> list[dict]:

    now, before = figures.now, figures.before
    england = figures.england
    cards = []
    for key, title, kind, england_key in CARDS:
        value = _value(now[key], kind)
        earlier = _value(before[key], kind) if before else None
        if kind == "percent":
            # A share with no known value is not a share of 0 (MEASURES.md "unknown").
            value = None if all_unknown(now[key]) else value
            earlier = None if before and all_unknown(before[key]) else earlier
        delta = change(value, earlier)
        england_value = england[1].get(england_key) if england and england_key else None
        england_text = "England: no published figure here"
        if england is not None and england_value is not None:
            shown = {"percent": f"{england_value}%", "rate": rate(england_value)}.get(
                kind, count(england_value)
            )
            england_text = f"England {collection_year_label(england[0])}: {shown}"
        cards.append(
            {
                "key": key,
                "title": title,
                "value": "Not known"
                if kind == "percent" and all_unknown(now[key])
                else formatted(value, kind),
                "detail": _share_detail(now[key]) if kind == "percent" else "",
                "change": _change_text(delta, kind, figures.year_earlier),
                "england": england_text,
                "definition": DEFINITIONS[key],
            }
        )
    return cards


def _share_detail(measure: dict) -> str:
    unknown = measure.get("unknown") or 0
    if all_unknown(measure):
        return f"not known for all {count(measure['denominator'])} children"
    detail = f"{count(measure['numerator'])} of {count(measure['denominator'])}"
    return detail + (f"; {count(unknown)} not known" if unknown else "")


def _change_text(delta: dict, kind: str, year_earlier) -> str:
    if delta["before"] is None or year_earlier is None:
        return "No figure for a year earlier"
    when = f"{year_earlier:%-d %B %Y}"
    if kind == "percent":
        diff = delta["difference"]
        if diff == 0:
            return f"Same as {when} ({percent(delta['before'])})"
        direction = "up" if diff > 0 else "down"
        return f"{direction} {abs(diff):.1f} points from {percent(delta['before'])} on {when}"
    if delta["difference"] == 0:
        return f"Same as on {when}"
    direction = "up" if delta["difference"] > 0 else "down"
    pct = f" ({percent(abs(delta['percent']))})" if delta["percent"] is not None else ""
    return f"{direction}{pct} from {formatted(delta['before'], kind)} on {when}"


def share_rows(
    counts: dict, labels: dict | None = None, *, unknown_key: str | None = "unknown"
) -> list[list]:
    total = sum(counts.values())
    return [
        [(labels or {}).get(key, key), count(n), needs.breakdown_share(counts, key, unknown_key)]
        for key, n in counts.items()
    ] + [["Total", count(total), "100.0%" if total else "–"]]


def problems_csv_rows(return_obj: Return):
    yield ["severity", "file", "row", "column", "value", "reason"]
    for p in return_obj.problems.all().iterator():
        yield [p.severity, p.file, p.row or "", p.column, p.value, p.reason]


def children_page(figures: CohortAt, *, age_band: str) -> dict:
    """Everything the Children in care page shows at its date, for people."""
    now = figures.now
    return {
        "figures": figures,
        "cards": headline_cards(figures),
        "over_20_miles_share": percent(now["over_20_miles"]["percent"]),
        "over_20_miles_unknown_only": all_unknown(now["over_20_miles"]),
        "mix_chart": charts.placement_mix_chart(now["placement_mix"]),
        "age_chart": charts.age_chart(now["age_bands"], AGE_BAND_LABELS),
        "series_chart": charts.series_chart(figures.series),
        "flows_chart": charts.flows_chart(figures.series),
        "sex_rows": share_rows(
            now["sex"], {"male": "Male", "female": "Female", "unknown": "Not known"}
        ),
        "location_rows": share_rows(
            figures.location,
            {
                "in_area": "Inside the council's area",
                "out_of_area": "Outside the area",
                "unknown": "Not known",
            },
        ),  # fmt: skip
        "definitions": DEFINITIONS,
        "age_label": AGE_BAND_LABELS.get(age_band, ""),
        "labels": CATEGORY_LABELS,
        "needs": needs.needs_context(now),
    }


def dfe_rules_sheets(run: DfeRulesRun) -> list[exports.Sheet]:
    """A DfE rules run as a workbook: a summary by rule, then every failing row."""
    groups = dfe_rules.by_rule(run.issues)
    return [
        exports.Sheet(
            "By rule",
            ["Rule", "Description", "Fields", "Tables", "Children", "Rows"],
            [
                [
                    g["rule"],
                    g["description"],
                    ", ".join(g["fields"]),
                    ", ".join(g["tables"]),
                    exports.count_cell(g["children"]),
                    exports.count_cell(g["row_count"]),
                ]
                for g in groups
            ],
        ),  # fmt: skip
        exports.Sheet(
            "Rows",
            ["Rule", "Table", "Row", "Child", "Fields", "Description"],
            [
                [
                    i["rule"],
                    i["table"],
                    exports.count_cell(i["row"]),
                    i["child"],
                    ", ".join(i["fields"]),
                    i["description"],
                ]
                for i in run.issues
            ],
        ),  # fmt: skip
    ]


def data_as_at(data: Cohort | None) -> dict:
    """For templates/placements/_data_as_at.html: the last day the loaded data covers, and
    whether it comes from an in-year extract (ADR 0021)."""
    if data is None:
        return {"data_as_at": None, "data_extract": False}
    return {"data_as_at": data.last_day, "data_extract": data.as_at is not None}
