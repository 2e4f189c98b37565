"""Repository settings: `inspectkit.toml`, or `[tool.inspectkit]` in `pyproject.toml`.

Found by walking up from the current directory. Every setting has a default, so a repository
with only `records/` works.

Plain dataclasses checked by `_build`, not pydantic models: every command reads the settings
before anything else, and building pydantic classes cost 0.2 s of each command's start-up
(docs/speed.md). The record models, which need pydantic's validation, stay pydantic.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints

from inspectkit.errors import SettingsError
from inspectkit.text import hidden_character

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

SETTINGS_FILE = "inspectkit.toml"

# A margin wider than this leaves too little of an A4 page (210 x 297 mm) for the text.
MAX_MARGIN = 60


def _visible(value: str) -> None:
    """Printed in every document: no control character or bidirectional override (IK202's rule)."""
    found = hidden_character(value)
    if found is not None:
        raise ValueError(f"holds {found}, which cannot be seen and breaks documents: remove it")


def _visible_lines(value: list[str]) -> None:
    for line in value:
        _visible(line)


def _inside(value: str) -> None:
    """A folder of the repository, relative to the settings file: never one outside it. (Only
    the name is checked: a folder that is a link out is reported where it is read.)"""
    import os.path

    normal = os.path.normpath(value)
    if os.path.isabs(normal) or normal == ".." or normal.startswith(("../", "..\\")):
        raise ValueError(
            f"'{value}' lies outside the repository: give a folder inside it, relative to the settings file"
        )


def _check(
    check: Callable[[Any], None] | None = None, low: float | None = None, high: float | None = None
) -> dict[str, Any]:
    """A field's metadata: a check of its value, and a number's range."""
    return {"check": check, "low": low, "high": high}


def _margin(default: float) -> Any:
    return field(default=default, metadata=_check(low=0, high=MAX_MARGIN))


@dataclass
class Organisation:
    name: str = field(default="Ban Tuyên giáo Tỉnh ủy", metadata=_check(_visible))  # issuing body, in full
    # header lines at the top left: superior body, then the issuing body (bold)
    header: list[str] = field(
        default_factory=lambda: ["TỈNH ỦY", "BAN TUYÊN GIÁO"], metadata=_check(_visible_lines)
    )
    place: str = field(default="", metadata=_check(_visible))  # for the place-date line, e.g. Lạng Sơn
    style: Literal["party", "state"] = "party"


@dataclass
class Margins:
    """Page margins in millimetres (DOMAIN.md: both 20/20/30/15 and 25/25/35/15 are in use)."""

    top: float = _margin(20)
    bottom: float = _margin(20)
    left: float = _margin(30)
    right: float = _margin(15)


@dataclass
class Documents:
    margins: Margins = field(default_factory=Margins)
    font_size: float = field(default=14, metadata=_check(low=13, high=14))


@dataclass
class LintSettings:
    select: list[str] = field(default_factory=list)  # codes or prefixes to check; empty: all
    ignore: list[str] = field(default_factory=list)  # codes or prefixes not to check
    warning: list[str] = field(default_factory=list)  # codes reported as warnings
    error: list[str] = field(default_factory=list)  # codes reported as errors


@dataclass
class CacheSettings:
    # keep an index in .inspectkit-cache/ so that commands read only changed records
    enabled: bool = True


@dataclass
class Settings:
    records: str = field(default="records", metadata=_check(_inside))
    templates: str = field(default="templates", metadata=_check(_inside))
    language: Literal["vi", "en"] = "vi"
    organisation: Organisation = field(default_factory=Organisation)
    documents: Documents = field(default_factory=Documents)
    lint: LintSettings = field(default_factory=LintSettings)
    cache: CacheSettings = field(default_factory=CacheSettings)

    # Where the settings were found (not settings): paths above are relative to it.
    root: Path = field(default_factory=Path.cwd, metadata={"setting": False})
    source: Path | None = field(default=None, metadata={"setting": False})

    @property
    def records_dir(self) -> Path:
        return self.root / self.records

    @property
    def templates_dir(self) -> Path:
        return self.root / self.templates

    def dumped(self) -> str:
        """The settings as JSON, without where they were found: what results depend on."""
        data = asdict(self)
        del data["root"], data["source"]
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _names(cls: type) -> list[str]:
    """The settings a section holds, in their order."""
    return [f.name for f in fields(cls) if f.metadata.get("setting", True)]


class _Invalid(Exception):
    """A setting's value is refused: (its dotted name, why)."""


def _build(cls: type[Any], raw: Any, where: tuple[str, ...]) -> Any:
    """`cls` made from a TOML table, every value checked against its field's type and range."""
    if not isinstance(raw, dict):
        raise _Invalid(where, "should be a table of settings ([section] in TOML)")
    known = _names(cls)
    for key in raw:
        if key not in known:
            raise _Invalid((*where, key), None)
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name in raw:
            values[f.name] = _value(hints[f.name], raw[f.name], dict(f.metadata), (*where, f.name))
    return cls(**values)


# What a value of each plain type must be, and how the message says so.
_PLAIN: dict[Any, tuple[Callable[[Any], bool], str]] = {
    str: (lambda v: isinstance(v, str), "should be a text in quotes"),
    bool: (lambda v: isinstance(v, bool), "should be true or false"),
    float: (
        lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v),
        "should be a finite number",
    ),
    list[str]: (
        lambda v: isinstance(v, list) and all(isinstance(item, str) for item in v),
        'should be a list of texts, e.g. ["IK303"]',
    ),
}


