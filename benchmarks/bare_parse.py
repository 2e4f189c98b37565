"""The baseline for lint_speed.py: parse every record with libyaml's C loader and validate it
with the models, nothing else (no positions, no rules, no output).

    python benchmarks/bare_parse.py RECORDS_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from inspectkit import kinds


def main() -> None:
    root = Path(sys.argv[1])
    valid = 0
    for path in sorted(root.rglob("*.yaml")):
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        kinds.get(data["kind"]).model.model_validate(data)
        valid += 1
    print(f"{valid} records parsed and validated")


if __name__ == "__main__":
    main()
