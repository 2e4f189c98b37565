"""Rendering templates: a sandboxed Jinja2 environment whose output is Markdown.

- Templates are looked up first in the records repository's templates folder (settings
  `templates`), then among the templates shipped in the package (`inspectkit/templates`).
- Undefined variables are errors (StrictUndefined). Any template problem becomes a TemplateError
  whose message is one line naming the template and the line.
- Every `{{ … }}` value is Markdown-escaped on output (the environment's `finalize`), so record
  text is inserted literally: `*`, `_`, `|`, `<`, `` ` ``… cannot start emphasis, break a table or
  inject HTML, and line breaks inside a value become spaces. Text written in the template itself,
  `tr(…)` phrases and values marked `|safe` are left as they are.
- A placeholder in record text (`[Chưa rõ tên 1]`, FORMAT.md IK509) is printed marked as a gap:
  `«CẦN BỔ SUNG: [Chưa rõ tên 1]»`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from inspectkit import placeholders
from inspectkit.errors import TemplateError
from inspectkit.reports import phrases, views
from inspectkit.reports.labels import LABELS
from inspectkit.text import nfc, short_date, vn_date

TEMPLATE_SUFFIX = ".md.j2"


class Raw(str):
    """Text written by a template author (`tr(...)`): printed as is, not escaped."""

    __slots__ = ()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$&#])")
_LINE_START = re.compile(r"^(\s*)([#+=>-]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """Record text as literal Markdown: every character that could mean markup gets a backslash
    (`#` too, anywhere: `Mục ##` at the end of a heading would lose its `##` as a closing sequence).

    Line breaks become spaces (a value is inline text; `paragraphs` splits long text), and a value
    that starts like a heading, list item or quote is escaped so it cannot open one.
    """
    flat = " ".join(text.split()) if ("\n" in text or "\r" in text) else text
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    m = _LINE_START.match(escaped)
    if m and m[2].isdigit():
        # `1. text` -> `1\. text`: escape the dot after the number
        cut = m.end()
        return escaped[:cut] + "\\" + escaped[cut:]
    if m:
        return escaped[: m.start(2)] + "\\" + escaped[m.start(2) :]
    return escaped


def finalize_for(lang: str) -> Callable[[Any], str]:
    """The `finalize` Jinja applies to every `{{ … }}` value before it is written: record text
    escaped, its placeholders marked."""

    def finalize(value: Any) -> str:
        if isinstance(value, (Raw, Markup)):
            return str(value)
        if isinstance(value, jinja2.Undefined):
            return str(value)  # StrictUndefined raises here
        if value is None:
            return ""
        if isinstance(value, date):
            return value.isoformat()
        return md_escape(placeholders.mark(str(value), lang))

    return finalize


def line(text: str, before: str = "", after: str = "") -> Raw:
    """A block's text on one line between `before` and `after` (`# `, `**`…`**`); nothing at all
    when the block is empty, so that an override without a subject leaves no stray `****`."""
    text = " ".join(str(text).split())
    return Raw(f"{before}{text}{after}" if text else "")


def roman(n: int) -> str:
    """Section numbers: 1 -> `I`, 4 -> `IV`, 9 -> `IX` (up to 39, plenty for a document's sections)."""
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _shipped_loader() -> jinja2.BaseLoader:
    return jinja2.PackageLoader("inspectkit", "templates")


class _OverrideLoader(jinja2.FileSystemLoader):
    """The repository's templates folder: sources read as UTF-8 (a BOM dropped) and put in NFC (a
    template saved on macOS may be NFD); a file in another encoding is a one-line error naming it."""

    def __init__(self, folder: Path, root: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder
        self.root = root

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        self._check_file(template)
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            shown = _shown(str(self.folder / template), self.folder)
            raise TemplateError(
                f"template {shown} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset"
                f" {exc.start}): save it as UTF-8"
            ) from None
        return nfc(source.removeprefix("\ufeff")), filename, uptodate  # no BOM in the output

    def _check_file(self, template: str) -> None:
        """The link rule (files.resolve_inside): an override must be a regular file that resolves
        inside the repository; a link out (`plan.md.j2 -> /etc/passwd`, or the templates folder
        itself linked out of the repository) is never read."""
        import stat

        from inspectkit.errors import OutsideRepository
        from inspectkit.files import resolve_inside

        path = self.folder / template
        if not path.exists() and not path.is_symlink():
            return  # not overridden: the shipped template is used
        try:
            real = resolve_inside(self.root, path)
        except OutsideRepository:
            raise TemplateError(
                f"template {_shown(str(path), self.folder)} leads outside the repository through a"
                " link: it is not read; put the template itself in the templates folder"
            ) from None
        if not stat.S_ISREG(real.stat().st_mode):
            raise TemplateError(
                f"template {_shown(str(path), self.folder)} is not a regular file: replace it"
            )


def make_environment(templates_dir: Path | None, lang: str, root: Path | None = None) -> SandboxedEnvironment:
    """The sandboxed environment: repository overrides first, then the shipped templates. An
    override must resolve inside `root`, the repository (the templates folder's parent if None)."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None and templates_dir.is_dir():
        loaders.append(_OverrideLoader(templates_dir, root if root is not None else templates_dir.parent))
    loaders.append(_shipped_loader())
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=finalize_for(lang),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    labels = LABELS[lang]
    filters: dict[str, Callable[..., Any]] = {
        "vn_date": vn_date,
        "short_date": short_date,
        "ref_date": phrases.ref_date,
        "person": phrases.person,
        "long_date": lambda d: phrases.long_date(d, lang),
        "docref": lambda ref: phrases.docref(ref, lang),
        "doc_type": lambda number: phrases.doc_type(number, lang),
        "sentence": phrases.sentence,
        "lower_first": phrases.lower_first,
        "line": line,
        "without_type": lambda title, number: phrases.without_type(title, number, lang),
        "inspection": lambda title: phrases.inspection(title, lang),
        "told": lambda finding, detail="always": views.told(finding, detail, lang),
        "where": lambda finding: views.where(finding, lang),
        "roman": roman,
        "md": md_escape,
        "role": lambda role: labels["role"][role],
        "status": lambda status: labels["status"][status],
    }
    env.filters.update(filters)
    env.globals["tr"] = lambda vi, en=None: Raw(vi if lang == "vi" or en is None else en)
    return env


def _template_location(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost template frame of a traceback: (file name, line)."""
    found: tuple[str, int] | None = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _shown(filename: str, templates_dir: Path | None) -> str:
    path = Path(filename)
    if templates_dir is not None:
        try:
            path.resolve().relative_to(templates_dir.resolve())
        except ValueError:
            pass
        else:
            try:
                return Path(os.path.relpath(path)).as_posix()
            except ValueError:  # pragma: no cover - another drive on Windows
                return path.as_posix()
    return f"{path.name} (built-in)"


def render_markdown(
    name: str,
    context: dict[str, Any],
    templates_dir: Path | None,
    *,
    block: str | None = None,
    root: Path | None = None,
) -> str:
    """Render template `name` (or only its `block`) to Markdown; problems raise TemplateError."""
    return render_blocks(name, context, templates_dir, [block], root=root)[0]


def render_blocks(
    name: str,
    context: dict[str, Any],
    templates_dir: Path | None,
    blocks: Sequence[str | None],
    *,
    root: Path | None = None,
) -> list[str]:
    """Render template `name` once per entry of `blocks`: the whole template for None, else only
    that block (`""` when the template has no such block). One environment, the template compiled
    once. Problems raise TemplateError."""
    env = make_environment(templates_dir, str(context.get("lang", "vi")), root)
    texts: list[str] = []
    try:
        template = env.get_template(name)
        for block in blocks:
            if block is None:
                texts.append(tidy(template.render(context)))
                continue
            render_block = template.blocks.get(block)
            if render_block is None:
                texts.append("")
                continue
            texts.append(tidy("".join(render_block(template.new_context(context)))))
    except jinja2.TemplateSyntaxError as exc:
        where = _shown(exc.filename or exc.name or name, templates_dir)
        raise TemplateError(f"template {where}, line {exc.lineno}: {exc.message}") from None
    except TemplateError:
        raise
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"template {exc.name} not found (neither in {templates_dir} nor built in)"
        ) from None
    except Exception as exc:
        location = _template_location(exc.__traceback__)
        message = " ".join(str(exc).split()) or type(exc).__name__
        if location is None:
            raise TemplateError(f"template {name}: {message}") from None
        filename, line = location
        raise TemplateError(f"template {_shown(filename, templates_dir)}, line {line}: {message}") from None
    return texts


def tidy(text: str) -> str:
    """No trailing spaces; headings and tables set off by blank lines; at most one blank line in a
    row; one final newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        previous = out[-1] if out else ""
        starts_block = line.startswith("#") or (line.startswith("|") and not previous.startswith("|"))
        if line and previous and (starts_block or previous.startswith("#")):
            out.append("")
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
