"""Reading referrals: always one council's, with `la=`.

`referral_summary(la=, start=, end=)` is what other areas read (the quarterly report, the
strategy's type-of-home chapters): a typed ReferralSummary, every figure true at `end`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from django.db import connection
from django.db.models import Max, Min, QuerySet
from django.shortcuts import get_object_or_404

from placements.referrals import analysis
from placements.referrals.analysis import ReferralSummary
from placements.referrals.models import ChildLink, Referral
from sufficiency.calendar import financial_year
from sufficiency.councils import LocalAuthority


def referral_frame(la: LocalAuthority, *, start: date | None = None,
                   end: date | None = None) -> pd.DataFrame:  # fmt: skip
    """One row per referral, the standard's fields as columns."""
    queryset = Referral.objects.filter(la=la)
    if start is not None:
        queryset = queryset.filter(referral_date__gte=start)
    if end is not None:
        queryset = queryset.filter(referral_date__lte=end)
    columns = analysis.ANALYSIS_COLUMNS
    # The database's own values, without Django's converter per value: the analysis reads
    # dates, flags and amounts by column (pandas.to_datetime, to_numeric), whichever database.
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return analysis.empty_frame(columns)
    return pd.DataFrame.from_records(rows, columns=columns)


def referral_summary(*, la: LocalAuthority, start: date, end: date) -> ReferralSummary:
    """The referrals received from `start` to `end` and what became of them by `end`."""
    frame = referral_frame(la, start=start, end=end)
    return analysis.summarise(frame, start=start, end=end)


def referral_years(la: LocalAuthority) -> list[int]:
    """Financial years (by the year they start) with a referral, latest first."""
    span = Referral.objects.filter(la=la).aggregate(first=Min("referral_date"),
                                                    last=Max("referral_date"))  # fmt: skip
    if span["first"] is None:
        return []
    return list(range(financial_year(span["last"]), financial_year(span["first"]) - 1, -1))


def referrals(la: LocalAuthority, *, child_id: str = "", outcome: str = "") -> QuerySet:
    queryset = Referral.objects.filter(la=la).select_related("provider")
    if child_id:
        queryset = queryset.filter(child_id__iexact=child_id.strip())
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    return queryset


def referral(la: LocalAuthority, pk: int) -> Referral:
    return get_object_or_404(Referral.objects.select_related("provider"), la=la, pk=pk)


def export_records(la: LocalAuthority) -> list[dict]:
    """Every referral of the council as the standard's fields, oldest first."""
    columns = analysis.COLUMNS
    rows = Referral.objects.filter(la=la).order_by("referral_date", "child_id")
    return [dict(zip(columns, r, strict=True)) for r in rows.values_list(*columns)]


def ssda903_child(la: LocalAuthority, child_id: str) -> str:
    """The SSDA903 CHILD a case-management ID stands for: its mapping, else the ID itself."""
    link = ChildLink.objects.filter(la=la, child_id=child_id).first()
    return link.ssda903_child if link else child_id
