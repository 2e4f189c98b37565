"""Reports: the official documents of an inspection, written from the records with templates.

- `kinds.py`: the report-kind registry (what differs by kind); light, read by the CLI at start-up.
- `make.py`: `make_report`, the one entry point, and the Word and PDF forms of a report.
- `scope.py`, `context.py`, `frame.py`, `builders.py`, `views.py`, `phrases.py`, `official.py`:
  the template context.
- `render.py`: templates to Markdown; `docx.py`, `docx_layout.py`: Word; `pdf.py`: PDF.
"""

from __future__ import annotations

from inspectkit.reports.kinds import REPORT_KINDS, ReportKind, register

__all__ = ["REPORT_KINDS", "ReportKind", "register"]
