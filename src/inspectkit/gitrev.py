"""Reading records at a git revision, with git itself.

git runs as a subprocess with an argument list (never through a shell), so that a revision or a
path given by a user cannot be read as anything but an argument. Only commands that read are
used here (with --no-optional-locks, so that reading never refreshes git's own index file), and
`git mv` for `lint --fix`. A revision that is not in the clone (a shallow CI
checkout, a branch never fetched) is a GitError that says what to fetch.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from inspectkit.errors import UsageError


class GitError(UsageError):
    """git is missing, this is not a repository, or a revision cannot be read: one line saying
    what to do (what to fetch, when a revision is not in the clone). Exit 2."""


# Where CI hosts name the branch a pull request will be merged into.
_TARGET_BRANCH_VARIABLES = (
    "GITHUB_BASE_REF",  # GitHub Actions and Gitea Actions, on pull requests
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",  # GitLab CI, in merge request pipelines
)


@dataclass(frozen=True)
class Git:
    """One repository's work tree, at `root` (its top level)."""

    root: Path

    def run(self, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
        """git's standard output; GitError with git's own message when it fails (and `check`)."""
        done = self._process(args, stdin)
        if check and done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(
                f"git {args[0]} failed: {message[-1] if message else 'exit ' + str(done.returncode)}"
            )
        return done.stdout

    def ok(self, *args: str) -> bool:
        """Whether a git command succeeds (for questions such as "does this revision exist")."""
        return self._process(args, None).returncode == 0

    def _process(self, args: Sequence[str], stdin: bytes | None) -> subprocess.CompletedProcess[bytes]:
        # Never a prompt for credentials (a hook or CI would hang); git's messages in English.
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        try:
            return subprocess.run(
                ["git", "--no-optional-locks", "-C", str(self.root), *args],
                input=stdin,
                capture_output=True,
                env=env,
                check=False,
            )
        except FileNotFoundError:
            raise GitError(
                "git is not installed (or not on PATH): install git to compare revisions"
            ) from None


def open_git(start: Path) -> Git:
    """The repository that holds `start`; GitError when there is none."""
    folder = start if start.is_dir() else start.parent
    probe = Git(folder)
    try:
        top = probe.run("rev-parse", "--show-toplevel").decode("utf-8").strip()
    except GitError as exc:
        if "git is not installed" in str(exc):
            raise
        raise GitError(
            f"{folder} is not in a git repository: `inspectkit diff` and `lint --changed` compare git "
            "revisions (run `git init` and commit the records first)"
        ) from None
    return Git(Path(top))


def is_shallow(git: Git) -> bool:
    return git.run("rev-parse", "--is-shallow-repository").decode().strip() == "true"


def _fetch_hint(git: Git, revision: str) -> str:
    branch = revision.removeprefix("origin/")
    # A branch or tag name can be fetched; `HEAD~5` or `main^` names a commit relative to another.
    fetch = (
        f"fetch it with `git fetch origin {branch}`"
        if branch != "HEAD" and not any(c in branch for c in "~^:@{")
        else ""
    )
    if is_shallow(git):
        return (
            f"this is a shallow clone: {fetch + ' and ' if fetch else ''}deepen the history "
            "(`git fetch --deepen=100`, or `git fetch --unshallow`); in GitHub Actions set "
            "`fetch-depth: 0` on actions/checkout, in GitLab CI `GIT_DEPTH: 0`"
        )
    return f"{fetch + ', or ' if fetch else ''}name a revision that exists (`git log` lists them)"


def resolve(git: Git, revision: str) -> str:
    """The commit a revision names (a branch, tag, sha, `HEAD~2`…); GitError saying what to fetch."""
    if not revision or revision.startswith("-"):
        raise GitError(f"'{revision}' is not a revision: name a branch, a tag or a commit")
    out = git.run(
        "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}", check=False
    )
    sha = out.decode().strip()
    if not sha:
        raise GitError(f"revision '{revision}' is not in this clone: {_fetch_hint(git, revision)}")
    return sha


def default_branch(git: Git) -> str:
    """The branch changes are merged into: the CI host's target branch, else origin's HEAD, else
    main or master. GitError when none is found."""
    for variable in _TARGET_BRANCH_VARIABLES:
        target = os.environ.get(variable)
        if target:
            for candidate in (f"origin/{target}", target):
                if git.ok("rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"):
                    return candidate
            raise GitError(
                f"the target branch '{target}' ({variable}) is not in this clone: {_fetch_hint(git, target)}"
            )
    head = git.run("symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD", check=False).decode().strip()
    if head:
        return head
    for candidate in ("origin/main", "origin/master", "main", "master"):
        if git.ok("rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"):
            return candidate
    raise GitError(
        "no default branch (origin/HEAD, main or master) found: name the base revision, e.g. `origin/main`"
    )


def merge_base(git: Git, base: str, head: str = "HEAD") -> str:
    """Where `head` left `base`'s history; GitError (with what to fetch) when the history is cut."""
    base_sha, head_sha = resolve(git, base), resolve(git, head)
    out = git.run("merge-base", base_sha, head_sha, check=False).decode().strip()
    if not out:
        raise GitError(
            f"no common ancestor of {base} and {head} in this clone: {_fetch_hint(git, base)}; "
            f"or name the base revision itself"
        )
    return out


def short(git: Git, sha: str) -> str:
    return git.run("rev-parse", "--short", sha).decode().strip()


def relative(git: Git, folder: Path) -> str:
    """`folder` relative to the repository's top level, `/`-separated ("" for the top itself)."""
    try:
        rel = folder.resolve().relative_to(git.root.resolve())
    except ValueError:
        raise GitError(f"{folder} is not inside the git repository at {git.root}") from None
    return rel.as_posix() if str(rel) != "." else ""


def is_record_path(path: str, prefix: str) -> bool:
    """A `*.yaml`/`*.yml` file under `prefix`, with no hidden part below it (as the loader walks)."""
    below = path[len(prefix) + 1 :] if prefix else path
    parts = PurePosixPath(below).parts
    return bool(parts) and parts[-1].endswith((".yaml", ".yml")) and not any(p.startswith(".") for p in parts)


def tree_files(git: Git, commit: str, prefix: str) -> dict[str, str]:
    """Record files in a commit under `prefix`: top-level-relative path -> blob id."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if prefix:
        args += ["--", prefix]
    files: dict[str, str] = {}
    for entry in git.run(*args).split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        path = name.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode != "120000" and is_record_path(path, prefix):
            files[path] = blob
    return files


def read_blobs(git: Git, blobs: Iterable[str]) -> dict[str, bytes]:
    """The contents of blobs by id, read in one `git cat-file --batch`."""
    wanted = list(dict.fromkeys(blobs))
    if not wanted:
        return {}
    out = git.run("cat-file", "--batch", stdin=("\n".join(wanted) + "\n").encode())
    contents: dict[str, bytes] = {}
    pos = 0
    for blob in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) < 3 or header[1] != b"blob":
            raise GitError(
                f"blob {blob} is missing from this clone: fetch the full history (`git fetch --unshallow`)"
            )
        size = int(header[2])
        contents[blob] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1  # the contents, then a line feed
    return contents


def changed_in_work_tree(git: Git, commit: str, prefix: str) -> set[str]:
    """Record files under `prefix` whose working-tree content differs from `commit`'s (tracked
    files, staged or not, deleted ones included), and record files git does not track yet (not
    ignored)."""
    scope = ["--", prefix] if prefix else []
    diff = git.run("diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", commit, *scope)
    untracked = git.run("ls-files", "--others", "--exclude-standard", "-z", "--full-name", *scope)
    paths = {p.decode("utf-8", "surrogateescape") for p in (*diff.split(b"\0"), *untracked.split(b"\0")) if p}
    return {p for p in paths if is_record_path(p, prefix)}


def is_tracked(git: Git, path: Path) -> bool:
    return git.ok("ls-files", "--error-unmatch", "--", str(path))


def move(git: Git, source: Path, target: Path) -> None:
    """`git mv source target`, so that history follows the file."""
    git.run("mv", "--", str(source), str(target))


def paths_under(root: Path, relpaths: Sequence[str]) -> list[Path]:
    return [root / PurePosixPath(p) for p in relpaths]


def head_marker(start: Path) -> str:
    """Something that changes whenever the commit checked out above `start` changes, read from
    `.git` without running git (lint keeps results that IK510's history read depends on): HEAD,
    and the commit its branch names. "" outside a git repository."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if dot_git.exists():
            break
    else:
        return ""
    try:
        if dot_git.is_file():  # a worktree or submodule: `gitdir: PATH`
            dot_git = (candidate / dot_git.read_text(encoding="utf-8").partition(":")[2].strip()).resolve()
        head = (dot_git / "HEAD").read_text(encoding="utf-8").strip()
        parts = [head]
        if head.startswith("ref:"):
            ref = head[4:].strip()
            common = dot_git
            if (dot_git / "commondir").is_file():
                common = (dot_git / (dot_git / "commondir").read_text(encoding="utf-8").strip()).resolve()
            loose = common / ref
            if loose.is_file():
                parts.append(loose.read_text(encoding="utf-8").strip())
            packed = common / "packed-refs"
            if packed.is_file():
                info = packed.stat()
                parts.append(f"{info.st_size}:{info.st_mtime_ns}")
    except (OSError, UnicodeDecodeError):
        return "unreadable"
    return "\n".join(parts)
