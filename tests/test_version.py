"""The version is written once (inspectkit.__version__) and the installed package reports it."""

from __future__ import annotations

from importlib.metadata import version

from inspectkit import __version__


def test_the_installed_metadata_carries_the_package_version() -> None:
    assert version("inspectkit") == __version__