def _value(kind: Any, value: Any, rules: dict[str, Any], where: tuple[str, ...]) -> Any:
    if is_dataclass(kind):
        return _build(kind, value, where)  # type: ignore[arg-type]
    if get_origin(kind) is Literal:
        if value not in get_args(kind):
            raise _Invalid(where, "should be one of " + ", ".join(repr(a) for a in get_args(kind)))
    else:
        fits, wanted = _PLAIN[kind]
        if not fits(value):
            raise _Invalid(where, wanted)
    if kind is float:
        value = float(value)
        low, high = rules.get("low"), rules.get("high")
        if (low is not None and value < low) or (high is not None and value > high):
            raise _Invalid(where, f"should be from {low:g} to {high:g}, not {value:g}")
    check = rules.get("check")
    if check is not None:
        try:
            check(value)
        except ValueError as exc:
            raise _Invalid(where, str(exc)) from None
    return value


def find_settings_file(start: Path) -> tuple[Path, bool] | None:
    """The nearest settings file at or above `start`: (path, is_pyproject)."""
    for folder in (start, *start.parents):
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            return candidate, False
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and b"[tool.inspectkit" in pyproject.read_bytes():
            return pyproject, True
    return None


def load_settings(start: Path | None = None) -> Settings:
    start = (start or Path.cwd()).resolve()
    found = find_settings_file(start)
    if found is None:
        return Settings(root=start)
    path, is_pyproject = found
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read settings: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: invalid TOML: {exc}") from None
    if is_pyproject:
        raw = raw.get("tool", {}).get("inspectkit", {})
    try:
        settings: Settings = _build(Settings, raw, ())
    except _Invalid as exc:
        where, why = exc.args
        name = ".".join(where) or "(top level)"
        if why is None:
            raise SettingsError(f"{path}: unknown setting '{name}'{_known_hint(where)}") from None
        raise SettingsError(f"{path}: setting '{name}': {why}") from None
    settings.root = path.parent
    settings.source = path
    _check_lint_codes(settings, path)
    return settings


def _check_lint_codes(settings: Settings, path: Path) -> None:
    """SettingsError naming the setting for a code that is none (`[lint] ignore = ["IK999"]`)."""
    from inspectkit.errors import UsageError

    lint = settings.lint
    if not (lint.select or lint.ignore or lint.warning or lint.error):
        return  # nothing to check: the rules' registry is not imported
    from inspectkit.linter import check_codes

    for name in ("select", "ignore", "warning", "error"):
        try:
            check_codes(getattr(lint, name), f"{path}: setting 'lint.{name}'")
        except UsageError as exc:
            raise SettingsError(str(exc)) from None


def _known_hint(where: tuple[str, ...]) -> str:
    """` (did you mean 'error'?)`, or the settings allowed where an unknown one was written."""
    from inspectkit.diagnostics import did_you_mean

    section: type[Any] = Settings
    for part in where[:-1]:
        section = get_type_hints(section)[part]
    names = _names(section)
    return did_you_mean(where[-1], names) or f" (known: {', '.join(names)})"
