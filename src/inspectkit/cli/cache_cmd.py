"""`inspectkit cache clear`: remove the index (the next command builds it again)."""

from __future__ import annotations

import typer

from inspectkit.cli.common import command_group, load_settings_or_fail

cache_app = command_group(
    "cache", "The index in .inspectkit-cache/ that makes commands fast (rebuilt when needed)."
)


@cache_app.command("clear")
def clear() -> None:
    """Remove the index of this repository; the next command reads every record and builds it again."""
    from inspectkit.cache import cache_folder
    from inspectkit.cache import clear as clear_index
    from inspectkit.recordfiles import display_path

    settings = load_settings_or_fail()
    removed = clear_index(settings)
    where = display_path(cache_folder(settings))
    typer.echo(f"removed the index in {where}/" if removed else f"no index in {where}/: nothing to remove")
