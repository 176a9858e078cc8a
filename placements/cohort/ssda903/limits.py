"""How much one SSDA903 import may hold, checked while the files are read.

A 1.3 MB zip can hold gigabytes of CSV; a folder can hold thousands of files; a zip can hold a
zip that holds a zip. Without limits one upload can exhaust the server's memory and time. The
limits live in settings (IMPORT_MAX_*) with defaults that a large county's six years of returns
fit well inside. Each is checked as the reader goes, on the bytes actually decompressed (a zip
member's declared size can lie), and a refusal is a ReturnFileError that names the limit, so the
import stops before it saves anything.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings

from placements.cohort.ssda903.tables import ReturnFileError
from sufficiency.formatting import count
from sufficiency.uploads import megabytes, too_large_message

# Read a zip member this much at a time, so that the count can stop a bomb part-way.
CHUNK_BYTES = 1024 * 1024

DEFAULTS = {
    "IMPORT_MAX_UPLOAD_BYTES": 100 * 1024**2,
    "IMPORT_MAX_EXPANDED_BYTES": 200 * 1024**2,
    "IMPORT_MAX_FILES": 200,
    "IMPORT_MAX_ZIP_DEPTH": 2,
    "IMPORT_MAX_ROWS_PER_TABLE": 1_000_000,
    "IMPORT_MAX_XML_DEPTH": 64,
}


class LimitExceeded(ReturnFileError):
    """A file that would take the import past one of its limits."""


@dataclass(frozen=True)
class ImportLimits:
    upload_bytes: int
    expanded_bytes: int
    files: int
    zip_depth: int
    rows_per_table: int
    xml_depth: int

    @classmethod
    def from_settings(cls) -> ImportLimits:
        def value(name: str) -> int:
            return int(getattr(settings, name, DEFAULTS[name]))

        return cls(
            upload_bytes=value("IMPORT_MAX_UPLOAD_BYTES"),
            expanded_bytes=value("IMPORT_MAX_EXPANDED_BYTES"),
            files=value("IMPORT_MAX_FILES"),
            zip_depth=value("IMPORT_MAX_ZIP_DEPTH"),
            rows_per_table=value("IMPORT_MAX_ROWS_PER_TABLE"),
            xml_depth=value("IMPORT_MAX_XML_DEPTH"),
        )


def upload_too_large(total: int, limits: ImportLimits) -> str | None:
    """The message for an upload bigger than the limit, or None when it fits."""
    if total <= limits.upload_bytes:
        return None
    return too_large_message(total, limits.upload_bytes)


class ReadBudget:
    """What one import has read so far, against its limits."""

    def __init__(self, limits: ImportLimits | None = None) -> None:
        self.limits = limits or ImportLimits.from_settings()
        self.expanded = 0
        self.files = 0
        self.rows: dict[str, int] = {}

    def take_file(self, name: str) -> None:
        self.files += 1
        if self.files > self.limits.files:
            raise LimitExceeded(
                name,
                f"the return holds more than {count(self.limits.files)} files, the limit on files "
                "in one import (IMPORT_MAX_FILES)",
            )

    def take_bytes(self, name: str, size: int) -> None:
        self.expanded += size
        if self.expanded > self.limits.expanded_bytes:
            raise LimitExceeded(
                name,
                f"the files expand to more than {megabytes(self.limits.expanded_bytes)}, the "
                "limit on what one import may read (IMPORT_MAX_EXPANDED_BYTES)",
            )

    def check_zip_depth(self, name: str, depth: int) -> None:
        if depth > self.limits.zip_depth:
            raise LimitExceeded(
                name,
                f"zips are nested more than {self.limits.zip_depth} deep, the limit on zips "
                "inside zips (IMPORT_MAX_ZIP_DEPTH)",
            )

    def check_members(self, name: str, archive: zipfile.ZipFile) -> None:
        """Refuse at once what the zip's own directory already shows to be too much."""
        members = archive.infolist()
        if len(members) > self.limits.files:
            raise LimitExceeded(
                name,
                f"the zip holds {count(len(members))} entries, more than the limit of "
                f"{count(self.limits.files)} files in one import (IMPORT_MAX_FILES)",
            )
        declared = sum(info.file_size for info in members)
        if self.expanded + declared > self.limits.expanded_bytes:
            raise LimitExceeded(
                name,
                f"the zip expands to {megabytes(declared)}, more than the "
                f"{megabytes(self.limits.expanded_bytes)} one import may read "
                "(IMPORT_MAX_EXPANDED_BYTES)",
            )

    def read_member(self, name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        """A zip member's bytes, decompressed a chunk at a time and counted as they come."""
        self.take_file(name)
        buffer = bytearray()
        with archive.open(info) as member:
            while chunk := member.read(CHUNK_BYTES):
                self.take_bytes(name, len(chunk))
                buffer += chunk
        return bytes(buffer)

    def take_rows(self, name: str, table: str, rows: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + rows
        if self.rows[table] > self.limits.rows_per_table:
            raise LimitExceeded(
                name,
                f"the {table} table has more than {count(self.limits.rows_per_table)} rows, the "
                "limit on rows in one table (IMPORT_MAX_ROWS_PER_TABLE)",
            )


def xml_too_deep(name: str, limits: ImportLimits) -> LimitExceeded:
    return LimitExceeded(
        name,
        f"the XML nests elements more than {limits.xml_depth} deep; an SSDA903 return needs "
        "fewer than ten (IMPORT_MAX_XML_DEPTH)",
    )
