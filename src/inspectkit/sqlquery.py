"""`inspectkit sql`: SQL (DuckDB) over the export tables (docs/export.md) of this repository or of
many Parquet exports at once, the way a superior body aggregates provinces without a server.

The tables are loaded into an in-memory database first; then DuckDB's access to files is switched
off and locked, so a query reads only those tables and writes nothing (`COPY … TO` is refused).
With `--from`, each table gets a `source` column: the export folder (or file) a row came from.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspectkit.errors import UsageError
from inspectkit.export.schema import TABLE_NAMES, build
from inspectkit.export.writers import arrow_tables, require
from inspectkit.repository import Repository


class SqlError(UsageError):
    """A query that cannot run, or exports that cannot be read: the message says why (exit 2)."""


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def _duckdb() -> Any:
    return require("duckdb", "analytics", "`inspectkit sql`")


def parquet_sources(patterns: Sequence[str]) -> dict[str, list[tuple[str, Path]]]:
    """table -> [(source, file)] for export folders, `<table>.parquet` files, and globs of either."""
    found: dict[str, list[tuple[str, Path]]] = {}
    for pattern in patterns:
        matches = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else [pattern]
        paths = [Path(m) for m in matches if Path(m).exists()]
        if not paths:
            raise SqlError(
                f"--from {pattern}: no such file or folder; give an export folder or a glob of them"
            )
        for path in paths:
            if path.is_dir():
                files = [path / f"{t}.parquet" for t in TABLE_NAMES if (path / f"{t}.parquet").is_file()]
                if not files:
                    raise SqlError(
                        f"--from {path}: no <table>.parquet files there; make one with "
                        "`inspectkit export --to parquet -o FOLDER`"
                    )
                for file in files:
                    found.setdefault(file.stem, []).append((str(path), file))
            elif path.suffix == ".parquet":
                found.setdefault(path.stem, []).append((str(path.parent), path))
            else:
                raise SqlError(f"--from {path}: not a Parquet file or an export folder")
    return found


def connect_repository(repo: Repository) -> Any:
    """An in-memory database holding this repository's export tables."""
    duckdb = _duckdb()
    con = duckdb.connect(":memory:")
    for name, table in arrow_tables(build(repo, source=repo.settings.root.name)).items():
        con.register("_arrow", table)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _arrow')
        con.unregister("_arrow")
    _lock(con)
    return con


def connect_exports(patterns: Sequence[str]) -> Any:
    """An in-memory database holding the tables of every export named, each row with its `source`."""
    duckdb = _duckdb()
    sources = parquet_sources(patterns)
    con = duckdb.connect(":memory:")
    for name, files in sorted(sources.items()):
        parts = ["SELECT *, ? AS source FROM read_parquet(?)" for _ in files]
        params: list[str] = []
        for source, file in files:
            params += [source, str(file)]
        try:
            # union_by_name: an older export with fewer columns still adds up (NULL where absent).
            if len(files) == 1:
                con.execute(f'CREATE TABLE "{name}" AS {parts[0]}', params)
            else:
                con.execute(
                    f'CREATE TABLE "{name}" AS SELECT * FROM ('
                    + " UNION ALL BY NAME ".join(f"({p})" for p in parts)
                    + ")",
                    params,
                )
        except duckdb.Error as exc:
            raise SqlError(f"cannot read the {name} table of the exports: {_first_line(exc)}") from None
    _lock(con)
    return con


def _lock(con: Any) -> None:
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def run(con: Any, query: str) -> Result:
    duckdb = _duckdb()
    if not query.strip():
        raise SqlError('sql: the query is empty: give one, e.g. "SELECT count(*) FROM findings"')
    try:
        cursor = con.execute(query)
        if cursor is None or cursor.description is None:
            return Result([], [])
        columns = [d[0] for d in cursor.description]
        return Result(columns, [tuple(map(_plain, row)) for row in cursor.fetchall()])
    except duckdb.Error as exc:
        raise SqlError(f"sql: {_first_line(exc)}") from None


def render(result: Result, fmt: str, width: int = 100) -> str | bytes:
    """The result as `table` (with a row count), `csv`, `json` or `xlsx` (bytes)."""
    from inspectkit import tables

    columns = [tables.Column(name, _item(i)) for i, name in enumerate(result.columns)]
    if fmt == "xlsx":
        from inspectkit.export.xlsx import Sheet, workbook

        return workbook([Sheet("result", result.columns, result.rows)])
    if fmt == "csv":
        return tables.to_csv(result.rows, columns).encode("utf-8")
    if fmt == "json":
        return tables.to_json([dict(zip(result.columns, row, strict=True)) for row in result.rows])
    shown = tables.render_table(result.rows, columns, width=width, color=False) + "\n" if result.rows else ""
    return shown + f"{len(result.rows)} row{'' if len(result.rows) == 1 else 's'}\n"


def _item(i: int) -> Callable[[Sequence[Any]], Any]:
    return lambda row: row[i]


def _plain(value: Any) -> Any:
    """A value every output format writes: DuckDB's decimals, times, lists and bytes made plain."""
    import datetime
    import decimal

    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime.datetime, datetime.time, datetime.timedelta)):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return " ".join(text.split("\n")[:3]) if text else type(exc).__name__
