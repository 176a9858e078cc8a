"""Writes to the committee paper. Every field saves through the action plan's conditional save
(sufficiency.plan.services.save_versioned): a second person's save never silently replaces the
first's, and django-simple-history records who changed what (ADR 0007, ADR 0013)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from reports.cover_models import CoverReport, StrategyReview
from sufficiency.councils import User
from sufficiency.plan.services import EditConflict, save_versioned

__all__ = ["EditConflict", "save_fields"]


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _stored(instance: CoverReport | StrategyReview, user: User | None):
    """The instance in the database: a new cover or review is created on its first save."""
    if instance.pk is not None:
        return instance
    model = type(instance)
    try:
        with transaction.atomic():
            instance._history_user = user
            instance.save()
            return instance
    except IntegrityError:  # someone else created it first: their version decides
        if isinstance(instance, CoverReport):
            return CoverReport.objects.get(
                la=instance.la, kind=instance.kind, reference_date=instance.reference_date
            )
        return model._default_manager.get(strategy=instance.strategy)


@transaction.atomic
def save_fields(
    instance: CoverReport | StrategyReview,
    *,
    seen_version: int,
    changes: dict,
    draft_texts: dict[str, str],
    user: User | None,
) -> CoverReport | StrategyReview:
    """Save fields of a cover or review if nobody saved it since `seen_version`.

    Text that is still its starting draft is stored blank, so the draft keeps following the
    figures; once the council writes its own words, they stand.
    """
    kept = {
        name: (
            ""
            if isinstance(value, str)
            and name in draft_texts
            and _same_text(value, draft_texts[name])
            else value
        )
        for name, value in changes.items()
    }
    stored: CoverReport | StrategyReview = _stored(instance, user)
    return save_versioned(stored, seen_version=seen_version, changes=kept, user=user)
