"""`inspectkit diff`: what a change does to the records, in domain statements, between revisions of
a git history the tests make. The base records are tests/fixtures/lint/base (plan p1 = 84-KH/ĐKT,
visiting c1 Đình Lập on 24/11/2022 and c2 Chi Lăng on 25/11/2022; findings p1-01, p1-02)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from git_history import History

Cli = Callable[..., Any]
PLAN = "records/plans/p1.yaml"
P1_02 = "records/findings/p1/p1-02.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def history(repo: Path) -> History:
    shutil.rmtree(repo / "records")
    return History(repo)


def statements(cli: Cli, *args: str) -> str:
    result = cli("diff", *args)
    assert result.exit_code == 0, result.output
    return str(result.output)


def as_json(cli: Cli, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(statements(cli, *args, "--format", "json"))
    return data


def test_no_change_says_so(history: History, cli: Cli) -> None:
    assert "no record changed" in statements(cli, "HEAD")


def test_plan_status_move(history: History, cli: Cli) -> None:
    history.edit(PLAN, "status: reported", "status: closed")
    out = statements(cli, "HEAD")
    assert "Plan 84-KH/ĐKT" in out
    assert "status reported → closed" in out


def test_visit_moved(history: History, cli: Cli) -> None:
    history.edit(PLAN, "date: 2022-11-25", "date: 2022-11-28")
    assert "visit to Trung tâm Chính trị huyện Chi Lăng moved 25/11/2022 → 28/11/2022" in statements(
        cli, "HEAD"
    )


def test_visit_added_and_removed(history: History, cli: Cli) -> None:
    history.edit(PLAN, "  - centre: c2\n    date: 2022-11-25\n", "")
    out = statements(cli, "HEAD")
    assert "visit to Trung tâm Chính trị huyện Chi Lăng removed (was 25/11/2022)" in out


def test_action_done_with_date_and_note(history: History, cli: Cli) -> None:
    history.edit(P1_02, "status: done\n  done_on: 2023-06-15", "status: in-progress")
    history.commit("action reopened")
    history.edit(
        P1_02,
        "status: in-progress",
        "status: done\n  done_on: 2023-03-15\n  history:\n    - date: 2023-03-15\n"
        "      status: done\n      note: Đã tổ chức đánh giá",
    )
    out = statements(cli, "HEAD")
    assert "Finding -02 (request, Trung tâm Chính trị huyện Đình Lập)" in out
    assert "action in-progress → done on 15/03/2023, note “Đã tổ chức đánh giá”" in out


def test_action_due_moved(history: History, cli: Cli) -> None:
    history.edit(P1_02, "due: 2023-06-30", "due: 2023-09-30")
    assert "action due moved 30/06/2023 → 30/09/2023" in statements(cli, "HEAD")


def test_new_finding_names_type_topic_and_summary(history: History, cli: Cli) -> None:
    history.write(
        "records/findings/p1/p1-21.yaml",
        """
        kind: finding
        id: p1-21
        plan: p1
        centres: [c2]
        topic: dao-tao
        type: weakness
        summary: Chưa bố trí đủ giảng viên chuyên trách
        """,
    )
    assert (
        "New finding -21 (weakness, topic Công tác đào tạo, bồi dưỡng): Chưa bố trí đủ giảng viên chuyên trách"
        in statements(cli, "HEAD")
    )


def test_document_registered(history: History, cli: Cli) -> None:
    history.write(
        "records/documents/p1/p1-ket-luan.yaml",
        """
        kind: document
        id: p1-ket-luan
        plan: p1
        type: conclusion
        number: 95-TB/BTGTU
        issued: 2022-12-10
        digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
        """,
    )
    assert "Document 95-TB/BTGTU registered (conclusion, plan 84-KH/ĐKT, issued 10/12/2022)" in statements(
        cli, "HEAD"
    )


def test_deleted_centre_still_referenced(history: History, cli: Cli) -> None:
    (history.root / "records/centres/c2.yaml").unlink()
    out = statements(cli, "HEAD")
    assert "Centre c2 deleted (still referenced by 1 plan, 1 finding)" in out
    assert "IK400" in out  # the references it breaks are lint problems the change introduces


def test_deleted_record_lists_who_refers_to_it(history: History, cli: Cli) -> None:
    (history.root / "records/centres/c2.yaml").unlink()
    (change,) = as_json(cli, "HEAD")["changes"]
    assert (change["change"], change["id"], change["referenced_by"]) == ("deleted", "c2", ["p1", "p1-01"])


def test_file_renamed_is_not_a_deletion(history: History, cli: Cli) -> None:
    history.git("mv", "records/findings/p1/p1-01.yaml", "records/findings/p1-01.yaml")
    (change,) = as_json(cli, "HEAD")["changes"]
    assert change["change"] == "moved"
    assert (change["old_path"], change["path"]) == (
        "records/findings/p1/p1-01.yaml",
        "records/findings/p1-01.yaml",
    )


def test_id_changed_in_place_is_a_rename(history: History, cli: Cli) -> None:
    history.edit("records/centres/c1.yaml", "id: c1", "id: c1-dinh-lap")
    out = statements(cli, "HEAD")
    assert "Centre c1 renamed to c1-dinh-lap (3 records still refer to c1)" in out


def test_scalar_text_list_and_nested_fields(history: History, cli: Cli) -> None:
    history.edit(PLAN, "title: Kiểm tra công tác đào tạo, bồi dưỡng", "title: Kiểm tra công tác đào tạo")
    history.edit(PLAN, "status: reported", "recipients:\n  - Lưu VP\nstatus: reported")
    history.edit("records/delegations/p1-doan.yaml", "85-QĐ/BTGTU", "86-QĐ/BTGTU")
    history.edit("records/delegations/p1-doan.yaml", "role: deputy", "role: member")
    out = statements(cli, "HEAD")
    assert "title “Kiểm tra công tác đào tạo, bồi dưỡng” → “Kiểm tra công tác đào tạo”" in out
    assert "recipients set to [1 items]" in out
    assert "decision.number 85-QĐ/BTGTU → 86-QĐ/BTGTU" in out
    assert "members[Dương Thị Hồng Vân].role deputy → member" in out


def test_finding_centres_added_and_removed(history: History, cli: Cli) -> None:
    history.edit("records/findings/p1/p1-01.yaml", "[c1, c2]", "[c2]")
    assert "centre removed: Trung tâm Chính trị huyện Đình Lập" in statements(cli, "HEAD")


def test_between_two_commits(history: History, cli: Cli) -> None:
    first = history.git("rev-parse", "HEAD")
    history.edit(PLAN, "status: reported", "status: closed")
    second = history.commit("close the plan")
    history.edit(PLAN, "status: closed", "status: reported")  # the working tree is not HEAD
    data = as_json(cli, first, second)
    assert (data["base"], data["head"]) == (first[:7], second[:7])
    assert data["changes"][0]["details"] == ["status reported → closed"]


def test_default_base_is_the_merge_base_with_the_default_branch(history: History, cli: Cli) -> None:
    history.git("checkout", "-q", "-b", "topic")
    history.edit(PLAN, "status: reported", "status: closed")
    history.commit("close the plan")
    history.git("checkout", "-q", "main")
    history.edit("records/centres/c2.yaml", "Chi Lăng", "Chi Lăng (mới)")
    history.commit("on main meanwhile")
    history.git("checkout", "-q", "topic")
    out = statements(cli)
    assert "status reported → closed" in out
    assert "Chi Lăng (mới)" not in out  # main's own later change is not this branch's


def test_lint_problems_introduced_and_fixed(history: History, cli: Cli) -> None:
    history.edit(P1_02, "done_on: 2023-06-15", "done_on: 15/06/2023")
    history.commit("a day-first date")
    history.edit(P1_02, "done_on: 15/06/2023", "done_on: 2023-06-15")
    history.edit("records/findings/p1/p1-01.yaml", "[c1, c2]", "[c1, c9]")
    problems = as_json(cli, "HEAD")["problems"]
    assert [p["code"] for p in problems["introduced"]] == ["IK400"]
    assert [p["code"] for p in problems["fixed"]] == ["IK202"]


def test_json_schema_is_stable(history: History, cli: Cli) -> None:
    history.edit(PLAN, "status: reported", "status: closed")
    data = as_json(cli, "HEAD")
    assert set(data) == {"inspectkit_diff", "base", "head", "changes", "problems"}
    assert data["inspectkit_diff"] == 1
    assert set(data["changes"][0]) == {
        "change", "kind", "id", "old_id", "plan", "path", "old_path", "headline", "details", "referenced_by",
        "plan_label",
    }  # fmt: skip


def test_unknown_revision_says_what_to_fetch(history: History, cli: Cli) -> None:
    result = cli("diff", "origin/nowhere")
    assert result.exit_code == 2
    assert (
        "revision 'origin/nowhere' is not in this clone: fetch it with `git fetch origin nowhere`"
        in result.output
    )


def test_a_relative_revision_beyond_the_history_is_not_offered_to_fetch(history: History, cli: Cli) -> None:
    result = cli("diff", "HEAD~9")
    assert result.exit_code == 2
    assert (
        "revision 'HEAD~9' is not in this clone: name a revision that exists (`git log` lists them)"
        in result.output
    )
    assert "git fetch origin HEAD~9" not in result.output


def test_outside_git_is_a_usage_error(repo: Path, cli: Cli) -> None:
    result = cli("diff")
    assert result.exit_code == 2
    assert "not in a git repository" in result.output


def shallow_clone(history: History, depth: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Close the plan in a second commit, then work in a clone of the last `depth` commits."""
    history.edit(PLAN, "status: reported", "status: closed")
    history.commit("close")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", str(depth), f"file://{history.root}", str(clone)], check=True
    )
    monkeypatch.chdir(clone)


