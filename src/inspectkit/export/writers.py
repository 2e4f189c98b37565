"""Writing an export in each format. `FORMATS` is the registry `inspectkit export --to` offers.

Every file is written as `files.write_atomic_bytes` writes (temp file + rename; a FIFO or a
device is written into, never replaced). SQLite, XLSX and JSON Lines are one file;
Parquet is a folder with one `<table>.parquet` per table, the layout `inspectkit sql --from` and
any Parquet engine read.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from inspectkit.errors import Refused
from inspectkit.export.schema import SCHEMA_VERSION, TABLES, Export, Table
from inspectkit.files import write_atomic_bytes


class MissingExtra(Refused):
    """An optional package is not installed; the message says which extra to install."""


class ExportError(Refused):
    """The export cannot be written where asked (the message says why and what to do)."""


def require(module: str, extra: str, feature: str) -> Any:
    """Import an optional dependency, or raise MissingExtra naming the extra that brings it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(
            f"{feature} needs the `{module}` package: install it with `pip install 'inspectkit[{extra}]'`"
        ) from None


@dataclass(frozen=True)
class Format:
    name: str
    default_path: str
    folder: bool  # writes a folder of files rather than one file
    write: Callable[[Export, Path], None]


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


_SQL_TYPES = {"text": "TEXT", "date": "DATE", "integer": "INTEGER"}


def create_sql(table: Table) -> str:
    """The table's CREATE TABLE statement (SQLite; dates are ISO text, as SQLite's date functions read)."""
    cols = [f'"{c.name}" {_SQL_TYPES[c.type]}' for c in table.columns]
    if table.key:
        cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in table.key) + ")")
    return f'CREATE TABLE "{table.name}" (' + ", ".join(cols) + ")"


def write_sqlite(export: Export, path: Path) -> None:
    # SQLite writes a database only to a file of its own: built in a private folder, then written
    # to `path` as every file is (files.write_atomic_bytes: never replacing a FIFO or a device).
    with tempfile.TemporaryDirectory(prefix="inspectkit-export-") as folder:
        built = Path(folder) / "export.sqlite"
        conn = sqlite3.connect(built)
        try:
            with conn:
                conn.execute(f"PRAGMA user_version = {int(SCHEMA_VERSION.split('.')[0])}")
                for table in TABLES:
                    conn.execute(create_sql(table))
                    marks = ", ".join("?" * len(table.columns))
                    conn.executemany(
                        f'INSERT INTO "{table.name}" VALUES ({marks})',
                        ([_iso(v) for v in row] for row in export.rows[table.name]),
                    )
        finally:
            conn.close()
        data = built.read_bytes()
    write_atomic_bytes(path, data, overwrite=True)


def write_jsonl(export: Export, path: Path) -> None:
    """One JSON object a line: {"table": NAME, "row": {column: value}}, meta first."""
    lines: list[str] = []
    for table in TABLES:
        names = [c.name for c in table.columns]
        for row in export.rows[table.name]:
            payload = {"table": table.name, "row": dict(zip(names, map(_iso, row), strict=True))}
            lines.append(json.dumps(payload, ensure_ascii=False))
    write_atomic_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"), overwrite=True)


def write_xlsx(export: Export, path: Path) -> None:
    from inspectkit.export.xlsx import Sheet, workbook

    sheets = [Sheet(table.name, [c.name for c in table.columns], export.rows[table.name]) for table in TABLES]
    write_atomic_bytes(path, workbook(sheets), overwrite=True)


def arrow_tables(export: Export) -> dict[str, Any]:
    """Each table as a pyarrow Table with the schema's types (dates as date32)."""
    pa = require("pyarrow", "analytics", "Parquet export")
    types = {"text": pa.string(), "date": pa.date32(), "integer": pa.int64()}
    out: dict[str, Any] = {}
    for table in TABLES:
        schema = pa.schema(
            [pa.field(c.name, types[c.type]) for c in table.columns],
            metadata={"inspectkit_schema": SCHEMA_VERSION, "table": table.name},
        )
        columns = list(zip(*export.rows[table.name], strict=True)) or [() for _ in table.columns]
        arrays = [pa.array(list(col), type=f.type) for col, f in zip(columns, schema, strict=True)]
        out[table.name] = pa.Table.from_arrays(arrays, schema=schema)
    return out


def write_parquet(export: Export, folder: Path) -> None:
    pa = require("pyarrow", "analytics", "Parquet export")
    tables = arrow_tables(export)
    pq = require("pyarrow.parquet", "analytics", "Parquet export")
    if folder.is_symlink():  # its files would be written wherever the link leads
        raise ExportError(f"{folder} is a link: give a real folder for the Parquet export with -o")
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file: Parquet export writes a folder, give a folder name with -o")
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        buffer = pa.BufferOutputStream()
        pq.write_table(table, buffer)
        write_atomic_bytes(folder / f"{name}.parquet", buffer.getvalue().to_pybytes(), overwrite=True)


FORMATS: dict[str, Format] = {
    "sqlite": Format("sqlite", "inspectkit-export.sqlite", False, write_sqlite),
    "parquet": Format("parquet", "inspectkit-export", True, write_parquet),
    "xlsx": Format("xlsx", "inspectkit-export.xlsx", False, write_xlsx),
    "jsonl": Format("jsonl", "inspectkit-export.jsonl", False, write_jsonl),
}


def summary(export: Export) -> str:
    """`1 plans, 2 centres, 20 findings, 7 actions`: what an export holds, in one line."""
    return ", ".join(f"{export.count(t)} {t}" for t in ("plans", "centres", "findings", "actions"))


def write(export: Export, to: str, path: Path | None) -> Path:
    """Write `export` in format `to` at `path` (or the format's default name); returns the path."""
    fmt = FORMATS[to]
    target = path or Path(fmt.default_path)
    if not fmt.folder and target.is_dir():
        raise ExportError(f"{target} is a folder: give a file name with -o, e.g. -o {fmt.default_path}")
    fmt.write(export, target)
    return target
