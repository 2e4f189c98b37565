"""Lint output for CI hosts: SARIF 2.1.0 and GitLab Code Quality validated against their vendored
schemas (tests/schemas/README.md says where they come from), JUnit XML, and `--format auto`."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

Cli = Callable[..., Any]
WriteFn = Callable[[str, str], Path]
SCHEMAS = Path(__file__).parent / "schemas"
BASE = Path(__file__).parent / "fixtures" / "lint" / "base"
P1_01 = "records/findings/p1/p1-01.yaml"


@pytest.fixture
def problems(repo: Path, write: WriteFn) -> Path:
    """The base with an error (IK400, line 4) and a warning (IK303) in two files."""
    shutil.rmtree(repo / "records")
    shutil.copytree(BASE / "records", repo / "records")
    text = (repo / P1_01).read_text(encoding="utf-8")
    write(P1_01, text.replace("[c1, c2]", "[c1, c22]"))
    write("records/c3.yaml", "kind: centre\nid: c3\nname: Trung tâm\n")
    return repo


def output(cli: Cli, fmt: str, *args: str) -> str:
    result = cli("lint", "--format", fmt, *args)
    return str(result.stdout)


def schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return data


def test_sarif_validates_against_the_sarif_2_1_0_schema(problems: Path, cli: Cli) -> None:
    log = json.loads(output(cli, "sarif"))
    jsonschema.validate(log, schema("sarif-schema-2.1.0.json"))
    assert log["version"] == "2.1.0"


def test_sarif_has_one_rule_per_code_with_help(problems: Path, cli: Cli) -> None:
    from inspectkit.rules import CODES

    rules = json.loads(output(cli, "sarif"))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(CODES)
    ik400 = next(r for r in rules if r["id"] == "IK400")
    assert ik400["shortDescription"]["text"] == CODES["IK400"].title
    assert "docs/FORMAT.md" in ik400["help"]["text"]


def test_sarif_result_has_rule_level_and_region(problems: Path, cli: Cli) -> None:
    run = json.loads(output(cli, "sarif"))["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "IK400")
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "IK400"
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == P1_01
    assert location["region"] == {"startLine": 4, "startColumn": 15}


def test_sarif_of_a_clean_repository_validates(repo: Path, cli: Cli) -> None:
    shutil.rmtree(repo / "records")
    shutil.copytree(BASE / "records", repo / "records")
    log = json.loads(output(cli, "sarif"))
    jsonschema.validate(log, schema("sarif-schema-2.1.0.json"))
    assert log["runs"][0]["results"] == []


def test_gitlab_report_validates_against_gitlab_schema(problems: Path, cli: Cli) -> None:
    report = json.loads(output(cli, "gitlab"))
    entry_schema = schema("gitlab-codeclimate.schema.json")
    assert isinstance(report, list) and len(report) == 2
    for entry in report:
        jsonschema.validate(entry, entry_schema)
        # GitLab's documentation requires these too, beyond its schema
        assert entry["check_name"] and isinstance(entry["location"]["lines"]["begin"], int)
        assert entry["severity"] in ("info", "minor", "major", "critical", "blocker")


def test_gitlab_severity_follows_the_problem(problems: Path, cli: Cli) -> None:
    report = json.loads(output(cli, "gitlab"))
    assert {e["check_name"]: e["severity"] for e in report} == {"IK400": "major", "IK303": "minor"}


def test_gitlab_fingerprints_survive_lines_added_above(problems: Path, cli: Cli) -> None:
    before = {e["check_name"]: e["fingerprint"] for e in json.loads(output(cli, "gitlab"))}
    path = problems / P1_01
    path.write_text("# a new comment\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(output(cli, "gitlab"))
    assert {e["check_name"]: e["fingerprint"] for e in after} == before
    assert next(e for e in after if e["check_name"] == "IK400")["location"]["lines"]["begin"] == 6


def test_gitlab_fingerprints_are_unique(problems: Path, cli: Cli, write: WriteFn) -> None:
    text = (problems / P1_01).read_text(encoding="utf-8")
    write(P1_01, text.replace("[c1, c22]", "[c8, c9]"))
    report = json.loads(output(cli, "gitlab"))
    assert len({e["fingerprint"] for e in report}) == len(report) == 3


def test_junit_has_one_test_case_per_file(problems: Path, cli: Cli) -> None:
    root = ET.fromstring(output(cli, "junit"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 7  # the base's six files and c3.yaml
    failed = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
    assert set(failed) == {P1_01, "records/c3.yaml"}
    failure = failed[P1_01]
    assert failure is not None and failure.get("type") == "IK400"
    assert f"{P1_01}:4:15: IK400 error" in (failure.text or "")
    assert root.get("tests") == "7" and root.get("failures") == "2"


def test_junit_escapes_what_a_record_holds(repo: Path, cli: Cli, write: WriteFn) -> None:
    write("records/centres/x.yaml", 'kind: centre\nid: "a<b>&\\x01"\nname: X\n')
    ET.fromstring(output(cli, "junit"))  # parses: markup and control characters escaped


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"GITHUB_ACTIONS": "true"}, "::error file="),
        ({"GITLAB_CI": "true"}, '"check_name": "IK400"'),
        ({}, "IK400 error: no centre has id 'c22'"),
    ],
)
def test_format_auto_follows_the_ci_host(
    problems: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], expected: str
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITLAB_CI", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert expected in output(cli, "auto")
