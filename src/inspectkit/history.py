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
from inspectkit.repository import Record, Repository
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
    from inspectkit.models import Plan

    files = _files_at(settings, root, commit)
    if files is None:
        return None
    then = _Records(settings, root, files)
    then.parse(plan_id)
    plan = then.repository().model(plan_id)
    if not isinstance(plan, Plan):
        return None
    then.parse(*digest.visited_ids(plan), *([plan.delegation] if plan.delegation else []))
    return digest.parts(then.repository(), plan)


def _files_at(settings: Settings, root: Path, commit: str) -> list[tuple[str, bytes]] | None:
    """Every record file of the records folder at `commit`: (name, bytes), in git's order."""
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
    return _split_batch(contents, [name for _, name in blobs])


class _Records:
    """The records of one commit, parsed only as far as asked: a record a document of a plan
    states names the plan, or is named by it (its centres, its delegation), so only the files whose
    text names those ids are parsed, which keeps lint fast in a large repository. A file missed so
    makes the digests differ, and the answer is then "unknown", never wrong."""

    def __init__(self, settings: Settings, root: Path, files: list[tuple[str, bytes]]) -> None:
        self.settings = settings
        self.root = root
        self.files = files
        self.parsed: dict[int, Record | None] = {}  # by place in `files`; None: not a record

    def parse(self, *ids: str) -> None:
        from inspectkit.loader import load_bytes
        from inspectkit.validation import validate

        wanted = [i.encode() for i in ids]
        for index, (name, raw) in enumerate(self.files):
            if index in self.parsed or not any(w in raw for w in wanted):
                continue
            loaded = load_bytes(name, raw)
            record = None
            if loaded.data is not None:
                model, issues = validate(loaded.data)
                record = Record(self.root / name, name, loaded.data, None, model, issues)
            self.parsed[index] = record

    def repository(self) -> Repository:
        """What was parsed, in file order (as a whole load would hold it)."""
        repo = Repository(self.settings)
        for _, record in sorted(self.parsed.items()):
            if record is not None:
                repo.records.append(record)
                if record.id is not None:
                    repo.by_id.setdefault(record.id, record)
        return repo


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
