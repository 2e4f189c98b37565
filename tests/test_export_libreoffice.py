"""An exported workbook opened in LibreOffice itself (headless, through its UNO API, with the
Debian packages `libreoffice-calc-nogui` and `python3-uno`): every sheet's header row is frozen,
Vietnamese text is intact and dates show as dd/mm/yyyy. Skipped where LibreOffice is missing."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspectkit.export.schema import TABLES
from views_fixtures import copy_reference

Cli = Callable[..., Any]
SYSTEM_PYTHON = "/usr/bin/python3"

# Run by the system Python, which has LibreOffice's `uno` module; prints what LibreOffice sees.
PROBE = """
import json, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue
path, profile, pipe = sys.argv[1:4]
office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo",
    "-env:UserInstallation=" + profile, "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
desktop = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.25)
    else:
        raise SystemExit("LibreOffice did not start")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    hidden = PropertyValue()
    hidden.Name, hidden.Value = "Hidden", True
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (hidden,))
    view = doc.getCurrentController()
    seen = {}
    for name in doc.Sheets.ElementNames:
        sheet = doc.Sheets.getByName(name)
        view.setActiveSheet(sheet)
        seen[name] = {"frozen": view.hasFrozenPanes(), "split_row": view.getSplitRow(),
            "cells": [[sheet.getCellByPosition(c, r).getString() for c in range(4)] for r in range(2)]}
    doc.close(True)
    print(json.dumps(seen, ensure_ascii=False))
finally:
    if desktop is not None:
        try:
            desktop.terminate()
        except Exception:
            pass
    try:
        office.wait(timeout=30)
    except Exception:
        office.kill()
"""


def _libreoffice_missing() -> str | None:
    if shutil.which("soffice") is None:
        return "LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui python3-uno)"
    try:
        subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "LibreOffice's Python bridge is missing (Debian: apt-get install python3-uno)"
    return None


@pytest.mark.skipif(_libreoffice_missing() is not None, reason=str(_libreoffice_missing()))
def test_libreoffice_opens_the_export_with_frozen_headers_and_vietnamese_intact(
    repo: Path, cli: Cli, tmp_path_factory: pytest.TempPathFactory
) -> None:
    copy_reference(repo)
    assert cli("export", "--to", "xlsx", "-o", "out.xlsx").exit_code == 0
    profile = tmp_path_factory.mktemp("lo-profile").as_uri()
    done = subprocess.run(
        [SYSTEM_PYTHON, "-c", PROBE, str(repo / "out.xlsx"), profile, f"ik_test_{repo.name}"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert list(seen) == [t.name for t in TABLES]
    assert all(sheet["frozen"] and sheet["split_row"] == 1 for sheet in seen.values())
    assert seen["plans"]["cells"][0][:3] == ["id", "number", "issued"]
    assert seen["plans"]["cells"][1][:3] == ["2022-84-kh-dkt", "84-KH/ĐKT", "03/11/2022"]
    assert seen["members"]["cells"][1][2] == "Nguyễn Trọng Sơn"
