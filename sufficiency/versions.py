"""Data versions: a token that changes whenever rows of some models change, so figures worked
out from them can be kept until then (ADR 0017).

Models kept by django-simple-history record every create, change and delete in their history
table, whose ids only grow: the highest id is the version. Other models count as their number
of rows and highest id, which catches rows added or removed (the append-only tables they are
used for here). One query answers for all the models asked about.
"""

from django.db import connection, models


def of(*model_classes: type[models.Model]) -> tuple:
    quote = connection.ops.quote_name
    parts = []
    for model in model_classes:
        history = getattr(model, "history", None)
        if history is not None:
            table = quote(history.model._meta.db_table)
            parts.append(f"(SELECT MAX(history_id) FROM {table})")  # noqa: S608
        else:
            table, pk = quote(model._meta.db_table), quote(str(model._meta.pk.column))
            parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
            parts.append(f"(SELECT MAX({pk}) FROM {table})")  # noqa: S608
    if not parts:
        return ()
    with connection.cursor() as cursor:
        # Table and column names come from the models; nothing comes from a user.
        cursor.execute("SELECT " + ", ".join(parts))  # noqa: S608
        return tuple(cursor.fetchone())