def test_shallow_clone_with_both_revisions(
    history: History, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    shallow_clone(history, 2, tmp_path, monkeypatch)
    assert "status reported → closed" in statements(cli, "HEAD~1", "HEAD")


def test_shallow_clone_missing_the_base_says_to_deepen(
    history: History, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    shallow_clone(history, 1, tmp_path, monkeypatch)
    result = cli("diff", "HEAD~1")
    assert result.exit_code == 2
    assert "shallow clone" in result.output and "git fetch --deepen" in result.output


def test_records_repository_in_a_subfolder_of_the_git_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    history = History(tmp_path, folder="org")
    history.edit("org/records/plans/p1.yaml", "status: reported", "status: closed")
    monkeypatch.chdir(tmp_path / "org")
    out = statements(cli, "HEAD")
    assert "Plan 84-KH/ĐKT  [records/plans/p1.yaml]" in out and "status reported → closed" in out


def test_changes_are_grouped_under_the_plan_number(history: History, cli: Cli) -> None:
    history.edit(P1_02, "due: 2023-06-30", "due: 2023-09-30")  # the plan itself is unchanged
    assert "\nPlan 84-KH/ĐKT:\n" in statements(cli, "HEAD")


def test_unknown_format_is_a_usage_error(history: History, cli: Cli) -> None:
    result = cli("diff", "HEAD", "--format", "html")
    assert result.exit_code == 2
    assert "'html' is not a format of diff" in result.output


def test_a_file_that_stops_loading_is_broken_not_deleted(history: History, cli: Cli) -> None:
    history.edit(P1_02, "summary: Đánh giá", "summary: [Đánh giá")
    (change,) = as_json(cli, "HEAD")["changes"]
    assert (change["change"], change["id"]) == ("broken", "p1-02")
    assert change["headline"].endswith(": no longer reads as a record (see the lint problems)")


def test_a_file_that_loads_again_is_mended_not_new(history: History, cli: Cli) -> None:
    history.edit(P1_02, "summary: Đánh giá", "summary: [Đánh giá")
    history.commit("broken")
    history.edit(P1_02, "summary: [Đánh giá", "summary: Đánh giá")
    (change,) = as_json(cli, "HEAD")["changes"]
    assert (change["change"], change["id"]) == ("mended", "p1-02")
