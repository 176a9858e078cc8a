"""Small SSDA903 returns written in tests, as (file name, bytes) pairs like an upload, and the
one step that uploads and imports them."""

import pandas as pd

from placements.cohort import saved_tables
from placements.cohort.models import ReturnTable
from placements.cohort.services import create_return, import_return

HEADER_COLUMNS = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODE_COLUMNS = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)
UASC_COLUMNS = "CHILD,SEX,DOB,DUC"
OC3_COLUMNS = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"


def csv_file(name: str, columns: str, *rows: str) -> tuple[str, bytes]:
    return name, ("\r\n".join([columns, *rows]) + "\r\n").encode()


def header(*rows: str, name: str = "header.csv") -> tuple[str, bytes]:
    return csv_file(name, HEADER_COLUMNS, *rows)


def episodes(*rows: str, name: str = "episodes.csv") -> tuple[str, bytes]:
    return csv_file(name, EPISODE_COLUMNS, *rows)


def uasc(*rows: str) -> tuple[str, bytes]:
    return csv_file("uasc.csv", UASC_COLUMNS, *rows)


def oc3(*rows: str) -> tuple[str, bytes]:
    return csv_file("oc3.csv", OC3_COLUMNS, *rows)


def load(la, year: int, *files: tuple[str, bytes], user=None, accept=False, as_at=None):
    """Upload a return's files and import them, as an analyst does on the Data page."""
    return import_return(
        create_return(la=la, year=year, uploads=list(files), user=user, as_at=as_at),
        accept=accept,
    )


def saved(table: str, **returns) -> pd.DataFrame:
    """Every row saved of `table` in the returns matching `returns` (Return field lookups, as
    la= or pk=), every column, one return after another."""
    parts = [
        saved_tables.decode_table(t.layout, t.rows, t.data, list(t.layout["columns"]))
        for t in ReturnTable.objects.filter(
            table=table, **{f"return_obj__{k}": v for k, v in returns.items()}
        ).order_by("return_obj_id")
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
