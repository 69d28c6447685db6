"""Regenerate the built-in store (``data/*.json``) from the seed letters' text.

    python -m sendcheck.precedents.build_seeds ../shared/seeds

``seeds.json`` beside this file says which seed files are letters (the "You said, we did" page
is not), where each came from, the metadata each must come out with (checked, so a change to the
readers that gets a seed wrong fails here), and any metadata the text cannot give. The output is
committed: run this again after changing the rules, so the seeds are tagged by the same engine.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from ..errors import SendcheckError
from .importer import build_precedent, load_letter
from .store import BUILTIN_DIR, record_json

SEEDS_FILE = Path(__file__).with_name("seeds.json")


def seed_config() -> dict:
    return json.loads(SEEDS_FILE.read_text(encoding="utf-8"))["letters"]


def _overrides(values: dict) -> dict:
    return {key: date.fromisoformat(value) if key.startswith(("inspection_", "published")) and
            isinstance(value, str) else value for key, value in values.items()}


def build(seeds_dir: Path) -> dict[str, str]:
    """{file name: JSON text} for every seed letter; raises if one comes out wrong."""
    built = {}
    for name, config in seed_config().items():
        if "skip" in config:
            continue
        path = seeds_dir / name
        if not path.is_file():
            raise SendcheckError(f"{path}: seed letter not found")
        record = build_precedent(load_letter(str(path)), str(path), source=config["source"],
                                 overrides=_overrides(config.get("overrides", {})))
        got = record.model_dump(mode="json")
        wrong = {key: (got.get(key), value) for key, value in config.get("expect", {}).items()
                 if got.get(key) != value}
        if wrong:
            raise SendcheckError(f"{path}: metadata differs from seeds.json: " + "; ".join(
                f"{key} is {have!r}, expected {want!r}" for key, (have, want) in wrong.items()))
        built[f"{record.id}.json"] = record_json(record)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", type=Path, help="the folder of seed letters (../shared/seeds)")
    parser.add_argument("--out", type=Path, default=BUILTIN_DIR, help="where to write")
    args = parser.parse_args(argv)
    try:
        built = build(args.seeds)
    except SendcheckError as error:
        print(f"build_seeds: error: {error}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for stale in args.out.glob("*.json"):
        if stale.name not in built:
            stale.unlink()
    for name, text in built.items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
