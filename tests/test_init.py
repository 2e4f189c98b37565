"""`inspectkit init`: a records repository ready for CI, pre-commit and editors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from inspectkit import __version__
from inspectkit.kinds import json_schema
from inspectkit.scaffold import PLACEHOLDER_REPOSITORY
from inspectkit.settings import load_settings

Cli = Callable[..., Any]

CREATED = [
    ".github/workflows/inspectkit.yml",
    ".gitignore",
    ".inspectkit/schema.json",
    ".pre-commit-config.yaml",
    ".vscode/extensions.json",
    ".vscode/settings.json",
    "inspectkit.toml",
    "records/centres/.gitkeep",
    "records/delegations/.gitkeep",
    "records/documents/.gitkeep",
    "records/findings/.gitkeep",
    "records/plans/.gitkeep",
    "templates/README.md",
]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files_below(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_init_no_input_creates_the_repository_with_defaults(here: Path, cli: Cli) -> None:
    result = cli("init", "new", "--no-input")
    assert result.exit_code == 0, result.output
    assert files_below(here / "new") == CREATED
    assert "wrote new/inspectkit.toml" in result.output
    assert "next: cd new && inspectkit new-centre" in result.output
    settings = load_settings(here / "new")
    assert settings.organisation.name == "Ban Tuyên giáo Tỉnh ủy"
    assert settings.organisation.header == ["TỈNH ỦY", "BAN TUYÊN GIÁO"]
    assert settings.organisation.style == "party"


def test_init_then_lint_passes_on_the_empty_repository(
    here: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("init", "--no-input")
    result = cli("lint")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings in 0 files" in result.output


def test_init_interactive_asks_for_the_organisation(here: Path, cli: Cli) -> None:
    answers = (
        "Ban Tuyên giáo Tỉnh ủy Lạng Sơn\nTỈNH ỦY LẠNG SƠN / BAN TUYÊN GIÁO\nLạng Sơn\nnational\nstate\n"
    )
    result = cli("init", "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    assert "Document style (party or state) [party]" in result.output
    assert "'national' is not a style: choose party or state" in result.output
    organisation = load_settings(here).organisation
    assert organisation.name == "Ban Tuyên giáo Tỉnh ủy Lạng Sơn"
    assert organisation.header == ["TỈNH ỦY LẠNG SƠN", "BAN TUYÊN GIÁO"]
    assert (organisation.place, organisation.style) == ("Lạng Sơn", "state")


def test_init_options_with_quotes_stay_valid_toml(here: Path, cli: Cli) -> None:
    result = cli(
        "init",
        "--no-input",
        "--name",
        'Ban "A" \\ B',
        "--header",
        "TỈNH ỦY",
        "--header",
        "BAN",
        "--place",
        "Lạng Sơn",
    )
    assert result.exit_code == 0, result.output
    organisation = load_settings(here).organisation
    assert (organisation.name, organisation.header) == ('Ban "A" \\ B', ["TỈNH ỦY", "BAN"])


def test_init_bad_style_option_exits_2_and_writes_nothing(here: Path, cli: Cli) -> None:
    result = cli("init", "--no-input", "--style", "national")
    assert result.exit_code == 2
    assert "--style: 'national' is not a style" in result.output
    assert files_below(here) == []


def test_init_into_a_file_is_a_one_line_error(here: Path, cli: Cli) -> None:
    (here / "taken").write_text("", encoding="utf-8")
    result = cli("init", "taken", "--no-input")
    assert result.exit_code == 2
    assert result.output.startswith("inspectkit: taken: cannot write")
    assert len(result.output.splitlines()) == 1


def test_init_never_overwrites_and_lists_what_it_kept(here: Path, cli: Cli) -> None:
    (here / "inspectkit.toml").write_text('records = "records"\n', encoding="utf-8")
    (here / ".github/workflows").mkdir(parents=True)
    (here / ".github/workflows/inspectkit.yml").write_text("# mine\n", encoding="utf-8")
    result = cli("init", "--interactive", input="")  # settings kept: nothing is asked
    assert result.exit_code == 0, result.output
    assert "kept  inspectkit.toml (already there)" in result.output
    assert "kept  .github/workflows/inspectkit.yml (already there)" in result.output
    assert (here / "inspectkit.toml").read_text(encoding="utf-8") == 'records = "records"\n'
    assert (here / ".github/workflows/inspectkit.yml").read_text(encoding="utf-8") == "# mine\n"
    assert files_below(here) == CREATED


def test_init_never_writes_through_a_folder_linked_out_of_the_repository(
    here: Path, cli: Cli, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (here / "repo").mkdir()
    (here / "repo" / ".vscode").symlink_to(outside, target_is_directory=True)
    result = cli("init", "repo", "--no-input")
    assert result.exit_code == 0, result.output
    assert list(outside.iterdir()) == []
    assert "note: " in result.output and "leads outside the repository" in result.output
    assert "wrote repo/.vscode" not in result.output
    assert (here / "repo" / "inspectkit.toml").is_file()


def test_init_twice_keeps_everything(here: Path, cli: Cli) -> None:
    cli("init", "--no-input")
    before = {path: (here / path).read_bytes() for path in CREATED}
    result = cli("init", "--no-input")
    assert result.exit_code == 0
    assert "wrote" not in result.output
    assert {path: (here / path).read_bytes() for path in CREATED} == before


def test_the_workflow_installs_inspectkit_from_its_repository_and_lints_with_annotations(
    here: Path, cli: Cli
) -> None:
    cli("init", "--no-input", "--inspectkit-repo", "https://git.example.vn/tools/inspectkit.git")
    workflow = yaml.safe_load((here / ".github/workflows/inspectkit.yml").read_text(encoding="utf-8"))
    assert workflow["env"]["INSPECTKIT"] == f"git+https://git.example.vn/tools/inspectkit.git@v{__version__}"
    runs = [step.get("run") for step in workflow["jobs"]["lint"]["steps"]]
    assert runs[-2:] == ['python -m pip install "$INSPECTKIT"', "inspectkit lint --format github"]


def test_pre_commit_config_uses_the_inspectkit_hook_of_the_same_repository(here: Path, cli: Cli) -> None:
    cli("init", "--no-input", "--inspectkit-repo", "git+https://git.example.vn/tools/inspectkit.git")
    config = yaml.safe_load((here / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (source,) = config["repos"]
    assert source == {
        "repo": "https://git.example.vn/tools/inspectkit.git",  # pip's git+ prefix dropped
        "rev": f"v{__version__}",
        "hooks": [{"id": "inspectkit-lint"}],
    }


def test_without_the_inspectkit_address_a_marked_placeholder_is_written_and_named(
    here: Path, cli: Cli
) -> None:
    result = cli("init", "--no-input")
    assert result.exit_code == 0
    assert (
        "note: .github/workflows/inspectkit.yml and .pre-commit-config.yaml fetch inspectkit from "
        f"{PLACEHOLDER_REPOSITORY}, a placeholder" in result.output
    )
    for path in (".github/workflows/inspectkit.yml", ".pre-commit-config.yaml"):
        text = (here / path).read_text(encoding="utf-8")
        assert f"{PLACEHOLDER_REPOSITORY}" in text
        assert "# PLACEHOLDER: the address of inspectkit's repository" in text


def test_a_bad_inspectkit_address_exits_2_and_writes_nothing(here: Path, cli: Cli) -> None:
    result = cli("init", "--no-input", "--inspectkit-repo", "my repo")
    assert result.exit_code == 2
    assert "--inspectkit-repo: 'my repo' is not a repository address" in result.output
    assert files_below(here) == []


def test_editor_settings_map_the_schema_onto_the_records(here: Path, cli: Cli) -> None:
    cli("init", "--no-input")
    settings = json.loads((here / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {".inspectkit/schema.json": ["records/**/*.yaml", "records/**/*.yml"]}
    assert json.loads((here / ".inspectkit/schema.json").read_text(encoding="utf-8")) == json_schema()
    extensions = json.loads((here / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert extensions == {"recommendations": ["redhat.vscode-yaml"]}  # the extension that reads yaml.schemas


def test_the_project_ships_the_hook_init_refers_to() -> None:
    hooks = yaml.safe_load(
        (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    )
    (hook,) = hooks
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "inspectkit-lint",
        "inspectkit lint",
        "python",
        True,
    )
    import re

    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def passed(path: str) -> bool:  # pre-commit's selection: `files` matches and `exclude` does not
        return bool(files.search(path)) and not exclude.search(path)

    assert passed("records/plans/2022-84-kh-dkt.yaml")
    assert passed("records/findings/p/p-01.yml")
    assert not passed(".github/workflows/inspectkit.yml")
    assert not passed("notes/records/plan.yaml")
    assert not passed("records/.drafts/p.yaml")  # hidden: `inspectkit lint` skips it too
    assert not passed("records/plans/.p.yaml")
