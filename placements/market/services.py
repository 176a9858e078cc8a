"""Writes to the market: the Ofsted list import, and a council's costs and vacancies from CSV.

Providers are national: an import updates each provider by URN, keeps what the file does not
say (a release without postcodes leaves postcodes alone) and adds to, never replaces, the
inspection history. Every provider change is recorded by django-simple-history, in bulk.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal, overload

import pandas as pd
from django import forms
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from placements.cohort import postcodes
from placements.cohort.measures import CATEGORY_LABELS, PLACEMENT_CATEGORIES
from placements.cohort.reference import council_of_districts
from placements.market import ofsted
from placements.market.models import (
    Cost,
    Inspection,
    Provider,
    ProviderImport,
    Rating,
    Vacancy,
)
from sufficiency.councils import LocalAuthority

BATCH = 1000
# Fields an import may set, in the order they are compared.
PROVIDER_FIELDS = (
    "name", "provider_type", "provider_type_text", "sector", "owner", "local_authority", "region",
    "postcode", "easting", "northing", "council_code", "places", "registration_status",
    "registration_date", "closed_date", "registration_categories", "rating", "rating_date",
)  # fmt: skip


def _locate(records: list[dict]) -> None:
    """Easting, northing and council of each record's postcode (blank when not found)."""
    with_postcode = [r for r in records if "postcode" in r]
    if not with_postcode:
        return
    series = pd.Series([r["postcode"] or None for r in with_postcode], dtype="object")
    # locate reads only the letters the postcodes start with, once per process.
    found = postcodes.locate(series)
    councils = council_of_districts(found["laua"])
    for record, east, north, council in zip(
        with_postcode, found["easting"], found["northing"], councils, strict=True
    ):
        located = pd.notna(east)
        record["easting"] = float(east) if located else None
        record["northing"] = float(north) if located else None
        record["council_code"] = council if isinstance(council, str) else ""


