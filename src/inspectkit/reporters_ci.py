"""Lint output for CI hosts: SARIF 2.1.0 (code scanning), GitLab Code Quality, JUnit XML; and
`--format auto`, which picks the host's own format from its environment."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from inspectkit import __version__
from inspectkit.formats import OutputFormat, render

# The format registry imports this module at start-up: what it needs to render is imported then.
if TYPE_CHECKING:
    from inspectkit.diagnostics import Diagnostic
    from inspectkit.linter import LintResult

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_INFORMATION_URI = "https://github.com/inspectkit/inspectkit"
_HELP = (
    "{title}. The message says where and what to do. Every code is described in docs/FORMAT.md "
    "(Diagnostics); a code can be ignored or re-graded in inspectkit.toml ([lint] ignore, warning, error)."
)


def auto_format(environ: Mapping[str, str] | None = None) -> str:
    """The format `--format auto` means here: github in GitHub Actions, gitlab in GitLab CI, text elsewhere.

    (Gitea Actions sets GITHUB_ACTIONS too and reads the same workflow commands.)"""
    env = os.environ if environ is None else environ
    if env.get("GITHUB_ACTIONS") == "true":
        return "github"
    if env.get("GITLAB_CI") == "true":
        return "gitlab"
    return "text"


def _fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    """A fingerprint per problem that survives edits elsewhere in the file: its key (code, record
    id, field path) and how many problems of that key came before it."""
    from inspectkit.baseline import file_source, key_of

    source = file_source()
    seen: dict[str, int] = {}
    out: list[str] = []
    for diagnostic in diagnostics:
        key = key_of(diagnostic, source)
        text = f"{key.code}\0{key.record}\0{key.field}"
        seen[text] = seen.get(text, 0) + 1
        out.append(hashlib.sha256(f"{text}\0{seen[text]}".encode()).hexdigest()[:32])
    return out


class SarifReporter:
    """SARIF 2.1.0: one rule per IK code with its help text, one result per problem."""

    def render(self, result: LintResult) -> str:
        from inspectkit.rules import CODES

        codes = sorted(CODES)
        index = {code: i for i, code in enumerate(codes)}
        rules = [
            {
                "id": code,
                "name": code,
                "shortDescription": {"text": CODES[code].title},
                "fullDescription": {"text": CODES[code].title},
                "help": {"text": _HELP.format(title=CODES[code].title)},
                "defaultConfiguration": {"level": CODES[code].severity.value},
            }
            for code in codes
        ]
        results = [
            {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": d.severity.value,
                "message": {"text": d.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(d.path), "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": d.line, "startColumn": d.column},
                        }
                    }
                ],
                "partialFingerprints": {"inspectkit/v1": fingerprint},
            }
            for d, fingerprint in zip(result.diagnostics, _fingerprints(result.diagnostics), strict=True)
        ]
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "inspectkit",
                            "version": __version__,
                            "informationUri": _INFORMATION_URI,
                            "rules": rules,
                        }
                    },
                    "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
                    "results": results,
                }
            ],
        }
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _uri(path: str) -> str:
    """A relative path as a URI reference (spaces and `%` escaped); absolute paths as file: URIs."""
    from urllib.parse import quote

    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(path)


class GitlabReporter:
    """GitLab Code Quality: a JSON array of issues with stable fingerprints."""

    def render(self, result: LintResult) -> str:
        from inspectkit.diagnostics import Severity

        issues = [
            {
                "description": f"{d.code} {d.message}",
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": "major" if d.severity is Severity.ERROR else "minor",
                "location": {"path": d.path, "lines": {"begin": d.line}},
            }
            for d, fingerprint in zip(result.diagnostics, _fingerprints(result.diagnostics), strict=True)
        ]
        return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


class JunitReporter:
    """JUnit XML: one test case per file checked; a file with problems fails, listing them."""

    def render(self, result: LintResult) -> str:
        # Here, not at the top: xml.sax.saxutils imports urllib.request (http, ssl, email), which
        # every command would otherwise load at start-up through the format registry.
        from xml.sax.saxutils import quoteattr

        by_file: dict[str, list[Diagnostic]] = {path: [] for path in result.checked}
        for d in result.diagnostics:
            by_file.setdefault(d.path, []).append(d)
        failed = sum(bool(v) for v in by_file.values())
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<testsuites name="inspectkit" tests="{len(by_file)}" failures="{failed}" time="{result.seconds:.3f}">',
            f'  <testsuite name="inspectkit lint" tests="{len(by_file)}" failures="{failed}" errors="0" skipped="0">',
        ]
        for path in sorted(by_file):
            problems = by_file[path]
            case = f'    <testcase classname="inspectkit.lint" name={quoteattr(_xml(path))} file={quoteattr(_xml(path))}'
            if not problems:
                lines.append(case + "/>")
                continue
            first = problems[0]
            summary = f"{len(problems)} problem(s): {first.code} {first.message}"
            body = "\n".join(
                f"{d.path}:{d.line}:{d.column}: {d.code} {d.severity.value}: {d.message}" for d in problems
            )
            lines.append(case + ">")
            lines.append(
                f"      <failure message={quoteattr(_xml(summary))} type={quoteattr(first.code)}>"
                f"{_escape(_xml(body))}</failure>"
            )
            lines.append("    </testcase>")
        lines += ["  </testsuite>", "</testsuites>"]
        return "\n".join(lines) + "\n"


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: characters it forbids (most control characters) as `\\xNN`."""
    return "".join(
        c
        if c in "\t\n\r" or 0x20 <= ord(c) <= 0xD7FF or 0xE000 <= ord(c) <= 0xFFFD or ord(c) > 0xFFFF
        else repr(c)[1:-1]
        for c in text
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SarifFormat(OutputFormat):
    name = "sarif"
    help = "SARIF 2.1.0, for code scanning"

    def lint(self, result: LintResult) -> str:
        return SarifReporter().render(result)


class GitlabFormat(OutputFormat):
    name = "gitlab"
    help = "GitLab Code Quality JSON"

    def lint(self, result: LintResult) -> str:
        return GitlabReporter().render(result)


class JunitFormat(OutputFormat):
    name = "junit"
    help = "JUnit XML, one test case per file"

    def lint(self, result: LintResult) -> str:
        return JunitReporter().render(result)


class AutoFormat(OutputFormat):
    name = "auto"
    help = "github in GitHub Actions, gitlab in GitLab CI, text elsewhere"

    def lint(self, result: LintResult) -> str | bytes:
        return render(auto_format(), "lint", result, self.terminal)


CI_FORMATS: tuple[type[OutputFormat], ...] = (SarifFormat, GitlabFormat, JunitFormat, AutoFormat)
