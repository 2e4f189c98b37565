"""The report kinds: one entry per document inspectkit writes, and everything that differs by kind.

A new report kind is one `register(ReportKind(...))` call and one template (`<name>.md.j2`):
the CLI builds its `--kind` choices and help from this registry, the context builder reads the
kind's rules here, and the documents register (`inspectkit issue`) accepts it.

Kept free of heavy imports: the CLI reads it at start-up. A kind's own context builder is named
as `module:function` and imported only when a report of that kind is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

# Whether a kind takes `--centre ID`.
CentreRule = Literal["none", "optional", "required"]
# Where a document's number and date come from: the plan's own record, the delegation's decision,
# or the outgoing-documents register (`register`: a draft until `inspectkit issue` records it).
DatedRule = Literal["plan", "decision", "register"]
# Who signs: the plan's signer (or the register entry's), the head of delegation on its behalf,
# both sides of a working session, or nobody (news).
SignatureRule = Literal["signer", "delegation", "both-sides", "none"]
# Who the header names as the issuing body: the organisation or its inspection delegation.
HeaderRule = Literal["organisation", "delegation", "none"]


@dataclass(frozen=True)
class ReportKind:
    name: str
    office_name: str  # what the office calls it, shown in `--help`
    doctype_vi: str  # the document type printed as its title
    doctype_en: str
    code: str | None  # TYPE in its number (FORMAT.md "Document numbers"); None: not numbered
    centre: CentreRule = "none"
    dated: DatedRule = "register"
    signature: SignatureRule = "signer"
    header: HeaderRule = "organisation"
    # `module:function` (or the function) adding the kind's own values to the template context.
    builder: str | Callable[..., dict[str, Any]] | None = None
    template: str | None = None  # default: `<name>.md.j2`

    @property
    def template_name(self) -> str:
        return self.template or f"{self.name}.md.j2"

    def doctype(self, lang: str) -> str:
        return self.doctype_vi if lang == "vi" else self.doctype_en


REPORT_KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    """Add (or replace) a report kind; the CLI offers it from then on."""
    REPORT_KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a report kind (a plug-in's, or a test's)."""
    REPORT_KINDS.pop(name, None)


def report_kind(name: str) -> ReportKind | None:
    return REPORT_KINDS.get(name)


_BUILDERS = "inspectkit.reports.builders"

register(
    ReportKind(
        "plan", "kế hoạch kiểm tra", "KẾ HOẠCH", "PLAN", "KH", dated="plan", builder=f"{_BUILDERS}:plan"
    )
)
register(
    ReportKind(
        "decision",
        "quyết định thành lập đoàn",
        "QUYẾT ĐỊNH",
        "DECISION",
        "QĐ",
        dated="decision",
        builder=f"{_BUILDERS}:decision",
    )
)
register(
    ReportKind(
        "minutes",
        "biên bản làm việc",
        "BIÊN BẢN LÀM VIỆC",
        "MINUTES OF THE WORKING SESSION",
        "BB",
        centre="required",
        signature="both-sides",
        header="delegation",
        builder=f"{_BUILDERS}:minutes",
    )
)
register(
    ReportKind(
        "summary",
        "báo cáo kết quả kiểm tra",
        "BÁO CÁO",
        "REPORT",
        "BC",
        signature="delegation",
        header="delegation",
        builder=f"{_BUILDERS}:summary",
    )
)
register(
    ReportKind(
        "conclusion",
        "thông báo kết luận",
        "THÔNG BÁO",
        "NOTICE",
        "TB",
        builder=f"{_BUILDERS}:conclusion",
    )
)
register(
    ReportKind(
        "followup", "theo dõi thực hiện kết luận", "BÁO CÁO", "REPORT", "BC", builder=f"{_BUILDERS}:followup"
    )
)
register(
    ReportKind("news", "tin bài", "", "", None, signature="none", header="none", builder=f"{_BUILDERS}:news")
)
