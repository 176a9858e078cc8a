"""The tables of a database row per 903 row go: 0009 moved their rows into ReturnTable
(ADR 0030). Each is dropped whole, with its indexes (removing fields first would make SQLite
copy every row of each table once per field)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("placements", "0009_return_tables")]

    operations = [
        migrations.DeleteModel(name=name)
        for name in ("CareLeaver", "ChildHeader", "Episode", "OtherRow", "UASCRecord")
    ]
