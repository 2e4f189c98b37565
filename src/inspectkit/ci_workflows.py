"""The CI workflow `init --ci github|gitlab|gitea` writes, one per host.

Each lints every push (failing on errors, annotating lines where the host can), hands the host
its own report (SARIF for GitHub code scanning, Code Quality JSON for GitLab), and on a pull or
merge request posts `inspectkit diff --format markdown` as a comment where the host allows it.
History is fetched in full: `diff` and `lint --changed` compare with the target branch.
"""

from __future__ import annotations

CI_HOSTS = ("github", "gitlab", "gitea")


def _install(repository: str) -> tuple[str, str]:
    """INSPECTKIT's value (pip's `git+ADDRESS@TAG`, as scaffold's plain workflow writes it) and
    the placeholder note."""
    from inspectkit.scaffold import _placeholder_note, _quoted, pip_address, release

    return _quoted(f"git+{pip_address(repository)}@{release()}"), _placeholder_note(repository)


_WHOLE_HISTORY = "  # the whole history: diff and lint --changed compare with the base branch"


def _steps(note: str = "") -> str:
    """A job's first steps on GitHub and Gitea Actions: the whole history checked out, Python,
    inspectkit installed."""
    return f'''\
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0{note}
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m pip install "$INSPECTKIT"'''


def github(repository: str) -> str:
    install, note = _install(repository)
    return f"""\
# Lints the records on each push and pull request: problems are annotated on their lines and
# uploaded to code scanning (SARIF); on a pull request, `inspectkit diff` is posted as a comment.
name: inspectkit
on:
  push:
  pull_request:
permissions:
  contents: read
env:
  # Where inspectkit is installed from: its git repository at a release tag (or a commit id).
  INSPECTKIT: {install}{note}
jobs:
  lint:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write  # upload the SARIF report to code scanning
{_steps(_WHOLE_HISTORY)}
      - run: inspectkit lint --format sarif > inspectkit.sarif || true
      - uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: inspectkit.sarif
          category: inspectkit
      - run: inspectkit lint --format github
  review:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write  # post the comment
{_steps()}
      # The base is the merge base with the pull request's target branch (GITHUB_BASE_REF).
      - run: inspectkit diff --format markdown --link-base "$LINKS" > inspectkit-diff.md
        env:
          LINKS: ${{{{ github.server_url }}}}/${{{{ github.repository }}}}/blob/${{{{ github.event.pull_request.head.sha }}}}
      # One comment per pull request, updated on each push (a pull request from a fork gets a
      # read-only token: the step then fails without failing the checks above).
      - run: gh pr comment "$PR" --edit-last --body-file inspectkit-diff.md || gh pr comment "$PR" --body-file inspectkit-diff.md
        continue-on-error: true
        env:
          GH_TOKEN: ${{{{ github.token }}}}
          GH_REPO: ${{{{ github.repository }}}}
          PR: ${{{{ github.event.pull_request.number }}}}
"""


def gitlab(repository: str) -> str:
    install, note = _install(repository)
    return f"""\
# Lints the records in every pipeline: the Code Quality report shows problems in merge requests.
# In merge request pipelines, `inspectkit diff` is posted as a note on the merge request when the
# CI/CD variable INSPECTKIT_BOT_TOKEN holds a project access token (scope: api, role: Reporter);
# GitLab's own job token cannot post notes.
variables:
  GIT_DEPTH: "0"  # the whole history: diff and lint --changed compare with the target branch
  # Where inspectkit is installed from: its git repository at a release tag (or a commit id).
  INSPECTKIT: {install}{note}

inspectkit-lint:
  image: python:3.12
  script:
    - python -m pip install "$INSPECTKIT"
    - inspectkit lint --format gitlab > gl-code-quality-report.json || true
    - inspectkit lint
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS == null

inspectkit-review:
  image: python:3.12
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event" && $INSPECTKIT_BOT_TOKEN
  script:
    - python -m pip install "$INSPECTKIT"
    - git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - inspectkit diff --format markdown --link-base "$CI_PROJECT_URL/-/blob/$CI_COMMIT_SHA" > inspectkit-diff.md
    - >-
      curl --fail --silent --show-error --request POST
      --header "PRIVATE-TOKEN: $INSPECTKIT_BOT_TOKEN"
      --data-urlencode "body@inspectkit-diff.md"
      "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
"""


def gitea(repository: str) -> str:
    install, note = _install(repository)
    return f"""\
# Gitea Actions (GitHub Actions syntax): lints the records on each push and pull request, with
# annotations; on a pull request, `inspectkit diff` is posted as a comment through Gitea's API.
# Gitea has no code scanning: the JUnit report is kept as an artifact instead of a SARIF upload.
name: inspectkit
on:
  push:
  pull_request:
env:
  # Where inspectkit is installed from: its git repository at a release tag (or a commit id).
  INSPECTKIT: {install}{note}
jobs:
  lint:
    runs-on: ubuntu-latest
{_steps()}
      - run: inspectkit lint --format junit > inspectkit-junit.xml || true
      - uses: actions/upload-artifact@v3
        with:
          name: inspectkit-junit
          path: inspectkit-junit.xml
      - run: inspectkit lint --format auto
  review:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
{_steps()}
      - run: inspectkit diff --format markdown --link-base "$LINKS" > inspectkit-diff.md
        env:
          LINKS: ${{{{ github.server_url }}}}/${{{{ github.repository }}}}/src/commit/${{{{ github.event.pull_request.head.sha }}}}
      # The token needs write access to issues: the automatic token has it on Gitea 1.24 and later;
      # on older versions store a personal access token as the secret INSPECTKIT_TOKEN.
      - run: >-
          python -c "import json; print(json.dumps({{'body': open('inspectkit-diff.md', encoding='utf-8').read()}}))"
          | curl --fail --silent --show-error --request POST
          --header "Authorization: token $TOKEN" --header "Content-Type: application/json" --data @-
          "$API/repos/$REPO/issues/$PR/comments"
        continue-on-error: true
        env:
          TOKEN: ${{{{ secrets.INSPECTKIT_TOKEN || github.token }}}}
          API: ${{{{ github.api_url }}}}
          REPO: ${{{{ github.repository }}}}
          PR: ${{{{ github.event.pull_request.number }}}}
"""


# host -> (file written, its text)
WORKFLOW_PATHS = {
    "github": ".github/workflows/inspectkit.yml",
    "gitlab": ".gitlab-ci.yml",
    "gitea": ".gitea/workflows/inspectkit.yml",
}
_WRITERS = {"github": github, "gitlab": gitlab, "gitea": gitea}


def workflow_files(host: str, repository: str) -> dict[str, str]:
    """The workflow file for one CI host: relative path -> content."""
    return {WORKFLOW_PATHS[host]: _WRITERS[host](repository)}
