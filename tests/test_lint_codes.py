"""Every diagnostic code of FORMAT.md, each shown by a small bad record at its exact line and column,
and by a near miss that shows nothing.

Each case starts from `tests/fixtures/lint/base/` (one plan visiting two centres, its delegation,
two findings: nothing to report), writes the files given over it, lints the whole repository and
compares *every* diagnostic, as `path:line:column CODE`. Files are written as shown (dedented), so
the line numbers in `shows` can be read off the text.
"""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from inspectkit import digest
from inspectkit.diagnostics import Diagnostic
from inspectkit.docnumbers import document_type
from inspectkit.linter import lint
from inspectkit.repository import load_repository
from inspectkit.rules import CODES
from inspectkit.settings import Settings, load_settings

BASE = Path(__file__).parent / "fixtures" / "lint" / "base"
TODAY = date(2024, 1, 1)


def _base(relative: str) -> str:
    return (BASE / "records" / relative).read_text(encoding="utf-8")


PLAN = _base("plans/p1.yaml")


def _base_digest() -> str:
    """The digest of the base plan's facts, as `inspectkit issue` would write it."""
    found = digest.digest(load_repository(Settings(root=BASE)), "p1")
    assert found is not None
    return found


def document(body: str) -> str:
    """A register entry for the base plan: `body` (dedented) after kind, id and plan."""
    return "kind: document\nid: d1\nplan: p1\n" + textwrap.dedent(body).lstrip("\n")


BASE_DIGEST = _base_digest()
CONCLUSION = document(
    f"""
    type: conclusion
    number: 90-TB/BTGTU
    issued: 2022-12-05
    digest: {BASE_DIGEST}
    """
)
MINUTES = document(
    f"""
    type: minutes
    centre: c1
    number: 91-BB/BTGTU
    issued: 2022-11-24
    digest: {BASE_DIGEST}
    """
)
DELEGATION = _base("delegations/p1-doan.yaml")
CENTRE = _base("centres/c1.yaml")
STRENGTH = _base("findings/p1/p1-01.yaml")
REQUEST = _base("findings/p1/p1-02.yaml")


