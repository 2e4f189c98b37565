"""Words the templates print around record text, in Vietnamese and English (`--lang`).

Templates reach them as `t.<key>` (e.g. `{{ t.none }}`); `t.doctype` comes from the report-kind
registry. Record text is never translated.
"""

from __future__ import annotations

from typing import Any

_VI: dict[str, Any] = {
    "role": {
        "head": "Trưởng đoàn",
        "deputy": "Phó Trưởng đoàn",
        "member": "Thành viên",
        "secretary": "Thư ký",
    },
    "type": {
        "strength": "Ưu điểm, kết quả đạt được",
        "weakness": "Hạn chế, tồn tại",
        "difficulty": "Khó khăn, vướng mắc",
        "proposal": "Kiến nghị, đề xuất",
        "request": "Đề nghị, yêu cầu",
    },
    "type_short": {
        "strength": "Ưu điểm",
        "weakness": "Hạn chế",
        "difficulty": "Khó khăn",
        "proposal": "Kiến nghị",
        "request": "Yêu cầu",
    },
    "status": {
        "open": "Chưa thực hiện",
        "in-progress": "Đang thực hiện",
        "done": "Đã hoàn thành",
        "dropped": "Không thực hiện",
    },
    "comrade": "Đồng chí",
    "recipients": "Nơi nhận",
    "overdue": "Quá hạn",
    "days_overdue": "quá hạn {n} ngày",
    "no_deadline": "Không thời hạn",
    "none": "Không có.",
    "number": "Số",
    "from_to": "từ {a} đến {b}",
    "and": "và",
}

_EN: dict[str, Any] = {
    "role": {"head": "Head", "deputy": "Deputy head", "member": "Member", "secretary": "Secretary"},
    "type": {
        "strength": "Strengths and results",
        "weakness": "Weaknesses and shortcomings",
        "difficulty": "Difficulties",
        "proposal": "Proposals",
        "request": "Requests",
    },
    "type_short": {
        "strength": "Strength",
        "weakness": "Weakness",
        "difficulty": "Difficulty",
        "proposal": "Proposal",
        "request": "Request",
    },
    "status": {"open": "Open", "in-progress": "In progress", "done": "Done", "dropped": "Dropped"},
    "comrade": "Comrade",
    "recipients": "Recipients",
    "overdue": "Overdue",
    "days_overdue": "{n} day(s) overdue",
    "no_deadline": "No deadline",
    "none": "None.",
    "number": "No.",
    "from_to": "from {a} to {b}",
    "and": "and",
}

LABELS: dict[str, dict[str, Any]] = {"vi": _VI, "en": _EN}


def labels(lang: str) -> dict[str, Any]:
    """The words of `lang` for a template's `t`, with `t.doctype.<kind>` from the report-kind registry."""
    from inspectkit.reports.kinds import REPORT_KINDS

    return {**LABELS[lang], "doctype": {k.name: k.doctype(lang) for k in REPORT_KINDS.values()}}


# Section headings and fixed phrases of one report live in its template, both languages side by
# side: `{{ tr("MỤC ĐÍCH, YÊU CẦU", "PURPOSE AND REQUIREMENTS") }}`. Only words shared by several
# templates (roles, finding types, action statuses) are here.
