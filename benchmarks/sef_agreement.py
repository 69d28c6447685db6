"""How well sendcheck reads first-person SEF prose: criteria and stance, sentence by sentence.

The corpus benchmarks read inspectors' letters; a user's draft is written the other way round
("we", "our partnership", plans, RAG tables, bullets under "What we need to improve"). The
drafts in ``benchmarks/sef/`` are written in that voice (Markdown or Word), each with a YAML
file of the same name labelling every sentence that speaks to a criterion with the criterion
and its stance (SPEC.md's definitions), written without sight of the rules:

    - text: "Waits for an autism assessment remain too long."
      criteria: {waiting-times: negative}

    python benchmarks/sef_agreement.py [FOLDER] [--as-of YYYY-MM-DD] [--show N]

A labelled sentence is matched to sendcheck's readings whose text it contains, or which
contain it (a bullet of two sentences); a table row, labelled by its first cell, to the
readings of its cells. Prints how many labelled
criteria are found, how often the stance agrees where found, the confusion of stances, and
(with --show) the disagreements.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

from sendcheck.api import Options
from sendcheck.evaluate import Evaluator, Reading
from sendcheck.load import load_document
from sendcheck.models import Document
from sendcheck.nlp import compile_pack

DEFAULT_FOLDER = Path(__file__).resolve().parent / "sef"
DRAFT_SUFFIXES = (".md", ".docx", ".txt", ".html", ".pdf")  # a draft beside its labels
STANCES = ("positive", "negative", "planned", "historical", "neutral")


def normal(text: str) -> str:
    """Text compared without Markdown emphasis, quotes' curl or runs of spaces."""
    text = re.sub(r"[*_`]", "", text).replace("\u2019", "'").replace("\u201c", '"')
    return " ".join(text.replace("\u201d", '"').split()).strip(" -")


def matching(label: str, readings: list[Reading], rows: dict[str, tuple]) -> list[Reading]:
    """The readings of the labelled sentence: the same text, or one holding the other; for a
    table row labelled by its first cell, the readings of the row's cells."""
    wanted = normal(label)
    row = rows.get(wanted)
    return [r for r in readings
            if ((text := normal(r.evidence.text)) and (text in wanted or wanted in text))
            or (row and (r.evidence.location.table, r.evidence.location.row) == row)]


def row_labels(document: Document) -> dict[str, tuple]:
    """A table row's first cell's text -> the row (table, row number)."""
    return {normal(b.text): (b.location.table, b.location.row) for b in document.blocks
            if b.kind == "table-cell" and b.location.column == 1}


def read_stance(found: list[Reading]) -> str:
    """One stance for a labelled sentence's readings of a criterion: a row's rating, else the
    longest text's, the later of equals (a row's latest year)."""
    rated = [r for r in found if "rating" in r.evidence.signals]
    best = max(rated or found, key=lambda r: (len(r.evidence.text), found.index(r)))
    return best.evidence.stance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 24))
    parser.add_argument("--show", type=int, default=0, help="print N disagreements")
    args = parser.parse_args()

    options = Options(as_of=args.as_of)
    evaluator = Evaluator(compile_pack(options.pack()), options.as_of)
    labelled = found = agreed = extra = 0
    confusion: Counter = Counter()
    misses: list[str] = []
    for labels_path in sorted(args.folder.glob("*.yaml")):
        draft = next(labels_path.with_suffix(s) for s in DRAFT_SUFFIXES
                     if labels_path.with_suffix(s).exists())
        document = load_document(str(draft))
        readings, rows = evaluator.read(document).readings, row_labels(document)
        for entry in yaml.safe_load(labels_path.read_text(encoding="utf-8")):
            mine = matching(entry["text"], readings, rows)
            extra += len({r.rule_id for r in mine} - set(entry["criteria"]))
            for rule_id, stance in entry["criteria"].items():
                labelled += 1
                of_rule = [r for r in mine if r.rule_id == rule_id]
                if not of_rule:
                    confusion[(stance, "not found")] += 1
                    misses.append(f"[{draft.stem}] {rule_id} not found: {entry['text']}")
                    continue
                found += 1
                read = read_stance(of_rule)
                confusion[(stance, read)] += 1
                if read == stance:
                    agreed += 1
                else:
                    misses.append(f"[{draft.stem}] {rule_id} {stance}, read {read}: "
                                  f"{entry['text']}")
    print(f"labelled (sentence, criterion) pairs: {labelled}")
    print(f"found: {found} ({found / max(labelled, 1):.1%}); stance agrees where found: "
          f"{agreed} ({agreed / max(found, 1):.1%}); criteria found beyond the labels: {extra}")
    columns = (*STANCES, "not found")
    print("\n" + "labelled / read".ljust(16) + "".join(f"{c:>11}" for c in columns))
    for stance in STANCES:
        print(f"{stance:<16}" + "".join(f"{confusion[(stance, c)]:>11}" for c in columns))
    for miss in misses[: args.show]:
        print(miss)


if __name__ == "__main__":
    main()
