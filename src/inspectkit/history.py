"""The records as they were when a document was registered, read from git.

A document keeps one digest of the facts it states, not the facts: to say *which* records changed
since (IK510), the records are read back from the commit that added the document's record and
their digest parts compared with today's. Only asked when a digest differs, so lint stays fast;
without git, or for a document not yet committed, the answer is "unknown" (an empty list).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from inspectkit import digest
from inspectkit.settings import Settings

_TIMEOUT = 20  # seconds for one git command: a lint must not hang on a broken repository


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=data, capture_output=True, timeout=_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def changed_records(
    settings: Settings, document_path: str, now: digest.Parts, plan_id: str, stored: str
) -> list[str]:
    """Ids of the records a document states whose facts differ from when its record was added to
    git (`plan` for the plan itself); [] when that cannot be told."""
    root = settings.root.resolve()
    path = Path(document_path)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        relative = absolute.resolve().relative_to(root).as_posix()
    except ValueError:
        return []
    added = _git(root, "log", "-1", "--format=%H", "--diff-filter=A", "--", relative)
    commit = added.decode().strip() if added else ""
    if not commit:
        return []
    then = _parts_at(settings, root, commit, plan_id)
    if then is None or then.digest() != stored:
        return []  # the digest was not made from what was committed: no honest comparison
    return now.changed(then)


def _parts_at(settings: Settings, root: Path, commit: str, plan_id: str) -> digest.Parts | None:
    from inspectkit.loader import load_bytes
    from inspectkit.models import Plan
    from inspectkit.repository import Record, Repository
    from inspectkit.validation import validate

    try:
        records = settings.records_dir.resolve().relative_to(root).as_posix()
    except ValueError:
        return None  # records kept outside the repository root: not in its history
    listing = _git(root, "ls-tree", "-r", "-z", commit, "--", records)
    if listing is None:
        return None
    blobs: list[tuple[str, str]] = []
    for entry in listing.decode().split("\0"):
        meta, _, name = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and name.endswith((".yaml", ".yml")):
            blobs.append((parts[2], name))
    contents = _git(root, "cat-file", "--batch", data="".join(f"{sha}\n" for sha, _ in blobs).encode())
    if contents is None:
        return None
    repo = Repository(settings)
    for name, raw in _split_batch(contents, [name for _, name in blobs]):
        loaded = load_bytes(name, raw)
        if loaded.data is None:
            continue
        model, issues = validate(loaded.data)
        record = Record(root / name, name, loaded.data, None, model, issues)
        repo.records.append(record)
        if record.id is not None:
            repo.by_id.setdefault(record.id, record)
    plan = repo.model(plan_id)
    return digest.parts(repo, plan) if isinstance(plan, Plan) else None


def _split_batch(contents: bytes, names: list[str]) -> list[tuple[str, bytes]]:
    """`git cat-file --batch` output (`<sha> blob <size>\n<bytes>\n` each) cut into the files, in
    order; what does not read so (a missing object) ends the list."""
    out: list[tuple[str, bytes]] = []
    offset = 0
    for name in names:
        header_end = contents.find(b"\n", offset)
        fields = contents[offset:header_end].split() if header_end >= 0 else []
        if len(fields) != 3 or not fields[2].isdigit():
            break
        size = int(fields[2])
        out.append((name, contents[header_end + 1 : header_end + 1 + size]))
        offset = header_end + 1 + size + 1
    return out
