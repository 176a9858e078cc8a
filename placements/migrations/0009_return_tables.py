"""Each table of a return is saved as one archive of columns (ReturnTable, ADR 0030) instead of
a database row per 903 row; the rows already imported are moved into it here, and the old
tables go in 0010."""

import django.db.models.deletion
import pandas as pd
from django.db import migrations, models

from placements.cohort import saved_tables

# Old model -> (table, {field: 903 column}), as placements/cohort/services.py saved them.
TYPED = {
    "ChildHeader": ("Header", {"sex": "SEX", "dob": "DOB", "ethnic": "ETHNIC", "upn": "UPN",
                               "mother": "MOTHER", "mc_dob": "MC_DOB"}),
    "Episode": ("Episodes", {"decom": "DECOM", "rne": "RNE", "ls": "LS", "cin": "CIN",
                             "place": "PLACE", "place_provider": "PLACE_PROVIDER", "dec": "DEC",
                             "rec": "REC", "reason_place_change": "REASON_PLACE_CHANGE",
                             "home_post": "HOME_POST", "pl_post": "PL_POST", "urn": "URN",
                             "distance": "DISTANCE", "placed_in_area": "PLACED_IN_AREA"}),
    "UASCRecord": ("UASC", {"sex": "SEX", "dob": "DOB", "duc": "DUC"}),
    "CareLeaver": ("OC3", {"dob": "DOB", "in_touch": "IN_TOUCH", "activ": "ACTIV",
                           "accom": "ACCOM"}),
}  # fmt: skip
DATES = {"DOB", "MC_DOB", "DECOM", "DEC", "DUC"}
COMMON = ["child", "source_file", "source_row"]


def _as_saved(frame: pd.DataFrame) -> pd.DataFrame:
    """The kinds the reader gives (text, dates, row numbers), which the import saves."""
    frame = frame.rename(columns={"child": "CHILD", "source_file": "_file", "source_row": "_row"})
    frame["_row"] = pd.to_numeric(frame["_row"]).fillna(0).astype("int64")
    for column in frame.columns:
        if column in DATES:
            frame[column] = pd.to_datetime(frame[column])
        elif column == "DISTANCE":
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
        elif column == "PLACED_IN_AREA":
            frame[column] = frame[column].astype("boolean")
        elif column != "_row":
            frame[column] = frame[column].fillna("").astype("str")
    return frame


def _save(ReturnTable, return_pk: int, table: str, frame: pd.DataFrame) -> None:
    layout, data = saved_tables.encode_table(_as_saved(frame).reset_index(drop=True))
    ReturnTable.objects.create(
        return_obj_id=return_pk, table=table, rows=len(frame), layout=layout, data=data
    )


def rows_to_tables(apps, schema_editor):
    ReturnTable = apps.get_model("placements", "ReturnTable")
    OtherRow = apps.get_model("placements", "OtherRow")
    for return_pk in apps.get_model("placements", "Return").objects.values_list("pk", flat=True):
        for model_name, (table, fields) in TYPED.items():
            rows = (
                apps.get_model("placements", model_name)
                .objects.filter(return_obj_id=return_pk)
                .order_by("pk")
                .values_list(*COMMON, *fields)
            )
            records = list(rows)
            if records:
                frame = pd.DataFrame.from_records(records, columns=[*COMMON, *fields.values()])
                _save(ReturnTable, return_pk, table, frame)
        # The other tables were kept whole as JSON, CHILD included (dates as ISO text: they
        # stay text).
        others = OtherRow.objects.filter(return_obj_id=return_pk).order_by("pk")
        for table in others.order_by("table").values_list("table", flat=True).distinct():
            records = list(others.filter(table=table).values_list(*COMMON, "data"))
            data = pd.DataFrame.from_records([r[3] for r in records], index=range(len(records)))
            where = pd.DataFrame.from_records([r[:3] for r in records], columns=COMMON)
            where = where.drop(columns="child") if "CHILD" in data.columns else where
            _save(ReturnTable, return_pk, table, pd.concat([where, data], axis=1))


def stored_uncompressed(apps, schema_editor):
    """On PostgreSQL, the archives are kept as they are: compressing a national return's
    tables (pglz, on by default for large values) took the server about 2 s a return, for a
    third of the space (ADR 0030)."""
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("placements", "ReturnTable")._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN data SET STORAGE EXTERNAL")


def refuse_to_lose_rows(apps, schema_editor):
    """Going back would leave the old tables empty: allowed only when nothing was saved."""
    saved = apps.get_model("placements", "ReturnTable").objects.count()
    if saved:
        raise RuntimeError(
            f"Cannot unapply: {saved} saved tables would be lost. Restore a backup instead."
        )


class Migration(migrations.Migration):
    dependencies = [("placements", "0008_row_council_not_a_constraint")]

    operations = [
        migrations.CreateModel(
            name="ReturnTable",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("table", models.CharField(max_length=20)),
                ("rows", models.PositiveIntegerField()),
                ("layout", models.JSONField()),
                ("data", models.BinaryField()),
                ("return_obj", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                 related_name="tables", to="placements.return")),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("return_obj", "table"), name="one_saved_table")
                ],
            },
        ),  # fmt: skip
        migrations.RunPython(stored_uncompressed, migrations.RunPython.noop),
        migrations.RunPython(rows_to_tables, refuse_to_lose_rows),
    ]
