"""Exports of a records repository as tables (docs/export.md): one versioned schema (`schema.py`),
written as SQLite, Parquet, XLSX or JSON Lines by one writer module each (`writers.py` picks).

Heavy libraries (pyarrow, XlsxWriter) are imported by the writer that needs them, never at start-up.
"""