def edit(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced by `new` (exactly once: a test must not edit by accident)."""
    assert text.count(old) == 1, f"{old!r} is not in the text exactly once"
    return text.replace(old, new)


@dataclass(frozen=True)
class Case:
    """`bad` files (relative to records/) show exactly `shows`; the `near` miss shows nothing."""

    id: str
    bad: dict[str, str | bytes]
    shows: list[str]
    near: dict[str, str | bytes]
    remove: tuple[str, ...] = field(default=())


def c3(body: str) -> str:
    return "kind: centre\nid: c3\n" + textwrap.dedent(body).lstrip("\n")


ONE_MIB = 1024 * 1024
_VALID_CENTRE = "kind: centre\nid: c3\nname: Trung tâm Chính trị huyện Lộc Bình\n# "


def padded(size: int) -> bytes:
    """A valid centre record made exactly `size` bytes long by a trailing comment."""
    head = _VALID_CENTRE.encode()
    return head + b"x" * (size - len(head) - 1) + b"\n"


P = "records/"
CASES = [
    # --- the loader: IK100-IK106 -------------------------------------------------------------
    Case(
        "IK100 YAML syntax error",
        {"centres/c3.yaml": c3("name: [Trung tâm\n")},
        [f"{P}centres/c3.yaml:4:1 IK100"],
        # (an opening bracket alone: text in brackets is a placeholder, IK509)
        {"centres/c3.yaml": c3("name: Trung tâm [mới\n")},
    ),
    Case(
        "IK101 duplicate key, at the second",
        {"centres/c3.yaml": c3("name: Trung tâm A\nname: Trung tâm B\n")},
        [f"{P}centres/c3.yaml:4:1 IK101"],
        {"centres/c3.yaml": c3("name: Trung tâm A\nshort_name: Trung tâm B\n")},
    ),
    Case(
        "IK102 not UTF-8",
        {"centres/c3.yaml": c3("name: Trung tâm\n").encode("cp1258")},
        [f"{P}centres/c3.yaml:3:14 IK102"],
        {"centres/c3.yaml": c3("name: Trung tâm\n").encode("utf-8")},
    ),
    Case(
        "IK103 not NFC, at the base letter of the first decomposed accent",
        {"centres/c3.yaml": c3("name: Trung ta\u0302m\n")},
        [f"{P}centres/c3.yaml:3:14 IK103"],
        {"centres/c3.yaml": c3("name: Trung t\u00e2m\n")},
    ),
    Case(
        "IK104 anchor",
        {"centres/c3.yaml": c3("name: &n Trung tâm\n")},
        [f"{P}centres/c3.yaml:3:7 IK104"],
        {"centres/c3.yaml": c3('name: "Trung tâm &n"\n')},
    ),
    Case(
        "IK104 explicit tag",
        {"centres/c3.yaml": c3("name: !!str Trung tâm\n")},
        [f"{P}centres/c3.yaml:3:7 IK104"],
        {"centres/c3.yaml": c3("name: Trung tâm!\n")},
    ),
    Case(
        "IK104 merge key",
        {"centres/c3.yaml": c3("name: Trung tâm\nstaff:\n  <<: {quota: 5}\n")},
        [f"{P}centres/c3.yaml:5:3 IK104"],
        {"centres/c3.yaml": c3("name: Trung tâm\nstaff:\n  quota: 5\n")},
    ),
    Case(
        "IK105 top level not a mapping",
        {"centres/c3.yaml": "- kind: centre\n  id: c3\n  name: Trung tâm\n"},
        [f"{P}centres/c3.yaml:1:1 IK105"],
        {"centres/c3.yaml": "kind: centre\nid: c3\nname: Trung tâm\n"},
    ),
    Case(
        "IK105 several documents, at the second",
        {"centres/c3.yaml": c3("name: Trung tâm\n---\nname: Trung tâm B\n")},
        [f"{P}centres/c3.yaml:5:1 IK105"],
        {"centres/c3.yaml": "---\n" + c3("name: Trung tâm\n") + "...\n"},
    ),
    Case(
        "IK105 empty file",
        {"centres/c3.yaml": "# nothing yet\n"},
        [f"{P}centres/c3.yaml:1:1 IK105"],
        {"centres/c3.yaml": "# nearly nothing\n" + c3("name: Trung tâm\n")},
    ),
    Case(
        "IK106 over 1 MiB",
        {"centres/c3.yaml": padded(ONE_MIB + 1)},
        [f"{P}centres/c3.yaml:1:1 IK106"],
        {"centres/c3.yaml": padded(ONE_MIB)},
    ),
    Case(
        "IK106 nested deeper than 32",
        # the root mapping is level 1, the `tags` list level 2, so the 32nd `[` opens level 33
        # (the exact boundary is in test_loader.py: no record of the format is nested that deep)
        {"findings/p1/p1-01.yaml": STRENGTH + "tags: " + "[" * 32 + "]" * 32 + "\n"},
        [f"{P}findings/p1/p1-01.yaml:8:38 IK106"],
        {"findings/p1/p1-01.yaml": STRENGTH + "tags: [đào tạo]\n"},
    ),
    # --- the record against the models: IK200-IK203 -------------------------------------------
    Case(
        "IK200 unknown field",
        {"centres/c3.yaml": c3("name: Trung tâm\nshortname: TTCT\n")},
        [f"{P}centres/c3.yaml:4:1 IK200"],
        {"centres/c3.yaml": c3("name: Trung tâm\nshort_name: TTCT\n")},
    ),
    Case(
        "IK201 missing field, at the mapping that lacks it",
        {"centres/c3.yaml": c3("short_name: TTCT\n")},
        [f"{P}centres/c3.yaml:1:1 IK201"],
        {"centres/c3.yaml": c3("name: Trung tâm\nshort_name: TTCT\n")},
    ),
    Case(
        "IK201 missing field in a list item",
        {"centres/c3.yaml": c3("name: Trung tâm\nleaders:\n  - position: Giám đốc\n")},
        [f"{P}centres/c3.yaml:5:5 IK201"],
        {"centres/c3.yaml": c3("name: Trung tâm\nleaders:\n  - name: Hoàng Văn A\n    position: Giám đốc\n")},
    ),
    Case(
        "IK201 minutes without the centre they record",
        {"documents/d1.yaml": edit(MINUTES, "centre: c1\n", "")},
        [f"{P}documents/d1.yaml:1:1 IK201"],
        {"documents/d1.yaml": MINUTES},
    ),
    Case(
        "IK201 a numbered document without its number",
        {"documents/d1.yaml": edit(CONCLUSION, "number: 90-TB/BTGTU\n", "")},
        [f"{P}documents/d1.yaml:1:1 IK201"],
        # news is not numbered
        {
            "documents/d1.yaml": edit(CONCLUSION, "number: 90-TB/BTGTU\n", "").replace(
                "type: conclusion", "type: news"
            )
        },
    ),
    Case(
        "IK202 causes of a strength",
        {"findings/p1/p1-01.yaml": STRENGTH + "causes:\n  - Cấp ủy quan tâm\n"},
        [f"{P}findings/p1/p1-01.yaml:8:1 IK202"],
        {
            "findings/p1/p1-01.yaml": edit(STRENGTH, "type: strength", "type: weakness")
            + "causes:\n  - Thiếu giảng viên chuyên trách\n"
        },
    ),
    Case(
        "IK202 a centre on a document that is not minutes",
        {"documents/d1.yaml": CONCLUSION + "centre: c1\n"},
        [f"{P}documents/d1.yaml:8:1 IK202"],
        {"documents/d1.yaml": CONCLUSION},
    ),
    Case(
        "IK202 a digest that is not sha256",
        {"documents/d1.yaml": edit(CONCLUSION, f"digest: {BASE_DIGEST}", "digest: md5:0123")},
        [f"{P}documents/d1.yaml:7:9 IK202"],
        {"documents/d1.yaml": CONCLUSION},
    ),
    Case(
        "IK202 bad date",
        {"centres/c3.yaml": c3("name: Trung tâm\nestablished:\n  number: 04-ĐA/TU\n  issued: 02/12/2021\n")},
        [f"{P}centres/c3.yaml:6:11 IK202"],
        {"centres/c3.yaml": c3("name: Trung tâm\nestablished:\n  number: 04-ĐA/TU\n  issued: 2021-12-02\n")},
    ),
    Case(
        "IK202 not an allowed choice",
        {"delegations/p1-doan.yaml": edit(DELEGATION, "role: deputy", "role: pho-doan")},
        [f"{P}delegations/p1-doan.yaml:10:11 IK202"],
        {"delegations/p1-doan.yaml": edit(DELEGATION, "role: deputy", "role: member")},
    ),
    Case(
        "IK202 negative count",
        {"centres/c3.yaml": c3("name: Trung tâm\nstaff:\n  quota: -1\n")},
        [f"{P}centres/c3.yaml:5:10 IK202"],
        {"centres/c3.yaml": c3("name: Trung tâm\nstaff:\n  quota: 0\n")},
    ),
    Case(
        "IK202 blank text",
        {"centres/c3.yaml": c3('name: "  "\n')},
        [f"{P}centres/c3.yaml:3:7 IK202"],
        {"centres/c3.yaml": c3('name: " Trung tâm"\n')},
    ),
    Case(
        "IK203 unknown kind",
        {"centres/c3.yaml": "kind: centr\nid: c3\nname: Trung tâm\n"},
        [f"{P}centres/c3.yaml:1:7 IK203"],
        {"centres/c3.yaml": "kind: centre\nid: c3\nname: Trung tâm\n"},
    ),
    Case(
        "IK203 missing kind",
        {"centres/c3.yaml": "id: c3\nname: Trung tâm\n"},
        [f"{P}centres/c3.yaml:1:1 IK203"],
        {"centres/c3.yaml": "id: c3\nkind: centre\nname: Trung tâm\n"},
    ),
    # --- ids, files, folders: IK300-IK303 -----------------------------------------------------
    Case(
        "IK300 id not a slug",
        {"centres/C3.yaml": "kind: centre\nid: C3\nname: Trung tâm\n"},
        [f"{P}centres/C3.yaml:2:5 IK300"],
        {"centres/c3.yaml": "kind: centre\nid: c3\nname: Trung tâm\n"},
    ),
    Case(
        "IK300 topic id not a slug",
        {"plans/p1.yaml": edit(PLAN, "- id: dao-tao", "- id: Đào tạo")},
        # the findings' topic no longer names a topic of the plan: IK403 on each
        [
            f"{P}findings/p1/p1-01.yaml:5:8 IK403",
            f"{P}findings/p1/p1-02.yaml:5:8 IK403",
            f"{P}plans/p1.yaml:8:9 IK300",
        ],
        {"plans/p1.yaml": edit(PLAN, "title: Công tác đào tạo, bồi dưỡng", "title: Đào tạo")},
    ),
    Case(
        "IK301 id used twice, on the later file",
        {"centres/old/c1.yaml": "kind: centre\nid: c1\nname: Trung tâm cũ\n"},
        [f"{P}centres/old/c1.yaml:2:5 IK301"],
        {"centres/old/c3.yaml": "kind: centre\nid: c3\nname: Trung tâm cũ\n"},
    ),
    Case(
        "IK302 file name does not match id",
        {"centres/c3.yaml": "kind: centre\nid: c4\nname: Trung tâm\n"},
        [f"{P}centres/c3.yaml:2:5 IK302"],
        {"centres/c4.yaml": "kind: centre\nid: c4\nname: Trung tâm\n"},
    ),
    Case(
        "IK303 record outside its kind's folder",
        {"plans/c3.yaml": "kind: centre\nid: c3\nname: Trung tâm\n"},
        [f"{P}plans/c3.yaml:1:7 IK303"],
        {"centres/c3.yaml": "kind: centre\nid: c3\nname: Trung tâm\n"},
    ),
    # --- references: IK400-IK404 --------------------------------------------------------------
    Case(
        "IK400 dangling reference",
        {"findings/p1/p1-01.yaml": edit(STRENGTH, "[c1, c2]", "[c1, c22]")},
        [f"{P}findings/p1/p1-01.yaml:4:15 IK400"],
        {"findings/p1/p1-01.yaml": edit(STRENGTH, "[c1, c2]", "[c2, c1]")},
    ),
    Case(
        "IK401 reference to another kind",
        {"findings/p1/p1-01.yaml": edit(STRENGTH, "plan: p1", "plan: p1-doan")},
        [f"{P}findings/p1/p1-01.yaml:3:7 IK401"],
        {"findings/p1/p1-01.yaml": edit(STRENGTH, "plan: p1", "plan: 'p1'")},
    ),
    Case(
        "IK402 centre the plan does not visit",
        {
            "centres/c3.yaml": "kind: centre\nid: c3\nname: Trung tâm\n",
            "findings/p1/p1-01.yaml": edit(STRENGTH, "[c1, c2]", "[c1, c3]"),
        },
        [f"{P}findings/p1/p1-01.yaml:4:15 IK402"],
        {"centres/c3.yaml": "kind: centre\nid: c3\nname: Trung tâm\n"},
    ),
    Case(
        "IK403 topic not in the plan",
        {"findings/p1/p1-01.yaml": edit(STRENGTH, "topic: dao-tao", "topic: dao-tau")},
        [f"{P}findings/p1/p1-01.yaml:5:8 IK403"],
        {"findings/p1/p1-01.yaml": edit(STRENGTH, "topic: dao-tao", "topic: 'dao-tao'")},
    ),
    Case(
        "IK404 plan and delegation disagree",
        {
            "delegations/p1-doan-2.yaml": "kind: delegation\nid: p1-doan-2\nplan: p1\nmembers:\n  - {name: A, role: head}\n"
        },
        [f"{P}delegations/p1-doan-2.yaml:3:7 IK404"],
        {
            "delegations/p1-doan-2.yaml": "kind: delegation\nid: p1-doan-2\nplan: p1\nmembers:\n  - {name: A, role: head}\n",
            "plans/p1.yaml": edit(PLAN, "delegation: p1-doan\n", ""),
        },
    ),
    # --- consistency: IK500-IK508 -------------------------------------------------------------
    Case(
        "IK500 no head",
        {"delegations/p1-doan.yaml": edit(DELEGATION, "role: head", "role: member")},
        [f"{P}delegations/p1-doan.yaml:7:3 IK500"],
        {"delegations/p1-doan.yaml": edit(DELEGATION, "role: deputy", "role: member")},
    ),
    Case(
        "IK500 two heads",
        {"delegations/p1-doan.yaml": edit(DELEGATION, "role: deputy", "role: head")},
        [f"{P}delegations/p1-doan.yaml:7:3 IK500"],
        {"delegations/p1-doan.yaml": edit(DELEGATION, "role: deputy", "role: secretary")},
    ),
    Case(
        "IK501 approved plan without delegation",
        {"plans/p1.yaml": edit(PLAN, "delegation: p1-doan\n", "")},
        [f"{P}plans/p1.yaml:15:9 IK501"],
        {"plans/p1.yaml": edit(edit(PLAN, "delegation: p1-doan\n", ""), "status: reported", "status: draft")},
        remove=("delegations/p1-doan.yaml",),
    ),
    Case(
        "IK502 visit before the plan was issued",
        {"plans/p1.yaml": edit(PLAN, "date: 2022-11-24", "date: 2022-11-02")},
        [f"{P}plans/p1.yaml:13:11 IK502"],
        {"plans/p1.yaml": edit(PLAN, "date: 2022-11-24", "date: 2022-11-03")},
    ),
    Case(
        "IK502 visit ends before it starts",
        {"plans/p1.yaml": edit(PLAN, "date: 2022-11-25\n", "date: 2022-11-25\n    end: 2022-11-24\n")},
        [f"{P}plans/p1.yaml:16:10 IK502"],
        {"plans/p1.yaml": edit(PLAN, "date: 2022-11-25\n", "date: 2022-11-25\n    end: 2022-11-26\n")},
    ),
    Case(
        "IK503 period from after to",
        {"plans/p1.yaml": PLAN + "period:\n  from: 2022-11-15\n  to: 2022-01-01\n"},
        [f"{P}plans/p1.yaml:18:9 IK503"],
        {"plans/p1.yaml": PLAN + "period:\n  from: 2022-01-01\n  to: 2022-11-15\n"},
    ),
    Case(
        "IK504 due before the first visit",
        {"findings/p1/p1-02.yaml": edit(REQUEST, "due: 2023-06-30", "due: 2022-11-23")},
        [f"{P}findings/p1/p1-02.yaml:10:8 IK504"],
        {"findings/p1/p1-02.yaml": edit(REQUEST, "due: 2023-06-30", "due: 2022-11-24")},
    ),
    Case(
        "IK505 request without action",
        {"findings/p1/p1-02.yaml": REQUEST.split("action:")[0]},
        [f"{P}findings/p1/p1-02.yaml:6:7 IK505"],
        {"findings/p1/p1-02.yaml": REQUEST.split("action:")[0] + "action:\n  owner: Huyện ủy\n"},
    ),
    Case(
        "IK506 closed plan with an open action",
        {
            "plans/p1.yaml": edit(PLAN, "status: reported", "status: closed"),
            "findings/p1/p1-02.yaml": edit(
                edit(REQUEST, "status: done", "status: in-progress"), "  done_on: 2023-06-15\n", ""
            ).replace("due: 2023-06-30", "due: 2024-06-30"),
        },
        [f"{P}plans/p1.yaml:16:9 IK506"],
        {"plans/p1.yaml": edit(PLAN, "status: reported", "status: closed")},
    ),
    Case(
        "IK507 done without done_on",
        {"findings/p1/p1-02.yaml": edit(REQUEST, "  done_on: 2023-06-15\n", "")},
        [f"{P}findings/p1/p1-02.yaml:11:11 IK507"],
        {
            "findings/p1/p1-02.yaml": edit(REQUEST, "status: done", "status: dropped").replace(
                "  done_on: 2023-06-15\n", ""
            )
        },
    ),
    Case(
        "IK507 done_on while not done",
        {"findings/p1/p1-02.yaml": edit(REQUEST, "status: done", "status: dropped")},
        [f"{P}findings/p1/p1-02.yaml:12:12 IK507"],
        {"findings/p1/p1-02.yaml": REQUEST},
    ),
    Case(
        "IK508 overdue action",
        {
            "findings/p1/p1-02.yaml": edit(REQUEST, "status: done", "status: in-progress").replace(
                "  done_on: 2023-06-15\n", ""
            )
        },
        [f"{P}findings/p1/p1-02.yaml:10:8 IK508"],
        {
            "findings/p1/p1-02.yaml": edit(REQUEST, "status: done", "status: in-progress")
            .replace("  done_on: 2023-06-15\n", "")
            .replace("due: 2023-06-30", "due: 2024-01-01")
        },
    ),
    # --- document numbers: IK600-IK602 --------------------------------------------------------
    Case(
        "IK600 not a document number",
        {"plans/p1.yaml": edit(PLAN, "number: 84-KH/ĐKT", "number: Số 84-KH/ĐKT")},
        [f"{P}plans/p1.yaml:3:9 IK600"],
        {"plans/p1.yaml": edit(PLAN, "number: 84-KH/ĐKT", "number: 84-KH/BTGTU")},
    ),
    Case(
        "IK600 Party number below 10 without its zero",
        {"centres/c1.yaml": edit(CENTRE, "04-ĐA/TU", "4-ĐA/TU")},
        [f"{P}centres/c1.yaml:5:11 IK600"],
        {"centres/c1.yaml": edit(CENTRE, "04-ĐA/TU", "06/2024/QĐ-UBND")},
    ),
    Case(
        "IK601 a plan numbered as a decision",
        {"plans/p1.yaml": edit(PLAN, "number: 84-KH/ĐKT", "number: 84-QĐ/ĐKT")},
        [f"{P}plans/p1.yaml:3:9 IK601"],
        # (a plan in the State form would be IK603's for this Party organisation)
        {"plans/p1.yaml": edit(PLAN, "number: 84-KH/ĐKT", "number: 85-KH/ĐKT")},
    ),
    Case(
        "IK601 a plan numbered as an official letter (no TYPE)",
        {"plans/p1.yaml": edit(PLAN, "number: 84-KH/ĐKT", "number: 125/SGDĐT-VP")},
        [f"{P}plans/p1.yaml:3:9 IK601", f"{P}plans/p1.yaml:3:9 IK603"],  # State form: also IK603
        # `KH` before the issuer is the TYPE; an issuer of several parts is not mistaken for one
        {"plans/p1.yaml": edit(PLAN, "number: 84-KH/ĐKT", "number: 125-KH/SGDĐT-VP")},
    ),
    Case(
        "IK602 two plans share a number in a year",
        {
            "plans/p2.yaml": edit(edit(PLAN, "id: p1", "id: p2"), "delegation: p1-doan\n", "").replace(
                "status: reported", "status: draft"
            )
        },
        [f"{P}plans/p2.yaml:3:9 IK602"],
        {
            "plans/p2.yaml": edit(edit(PLAN, "id: p1", "id: p2"), "delegation: p1-doan\n", "")
            .replace("status: reported", "status: draft")
            .replace("issued: 2022-11-03", "issued: 2021-11-03")
        },
    ),
    Case(
        "IK601 a registered document numbered with another type",
        {"documents/d1.yaml": edit(MINUTES, "91-BB/BTGTU", "91-TB/BTGTU")},
        [f"{P}documents/d1.yaml:6:9 IK601"],
        {"documents/d1.yaml": MINUTES},
    ),
    Case(
        "IK602 two registered documents share a number",
        {"documents/d1.yaml": CONCLUSION, "documents/d2.yaml": edit(CONCLUSION, "id: d1", "id: d2")},
        [f"{P}documents/d2.yaml:5:9 IK602"],
        # the delegation's decision registered under its own number is no second use of it
        {
            "documents/d1.yaml": CONCLUSION,
            "documents/d2.yaml": edit(
                edit(edit(CONCLUSION, "id: d1", "id: d2"), "type: conclusion", "type: decision"),
                "number: 90-TB/BTGTU",
                "number: 85-QĐ/BTGTU",
            ).replace("issued: 2022-12-05", "issued: 2022-11-10"),
        },
    ),
    Case(
        "IK602 a registered document repeats the plan's number",
        {
            "documents/d1.yaml": edit(CONCLUSION, "number: 90-TB/BTGTU", "number: 84-KH/ĐKT").replace(
                "type: conclusion", "type: summary"
            )
        },
        [f"{P}documents/d1.yaml:5:9 IK601", f"{P}documents/d1.yaml:5:9 IK602"],
        {
            "documents/d1.yaml": edit(CONCLUSION, "number: 90-TB/BTGTU", "number: 84-KH/ĐKT")
            .replace("type: conclusion", "type: plan")
            .replace("issued: 2022-12-05", "issued: 2022-11-03")
        },
    ),
    Case(
        "IK603 the organisation's plan in the State form",
        {"plans/p1.yaml": edit(PLAN, "number: 84-KH/ĐKT", "number: 84/KH-ĐKT")},
        [f"{P}plans/p1.yaml:3:9 IK603"],
        # others' documents keep their own numbering system
        {"centres/c1.yaml": edit(CENTRE, "04-ĐA/TU", "06/2024/QĐ-UBND")},
    ),
    # --- registered documents: IK509-IK511 ---------------------------------------------------
    Case(
        "IK509 a name left as a placeholder",
        {"delegations/p1-doan.yaml": edit(DELEGATION, "name: Dương Thị Hồng Vân", 'name: "[Chưa rõ tên 1]"')},
        [f"{P}delegations/p1-doan.yaml:9:11 IK509"],
        {
            "delegations/p1-doan.yaml": edit(
                DELEGATION, "name: Dương Thị Hồng Vân", "name: Dương Thị Hồng Vân (Phó đoàn)"
            )
        },
    ),
    Case(
        "IK509 a blank left to fill",
        {"findings/p1/p1-01.yaml": STRENGTH + "detail: Xét đề nghị của ……, mở lớp\n"},
        [f"{P}findings/p1/p1-01.yaml:8:9 IK509"],
        {"findings/p1/p1-01.yaml": STRENGTH + "detail: Mở lớp… theo đề nghị...\n"},
    ),
    Case(
        "IK510 a finding's summary changed after the conclusion was issued",
        {
            "documents/d1.yaml": CONCLUSION,
            "findings/p1/p1-01.yaml": edit(STRENGTH, "theo quy định", "vượt kế hoạch"),
        },
        [f"{P}documents/d1.yaml:7:9 IK510"],
        # follow-up moves on: a new step in an action's history changes no fact concluded
        {
            "documents/d1.yaml": CONCLUSION,
            "findings/p1/p1-02.yaml": REQUEST + "  history:\n    - date: 2023-06-15\n      status: done\n",
        },
    ),
    Case(
        "IK511 minutes dated before their visit",
        {"documents/d1.yaml": edit(MINUTES, "issued: 2022-11-24", "issued: 2022-11-20")},
        [f"{P}documents/d1.yaml:7:9 IK511"],
        {"documents/d1.yaml": MINUTES},
    ),
    Case(
        "IK511 a conclusion dated before the last visit",
        {"documents/d1.yaml": edit(CONCLUSION, "issued: 2022-12-05", "issued: 2022-11-24")},
        [f"{P}documents/d1.yaml:6:9 IK511"],
        {"documents/d1.yaml": edit(CONCLUSION, "issued: 2022-12-05", "issued: 2022-11-25")},
    ),
    Case(
        "IK511 the delegation formed after its first visit",
        {
            "delegations/p1-doan.yaml": edit(
                DELEGATION, "  number: 85-QĐ/BTGTU\n", "  number: 85-QĐ/BTGTU\n  issued: 2022-11-30\n"
            )
        },
        [f"{P}delegations/p1-doan.yaml:6:11 IK511"],
        {
            "delegations/p1-doan.yaml": edit(
                DELEGATION, "  number: 85-QĐ/BTGTU\n", "  number: 85-QĐ/BTGTU\n  issued: 2022-11-24\n"
            )
        },
    ),
]


@pytest.fixture
def base(repo: Path) -> Path:
    """The base repository copied into the temporary repository (the current directory)."""
    shutil.rmtree(repo / "records")
    shutil.copytree(BASE / "records", repo / "records")
    return repo


def apply(root: Path, files: dict[str, str | bytes], remove: tuple[str, ...] = ()) -> None:
    for relative in remove:
        (root / "records" / relative).unlink()
    for relative, content in files.items():
        path = root / "records" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def run() -> list[Diagnostic]:
    return lint(load_settings(), today=TODAY).diagnostics


def shown(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{d.path}:{d.line}:{d.column} {d.code}" for d in diagnostics]


def test_the_base_repository_is_clean(base: Path) -> None:
    assert shown(run()) == []


def test_every_code_has_a_case() -> None:
    covered = {case.id.split()[0] for case in CASES}
    assert covered == set(CODES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_record_shows_the_code_at_its_place(base: Path, case: Case) -> None:
    apply(base, case.bad, case.remove)
    diagnostics = run()
    assert shown(diagnostics) == sorted(case.shows)
    code = case.id.split()[0]
    assert all(d.severity is CODES[d.code].severity for d in diagnostics)
    assert any(d.code == code for d in diagnostics)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_near_miss_shows_nothing(base: Path, case: Case) -> None:
    apply(base, case.near, case.remove)
    assert shown(run()) == []


@pytest.mark.parametrize(
    ("number", "type_"),
    [
        ("84-KH/ĐKT", "KH"),
        ("99/QĐ-KTNN", "QĐ"),
        ("06/2024/QĐ-UBND", "QĐ"),
        ("12/CTr-UBND", "CTr"),
        ("125/SGDĐT-VP", None),  # a letter: SGDĐT is the issuer, not a document type
        ("125/UBND", None),
    ],
)
def test_the_document_type_of_a_number(number: str, type_: str | None) -> None:
    assert document_type(number) == type_


def test_a_decision_numbered_as_a_letter_names_what_it_is(base: Path) -> None:
    apply(base, {"delegations/p1-doan.yaml": DELEGATION.replace("-QĐ/BTGTU", "/BTGTU-VP")})
    diagnostic, style = run()  # a State letter: the organisation numbers in the Party style (IK603)
    assert (diagnostic.code, style.code) == ("IK601", "IK603")
    assert "without a document type" in diagnostic.message


def test_in_a_decomposed_file_rule_problems_are_at_their_columns_as_written(base: Path) -> None:
    # as typed with an input method that writes decomposed accents: `Dương Thị Hồng Vân` is 24
    # characters in the file, 18 in NFC, so `pho-doan` is at column 44 (38 in the NFC text)
    text = edit(
        DELEGATION,
        "  - name: Dương Thị Hồng Vân\n    role: deputy",
        "  - {name: Dương Thị Hồng Vân, role: pho-doan}",
    )
    apply(base, {"delegations/p1-doan.yaml": unicodedata.normalize("NFD", text)})
    # IK103 at the first decomposed letter, `ễ` of `Nguyễn` on line 7
    assert shown(run()) == [
        f"{P}delegations/p1-doan.yaml:7:15 IK103",
        f"{P}delegations/p1-doan.yaml:9:44 IK202",
    ]


def test_ik511_dates_minutes_and_reports_after_the_end_of_a_multi_day_visit() -> None:
    """A visit from 25 to 27/11: its minutes and the conclusion dated 26/11 are before its end."""
    from datetime import date

    from inspectkit.rules.documents import _date_problem

    starts = [("c1", date(2022, 11, 24)), ("c2", date(2022, 11, 25))]
    ends = [("c1", date(2022, 11, 24)), ("c2", date(2022, 11, 27))]
    for kind, centre in (("minutes", "c2"), ("conclusion", None), ("summary", None)):
        assert _date_problem(kind, centre, date(2022, 11, 26), starts, ends), kind
        assert _date_problem(kind, centre, date(2022, 11, 27), starts, ends) is None, kind
    assert _date_problem("decision", None, date(2022, 11, 24), starts, ends) is None
    assert _date_problem("decision", None, date(2022, 11, 25), starts, ends)
