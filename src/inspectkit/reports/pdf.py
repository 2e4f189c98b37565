"""PDF: the Word document converted by LibreOffice (`soffice --headless`), when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from inspectkit.errors import InspectkitError, UsageError

INSTALL_HINT = (
    "PDF needs LibreOffice: install it (Debian/Ubuntu: `apt-get install libreoffice-writer-nogui`; "
    "macOS: `brew install --cask libreoffice`), or write -f docx and print that"
)


class ConversionFailed(InspectkitError):
    """LibreOffice ran but made no PDF."""


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, timeout: float = 180) -> bytes:
    """The PDF of a .docx document. Raises UsageError (exit 2) when LibreOffice is missing."""
    command = soffice()
    if command is None:
        raise UsageError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="inspectkit-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(docx)
        # A private profile: a LibreOffice already open for the user would otherwise take the job
        # (and a first run would write its profile into the user's home).
        profile = (folder / "profile").as_uri()
        args = [
            command,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        env = {**os.environ, "HOME": str(folder)}
        try:
            done = subprocess.run(args, capture_output=True, timeout=timeout, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice did not finish the PDF within {timeout:.0f} s") from None
        pdf = folder / "report.pdf"
        if not pdf.is_file():
            said = " ".join(done.stderr.decode(errors="replace").split())[:300]
            raise ConversionFailed(
                f"LibreOffice made no PDF (exit {done.returncode}): {said or 'no message'}"
            )
        return pdf.read_bytes()
