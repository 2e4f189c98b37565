"""Repository settings: `inspectkit.toml`, or `[tool.inspectkit]` in `pyproject.toml`.

Found by walking up from the current directory. Every setting has a default, so a repository
with only `records/` works.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from inspectkit.errors import SettingsError
from inspectkit.text import hidden_character

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

SETTINGS_FILE = "inspectkit.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Organisation(_Section):
    name: str = Field(default="Ban Tuyên giáo Tỉnh ủy", description="Issuing body, in full")
    header: list[str] = Field(
        default_factory=lambda: ["TỈNH ỦY", "BAN TUYÊN GIÁO"],
        description="Header lines at the top left: superior body, then the issuing body (bold)",
    )
    place: str = Field(default="", description="For the place-date line, e.g. Lạng Sơn")
    style: Literal["party", "state"] = "party"

    @field_validator("name", "place")
    @classmethod
    def _visible(cls, value: str) -> str:
        """Printed in every document: no control character or bidirectional override (IK202's rule)."""
        found = hidden_character(value)
        if found is not None:
            raise ValueError(f"holds {found}, which cannot be seen and breaks documents: remove it")
        return value

    @field_validator("header")
    @classmethod
    def _visible_lines(cls, value: list[str]) -> list[str]:
        for line in value:
            cls._visible(line)
        return value


# A margin wider than this leaves too little of an A4 page (210 x 297 mm) for the text.
MAX_MARGIN = 60


class Margins(_Section):
    """Page margins in millimetres (DOMAIN.md: both 20/20/30/15 and 25/25/35/15 are in use)."""

    top: float = Field(default=20, ge=0, le=MAX_MARGIN, allow_inf_nan=False)
    bottom: float = Field(default=20, ge=0, le=MAX_MARGIN, allow_inf_nan=False)
    left: float = Field(default=30, ge=0, le=MAX_MARGIN, allow_inf_nan=False)
    right: float = Field(default=15, ge=0, le=MAX_MARGIN, allow_inf_nan=False)


class Documents(_Section):
    margins: Margins = Field(default_factory=Margins)
    font_size: float = Field(default=14, ge=13, le=14, allow_inf_nan=False)


class LintSettings(_Section):
    select: list[str] = Field(default_factory=list, description="Codes or prefixes to check; empty: all")
    ignore: list[str] = Field(default_factory=list, description="Codes or prefixes not to check")
    warning: list[str] = Field(default_factory=list, description="Codes reported as warnings")
    error: list[str] = Field(default_factory=list, description="Codes reported as errors")


class CacheSettings(_Section):
    enabled: bool = Field(
        default=True,
        description="Keep an index in .inspectkit-cache/ so that commands read only changed records",
    )


class Settings(_Section):
    records: str = "records"
    templates: str = "templates"
    language: Literal["vi", "en"] = "vi"
    organisation: Organisation = Field(default_factory=Organisation)
    documents: Documents = Field(default_factory=Documents)
    lint: LintSettings = Field(default_factory=LintSettings)
    cache: CacheSettings = Field(default_factory=CacheSettings)

    # Where the settings were found (not a setting): paths above are relative to it.
    root: Path = Field(default_factory=Path.cwd, exclude=True)
    source: Path | None = Field(default=None, exclude=True)

    @field_validator("records", "templates")
    @classmethod
    def _inside(cls, value: str) -> str:
        """A folder of the repository, relative to the settings file: never one outside it. (Only
        the name is checked: a folder that is a link out is reported where it is read.)"""
        import os.path

        normal = os.path.normpath(value)
        if os.path.isabs(normal) or normal == ".." or normal.startswith(("../", "..\\")):
            raise ValueError(
                f"'{value}' lies outside the repository: give a folder inside it, relative to the settings file"
            )
        return value

    @property
    def records_dir(self) -> Path:
        return self.root / self.records

    @property
    def templates_dir(self) -> Path:
        return self.root / self.templates


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
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        if first["type"] == "extra_forbidden":
            raise SettingsError(f"{path}: unknown setting '{where}'{_known_hint(first['loc'])}") from None
        raise SettingsError(f"{path}: setting '{where}': {first['msg']}") from None
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


def _known_hint(loc: tuple[int | str, ...]) -> str:
    """` (did you mean 'error'?)`, or the settings allowed where an unknown one was written."""
    from inspectkit.diagnostics import did_you_mean

    section: type[BaseModel] = Settings
    for part in loc[:-1]:
        field = section.model_fields.get(str(part))
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return ""
        section = annotation
    names = [name for name, field in section.model_fields.items() if not field.exclude]
    return did_you_mean(str(loc[-1]), names) or f" (known: {', '.join(names)})"
