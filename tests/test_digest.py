"""The digest of what a document states (FORMAT.md 1.1): follow-up moves on, conclusions do not."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from inspectkit import digest
from inspectkit.repository import Record, Repository
from inspectkit.settings import Settings
from inspectkit.validation import validate
from inspectkit.vocabulary import ACTION_STATUSES

# Text a record may hold: no control characters (those are IK202).
TEXT = st.characters(blacklist_categories=("Cc", "Cs"))
PLAN: dict[str, Any] = {
    "kind": "plan",
    "id": "p1",
    "number": "84-KH/ĐKT",
    "issued": "2022-11-03",
    "issuer": "Ban Tuyên giáo Tỉnh ủy Lạng Sơn",
    "title": "Kiểm tra công tác đào tạo",
    "topics": [{"id": "dao-tao", "title": "Đào tạo"}],
    "delegation": "p1-doan",
    "visits": [{"centre": "c1", "date": "2022-11-24"}],
}
DELEGATION: dict[str, Any] = {
    "kind": "delegation",
    "id": "p1-doan",
    "plan": "p1",
    "members": [{"name": "Nguyễn Trọng Sơn", "role": "head"}],
}
CENTRE: dict[str, Any] = {
    "kind": "centre",
    "id": "c1",
    "name": "Trung tâm Chính trị huyện Đình Lập",
    "staff": {"quota": 5, "filled": 2},
}
FINDING: dict[str, Any] = {
    "kind": "finding",
    "id": "p1-01",
    "plan": "p1",
    "centres": ["c1"],
    "topic": "dao-tao",
    "type": "request",
    "summary": "Bổ sung biên chế cho trung tâm",
    "action": {"owner": "Huyện ủy Đình Lập", "due": "2023-06-30"},
}


def repository(*records: dict[str, Any]) -> Repository:
    repo = Repository(Settings())
    for data in records:
        model, issues = validate(copy.deepcopy(data))
        assert model is not None, issues
        record = Record(Path(f"{data['id']}.yaml"), f"{data['id']}.yaml", data, None, model, [])
        repo.records.append(record)
        repo.by_id[data["id"]] = record
    return repo


def digest_of(finding: dict[str, Any], centre: dict[str, Any] = CENTRE) -> str | None:
    return digest.digest(repository(PLAN, DELEGATION, centre, finding), "p1")


def test_a_digest_is_sha256_of_the_facts() -> None:
    found = digest_of(FINDING)
    assert digest.is_digest(found)
    assert found == digest_of(copy.deepcopy(FINDING))


def test_a_missing_plan_has_no_digest() -> None:
    assert digest.digest(repository(CENTRE), "p1") is None


@given(
    status=st.sampled_from(ACTION_STATUSES),
    note=st.text(TEXT, min_size=1).filter(str.strip),
    day=st.dates(),
)
def test_follow_up_does_not_change_the_digest(status: str, note: str, day: Any) -> None:
    moved = copy.deepcopy(FINDING)
    moved["action"]["status"] = status
    moved["action"]["history"] = [{"date": day.isoformat(), "status": status, "note": note}]
    if status == "done":
        moved["action"]["done_on"] = day.isoformat()
    assert digest_of(moved) == digest_of(FINDING)


@given(summary=st.text(TEXT, min_size=1).filter(lambda s: s.strip() and "\n" not in s.strip()))
def test_a_changed_summary_changes_the_digest(summary: str) -> None:
    changed = copy.deepcopy(FINDING)
    changed["summary"] = summary
    assert (digest_of(changed) == digest_of(FINDING)) == (summary == FINDING["summary"])


def test_the_plan_moving_through_its_workflow_does_not_change_the_digest() -> None:
    repo = repository(PLAN, DELEGATION, CENTRE, FINDING)
    for status in ("approved", "in-progress", "reported", "closed"):
        moved = repository({**PLAN, "status": status}, DELEGATION, CENTRE, FINDING)
        assert digest.digest(moved, "p1") == digest.digest(repo, "p1")


def test_a_changed_plan_title_changes_the_digest() -> None:
    retitled = repository({**PLAN, "title": "Kiểm tra công tác bồi dưỡng"}, DELEGATION, CENTRE, FINDING)
    assert digest.digest(retitled, "p1") != digest_of(FINDING)


def test_a_changed_owner_or_due_date_changes_the_digest() -> None:
    for key, value in (("owner", "Trung tâm Chính trị"), ("due", "2023-07-31")):
        changed = copy.deepcopy(FINDING)
        changed["action"][key] = value
        assert digest_of(changed) != digest_of(FINDING)


def test_of_a_centre_only_its_name_counts() -> None:
    restaffed = {**CENTRE, "staff": {"quota": 5, "filled": 4}}
    renamed = {**CENTRE, "name": "Trung tâm Chính trị huyện Chi Lăng"}
    assert digest_of(FINDING, restaffed) == digest_of(FINDING)
    assert digest_of(FINDING, renamed) != digest_of(FINDING)


def test_writing_a_default_or_leaving_it_out_is_the_same_fact() -> None:
    explicit = copy.deepcopy(FINDING)
    explicit["action"]["status"] = "open"
    explicit["evidence"] = []
    assert digest_of(explicit) == digest_of(FINDING)


def test_text_in_nfd_states_the_same_facts_as_nfc() -> None:
    import unicodedata

    nfd = {**FINDING, "summary": unicodedata.normalize("NFD", FINDING["summary"])}
    assert digest_of(nfd) == digest_of(FINDING)


def test_the_changed_records_are_named() -> None:
    plan = repository(PLAN, DELEGATION, CENTRE, FINDING)
    before = digest.parts(plan, plan.plans[0])
    changed = copy.deepcopy(FINDING)
    changed["summary"] = "Đã bổ sung"
    after_repo = repository(PLAN, DELEGATION, CENTRE, changed)
    assert digest.parts(after_repo, after_repo.plans[0]).changed(before) == ["p1-01"]
