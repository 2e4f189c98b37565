"""`init --ci github|gitlab|gitea` writes the host's review workflow: lint with the host's report
(SARIF upload, Code Quality), and the `diff` posted as a pull-request comment where the host allows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

Cli = Callable[..., Any]


def init(cli: Cli, root: Path, host: str) -> None:
    result = cli("init", str(root), "--no-input", "--ci", host)
    assert result.exit_code == 0, result.output


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return found


def runs(workflow: dict[str, Any], job: str) -> str:
    return "\n".join(str(s.get("run", "")) for s in steps(workflow, job))


def test_github_uploads_sarif_and_comments_the_diff(repo: Path, cli: Cli) -> None:
    init(cli, repo / "r", "github")
    workflow = yaml.safe_load((repo / "r/.github/workflows/inspectkit.yml").read_text(encoding="utf-8"))
    assert "inspectkit lint --format sarif > inspectkit.sarif" in runs(workflow, "lint")
    upload = next(s for s in steps(workflow, "lint") if "upload-sarif" in str(s.get("uses")))
    assert upload["with"]["sarif_file"] == "inspectkit.sarif"
    assert workflow["jobs"]["lint"]["permissions"]["security-events"] == "write"
    review = runs(workflow, "review")
    assert "inspectkit diff --format markdown" in review and "gh pr comment" in review
    assert workflow["jobs"]["review"]["permissions"]["pull-requests"] == "write"


def test_github_fetches_the_whole_history(repo: Path, cli: Cli) -> None:
    init(cli, repo / "r", "github")
    workflow = yaml.safe_load((repo / "r/.github/workflows/inspectkit.yml").read_text(encoding="utf-8"))
    for job in ("lint", "review"):
        checkout = steps(workflow, job)[0]
        assert checkout["uses"].startswith("actions/checkout") and checkout["with"]["fetch-depth"] == 0


def test_github_passes_event_values_through_the_environment(repo: Path, cli: Cli) -> None:
    # `${{ … }}` inside a `run:` script is pasted in as shell text; through `env:` it is data.
    init(cli, repo / "r", "github")
    workflow = yaml.safe_load((repo / "r/.github/workflows/inspectkit.yml").read_text(encoding="utf-8"))
    assert "${{" not in runs(workflow, "lint") + runs(workflow, "review")


def test_gitlab_uploads_code_quality_and_notes_the_diff(repo: Path, cli: Cli) -> None:
    init(cli, repo / "r", "gitlab")
    pipeline = yaml.safe_load((repo / "r/.gitlab-ci.yml").read_text(encoding="utf-8"))
    lint = pipeline["inspectkit-lint"]
    assert "inspectkit lint --format gitlab > gl-code-quality-report.json || true" in lint["script"]
    assert lint["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    review = "\n".join(pipeline["inspectkit-review"]["script"])
    assert (
        "inspectkit diff --format markdown" in review
        and "merge_requests/$CI_MERGE_REQUEST_IID/notes" in review
    )


def test_gitea_comments_the_diff_through_its_api(repo: Path, cli: Cli) -> None:
    init(cli, repo / "r", "gitea")
    workflow = yaml.safe_load((repo / "r/.gitea/workflows/inspectkit.yml").read_text(encoding="utf-8"))
    assert "inspectkit lint --format auto" in runs(workflow, "lint")
    review = runs(workflow, "review")
    assert "inspectkit diff --format markdown" in review and "/issues/$PR/comments" in review


@pytest.mark.parametrize("host", ["github", "gitlab", "gitea"])
def test_ci_workflow_replaces_the_plain_github_one(repo: Path, cli: Cli, host: str) -> None:
    init(cli, repo / "r", host)
    plain = (repo / "r/.github/workflows/inspectkit.yml").exists()
    assert plain == (host == "github")


def test_unknown_ci_host_is_a_usage_error(repo: Path, cli: Cli) -> None:
    result = cli("init", str(repo / "r"), "--no-input", "--ci", "jenkins")
    assert result.exit_code == 2


def _scripts(workflow: dict[str, Any]) -> list[str]:
    """The shell scripts of a workflow: GitHub and Gitea steps' `run`, GitLab jobs' `script`."""
    out: list[str] = []
    for name, job in workflow.items() if "jobs" not in workflow else workflow["jobs"].items():
        if not isinstance(job, dict) or name == "variables":
            continue
        out += [str(step["run"]) for step in job.get("steps", []) if "run" in step]
        out += [str(line) for line in job.get("script", [])]
    return out


def _inspectkit_commands(workflow: dict[str, Any]) -> list[list[str]]:
    """Every `inspectkit …` command a workflow runs, as arguments (redirections and `||` cut off,
    the variables it uses given a value)."""
    import re
    import shlex

    values = {"$LINKS": "https://host/blob/abc", "$CI_PROJECT_URL": "https://host", "$CI_COMMIT_SHA": "abc"}
    commands = []
    for script in _scripts(workflow):
        for found in re.finditer(r"(?<![\w-])inspectkit (?:lint|diff)[^\n>|]*", script):
            line = found.group(0)
            for name, value in values.items():
                line = line.replace(name, value)
            commands.append(shlex.split(line)[1:])
    return commands


@pytest.mark.parametrize("host", ["github", "gitlab", "gitea"])
def test_every_inspectkit_command_of_a_workflow_runs(
    host: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    import shutil

    from git_history import History

    if shutil.which("git") is None:
        pytest.skip("needs git")
    from inspectkit.ci_workflows import workflow_files

    ((_path, text),) = workflow_files(host, "https://example.org/inspectkit.git").items()
    commands = _inspectkit_commands(yaml.safe_load(text))
    assert any(c[0] == "diff" for c in commands) and any(c[0] == "lint" for c in commands)
    monkeypatch.chdir(tmp_path)
    History(tmp_path)
    for args in commands:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)


@pytest.mark.parametrize(
    ("host", "path"),
    [
        ("github", ".github/workflows/inspectkit.yml"),
        ("gitlab", ".gitlab-ci.yml"),
        ("gitea", ".gitea/workflows/inspectkit.yml"),
    ],
)
def test_a_git_ssh_address_is_installed_with_a_url_pip_accepts(
    repo: Path, cli: Cli, host: str, path: str
) -> None:
    # pip reads no `git+git@host:owner/repo.git`: the short SSH form is written as an ssh:// URL.
    result = cli(
        "init", str(repo / "r"), "--no-input", "--ci", host, "--inspectkit-repo", "git@github.com:o/r.git"
    )
    assert result.exit_code == 0, result.output
    workflow = yaml.safe_load((repo / "r" / path).read_text(encoding="utf-8"))
    install = (workflow.get("env") or workflow["variables"])["INSPECTKIT"]
    assert install.startswith("git+ssh://git@github.com/o/r.git@v")
