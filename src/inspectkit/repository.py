"""A records repository loaded: every file, its record and model, and an index by id.

Everything that reads records (lint, queries, reports) starts here, so each file is parsed once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from inspectkit.gcpause import paused_gc
from inspectkit.models import Centre, Delegation, Document, Finding, Plan, RecordModel
from inspectkit.recordfiles import Unreadable, display_path, iter_record_files, read_record_bytes
from inspectkit.settings import Settings

# The YAML loader and validation only when a file is read: the query commands make their
# records from the data the index keeps (indexed.py).
if TYPE_CHECKING:
    import yaml

    from inspectkit.loader import Loaded
    from inspectkit.validation import Issue

M = TypeVar("M", bound=RecordModel)


class KindAndId:
    """`kind` and `id` read from a record's mapping: None when missing or not text (lint says why).
    Shared by everything that holds a record's `data` (a loaded Record, diff's snapshot.Rec)."""

    data: dict[str, Any]

    @property
    def kind(self) -> str | None:
        kind = self.data.get("kind")
        return kind if isinstance(kind, str) else None

    @property
    def id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) else None


@dataclass
class Record(KindAndId):
    """One record file that was read as a mapping. `model` is None when it has schema issues."""

    file: Path | str  # the file (a name is made a Path when `path` is first asked for)
    display: str
    data: dict[str, Any]
    node: yaml.MappingNode | None
    model: RecordModel | None
    issues: list[Issue]
    # Lines of a file not in NFC as written (see loader.original_column); None for most files.
    original_lines: dict[int, str] | None = None

    @property
    def path(self) -> Path:
        if not isinstance(self.file, Path):
            self.file = Path(self.file)
        return self.file


@dataclass
class Repository:
    settings: Settings
    files: list[Loaded] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    by_id: dict[str, Record] = field(default_factory=dict)
    # When only some records were loaded (partial.py): every record's id and kind, from the index.
    everyone: list[tuple[str, str | None]] | None = None
    # Record files not read because they are links out of the repository (shown paths).
    links_out: list[str] = field(default_factory=list)

    def ids(self, kind: str | None = None) -> list[str]:
        """The ids of every record of the repository (of one kind), loaded or not."""
        if self.everyone is not None:
            return [i for i, k in self.everyone if kind is None or k == kind]
        return [r.id for r in self.records if r.id and (kind is None or r.kind == kind)]

    def models(self, model: type[M]) -> list[M]:
        """The valid records whose model is of this class."""
        return [r.model for r in self.records if isinstance(r.model, model)]

    def of_kind(self, kind: str) -> list[RecordModel]:
        """The valid records of a kind of the registry (`kinds.py`), by its name."""
        return [r.model for r in self.records if r.kind == kind and r.model is not None]

    @property
    def plans(self) -> list[Plan]:
        return self.models(Plan)

    @property
    def delegations(self) -> list[Delegation]:
        return self.models(Delegation)

    @property
    def centres(self) -> list[Centre]:
        return self.models(Centre)

    @property
    def findings(self) -> list[Finding]:
        return self.models(Finding)

    @property
    def documents(self) -> list[Document]:
        return self.models(Document)

    def record(self, record_id: str) -> Record | None:
        return self.by_id.get(record_id)

    def model(self, record_id: str) -> RecordModel | None:
        record = self.by_id.get(record_id)
        return record.model if record else None


def load_repository(
    settings: Settings,
    extra: Iterable[Path] = (),
    keep: Callable[[Path, bytes], bool] | None = None,
    only: Iterable[Path] | None = None,
    positions: bool = True,
) -> Repository:
    """Load every record under the records folder, and the `extra` files outside it.

    `keep`, when given, sees each file's path and bytes before they are parsed; a file for which it
    returns False is left out (a search that can tell from the text alone that a file cannot match).
    `only`: these files instead of the records folder (partial.py chooses them from the index).
    `positions=False`: no node trees kept (about 16 KB a record), for commands that place nothing."""
    repo = Repository(settings)
    paths: list[Path] = []
    seen: set[Path] = set()
    records_dir = settings.records_dir.resolve()
    if only is not None:
        paths.extend(only)
    elif records_dir.is_dir():
        paths.extend(iter_record_files(records_dir, inside=settings.root))
    paths.extend(path.resolve() for path in extra)
    with paused_gc():  # every node tree is kept (for positions): see gcpause.py
        for path in paths:
            if path in seen:
                continue
            seen.add(path)
            if keep is None:
                add_file(repo, path, positions=positions)
                continue
            try:
                raw = read_record_bytes(path)
            except Unreadable:
                add_file(repo, path, positions=positions)  # reports why it cannot be read
                continue
            if keep(path, raw):
                add_file(repo, path, raw, positions=positions)
    return repo


def add_file(repo: Repository, path: Path, raw: bytes | None = None, *, positions: bool = True) -> Loaded:
    """Parse and validate one file (`raw`: its bytes, when already read) into the repository;
    `positions=False` lets its node tree go."""
    from inspectkit.loader import Loaded, load_bytes, unreadable
    from inspectkit.validation import validate

    shown = display_path(path)
    if raw is None:
        try:
            raw = read_record_bytes(path)
        except Unreadable as exc:
            loaded = Loaded(shown)
            loaded.diagnostics.append(unreadable(shown, exc))
            repo.files.append(loaded)
            return loaded
    loaded = load_bytes(shown, raw)
    if not positions:
        loaded.node = None
    repo.files.append(loaded)
    if loaded.data is not None:
        model, issues = validate(loaded.data)
        record = Record(path, shown, loaded.data, loaded.node, model, issues, loaded.original_lines)
        repo.records.append(record)
        if record.id is not None:
            repo.by_id.setdefault(record.id, record)
    return loaded