@transaction.atomic
def import_providers(
    *, name: str, data: bytes, user=None, la: LocalAuthority | None = None
) -> ProviderImport:
    """Import an Ofsted providers list: create new URNs, update known ones, report bad rows."""
    parsed = ofsted.parse(name, data)
    urns = [r["urn"] for r in parsed.records]
    existing: dict[str, Provider] = {}
    for start in range(0, len(urns), BATCH):
        existing.update(Provider.objects.in_bulk(urns[start : start + BATCH], field_name="urn"))
    # Only new or moved settings need the postcode directory (loading it is most of the time).
    _locate([r for r in parsed.records if _moved(r, existing.get(r["urn"]))])
    to_create: list[Provider] = []
    to_update: list[Provider] = []
    changed_fields: set[str] = set()
    inspections: list[tuple[str, date, str, str]] = []
    for record in parsed.records:
        if record.get("rating_date") and record.get("rating") not in (
            None,
            Rating.NOT_YET_INSPECTED,
        ):
            inspections.append(
                (record["urn"], record["rating_date"], record["rating"],
                 record.get("inspection_type") or "Full inspection")
            )  # fmt: skip
        provider = existing.get(record["urn"])
        if provider is None:
            to_create.append(Provider(urn=record["urn"], **_fields(record)))
            continue
        values = _fields(record)
        # An older inspection in this file never replaces a later one already known.
        if (
            "rating" in values
            and provider.rating_date
            and (values.get("rating_date") or date.min) < provider.rating_date
        ):
            values.pop("rating", None)
            values.pop("rating_date", None)
        changes = [f for f, v in values.items() if getattr(provider, f) != v]
        if changes:
            for f in changes:
                setattr(provider, f, values[f])
            changed_fields.update(changes)
            to_update.append(provider)
    if to_create:
        bulk_create_with_history(to_create, Provider, batch_size=BATCH, default_user=user)
    if to_update:
        bulk_update_with_history(
            to_update, Provider, sorted(changed_fields), batch_size=BATCH, default_user=user
        )
    if inspections:
        ids = dict(Provider.objects.filter(urn__in=urns).values_list("urn", "pk"))
        Inspection.objects.bulk_create(
            [
                Inspection(provider_id=ids[u], date=d, rating=r, inspection_type=t[:60])
                for u, d, r, t in inspections
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
    return ProviderImport.objects.create(
        la=la,
        user=user,
        file_name=name[:255],
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(parsed.records) - len(to_create) - len(to_update),
        rejected=len(parsed.problems),
        problems=[p.as_dict() for p in parsed.problems],
        columns=parsed.columns,
    )


def _moved(record: dict, provider: Provider | None) -> bool:
    return (
        provider is None
        or record.get("postcode", provider.postcode) != provider.postcode
        or (bool(provider.postcode) and provider.easting is None)
    )


def _fields(record: dict) -> dict:
    return {f: record[f] for f in PROVIDER_FIELDS if f in record}


# Costs and vacancies from CSV -------------------------------------------------------------------

COSTS_TEMPLATE_COLUMNS = ("urn", "placement_category", "weekly_cost", "from", "until")
VACANCIES_TEMPLATE_COLUMNS = ("urn", "date", "places_free", "placement_category", "notes")
_CATEGORY_BY_TEXT = {
    **{ofsted._key(k): k for k in PLACEMENT_CATEGORIES},
    **{ofsted._key(v): k for k, v in CATEGORY_LABELS.items()},
}


@dataclass
class CsvResult:
    created: int = 0
    updated: int = 0
    problems: list[dict] = field(default_factory=list)


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return [{ofsted._key(k).replace(" ", "_"): (v or "").strip() for k, v in row.items() if k}
            for row in reader]  # fmt: skip


def _money(text: str) -> Decimal:
    value = Decimal(text.replace("£", "").replace(",", "").strip())
    if value < 0 or value > Decimal("1000000"):
        raise InvalidOperation
    return value.quantize(Decimal("0.01"))


def _category(text: str, *, required: bool) -> str:
    if not text.strip():
        if required:
            raise ValueError("No placement category")
        return ""
    category = _CATEGORY_BY_TEXT.get(ofsted._key(text))
    if category is None:
        raise ValueError(f"Placement category “{text}” is not one we know")
    return category


def _providers_by_urn(rows: list[dict]) -> dict[str, int]:
    """The ids of the providers a CSV's rows name, by URN."""
    urns = {ofsted.clean_urn(row.get("urn", "")) for row in rows}
    return dict(Provider.objects.filter(urn__in=urns).values_list("urn", "pk"))


@transaction.atomic
def import_costs(*, la: LocalAuthority, data: bytes) -> CsvResult:
    """Weekly costs from the template: one row per provider, category and start date.

    A row for a provider, category and start date already recorded updates its cost.
    """
    result = CsvResult()
    rows = _csv_rows(data)
    providers = _providers_by_urn(rows)
    for number, row in enumerate(rows, start=2):
        urn = ofsted.clean_urn(row.get("urn", ""))
        try:
            if urn not in providers:
                raise ValueError(f"No provider with URN “{urn}”: import the Ofsted list first")
            category = _category(row.get("placement_category", ""), required=True)
            try:
                weekly = _money(row.get("weekly_cost", ""))
            except (InvalidOperation, ValueError):
                raise ValueError(
                    f"Weekly cost “{row.get('weekly_cost', '')}” is not an amount"
                ) from None
            start = _date(row.get("from", ""), "From", required=True)
            end = _date(row.get("until", ""), "Until", required=False)
            if end and end < start:
                raise ValueError("Until is before From")
        except ValueError as error:
            result.problems.append({"row": number, "urn": urn, "reason": str(error)})
            continue
        cost = Cost.objects.filter(
            la=la, provider_id=providers[urn], category=category, start=start
        ).first()
        if cost is None:
            Cost.objects.create(
                la=la, provider_id=providers[urn], category=category, start=start, end=end,
                weekly_cost=weekly,
            )  # fmt: skip
            result.created += 1
        elif (cost.weekly_cost, cost.end) != (weekly, end):
            cost.weekly_cost, cost.end = weekly, end
            cost.save()
            result.updated += 1
    return result


@transaction.atomic
def import_vacancies(*, la: LocalAuthority, data: bytes) -> CsvResult:
    result = CsvResult()
    rows = _csv_rows(data)
    providers = _providers_by_urn(rows)
    for number, row in enumerate(rows, start=2):
        urn = ofsted.clean_urn(row.get("urn", ""))
        try:
            if urn not in providers:
                raise ValueError(f"No provider with URN “{urn}”: import the Ofsted list first")
            on = _date(row.get("date", ""), "Date", required=True)
            try:
                free = ofsted.parse_places(row.get("places_free", ""))
            except ValueError:
                free = None
            if free is None:
                raise ValueError(f"Places free “{row.get('places_free', '')}” is not a number")
            category = _category(row.get("placement_category", ""), required=False)
        except ValueError as error:
            result.problems.append({"row": number, "urn": urn, "reason": str(error)})
            continue
        vacancy, created = Vacancy.objects.get_or_create(
            la=la, provider_id=providers[urn], date=on, category=category,
            defaults={"places_free": free, "notes": row.get("notes", "")[:300]},
        )  # fmt: skip
        if created:
            result.created += 1
        elif vacancy.places_free != free:
            vacancy.places_free = free
            vacancy.save()
            result.updated += 1
    return result


@overload
def _date(text: str, label: str, *, required: Literal[True]) -> date: ...
@overload
def _date(text: str, label: str, *, required: Literal[False]) -> date | None: ...
def _date(text: str, label: str, *, required: bool) -> date | None:
    try:
        value = ofsted.parse_date(text)
    except ValueError:
        raise ValueError(f"{label} “{text}” is not a date") from None
    if value is None and required:
        raise ValueError(f"No {label.lower()} date")
    return value


@transaction.atomic
def save_record[R: models.Model](form: forms.ModelForm[R], *, la: LocalAuthority) -> R:
    """A contract, cost, vacancy, fostering quarter or local provider record as its validated
    form describes it, for the council `la` (history is kept).

    The council is set here, not by the form, so that every market write says whose record it
    is in one place: a form only validates what was entered.
    """
    form.instance.la = la  # type: ignore[attr-defined]  # every market record has a council
    return form.save()


@transaction.atomic
def delete_record(item: models.Model) -> None:
    item.delete()
