"""How often sendcheck finds the criteria a human reader says a passage is about.

corpus_agreement.py measures whether the position (strength / gap) of what sendcheck finds agrees
with the letter's own section; it cannot tell whether sendcheck found the right criteria at all.
This script does: benchmarks/gold_criteria*.yaml list paragraphs of the Area SEND reports,
each with the criteria a person judged it to be plainly about (see the header of each file for
the labelling rule). Six sets hold every paragraph of the two sections corpus_agreement.py
compares: gold_criteria.yaml (120, the default), gold_criteria_heldout.yaml,
gold_criteria_test.yaml, gold_criteria_final.yaml, gold_criteria_fifth.yaml (150 each) and
gold_criteria_sixth.yaml (120); gold_criteria_seventh.yaml holds all 192 paragraphs of the
section on children's and families' experience. Each was measured blind once before any tuning
on it; choose one with --gold. The *_second.yaml files are a second reader's labels (--second).
Each paragraph is checked on its own, as a one-block document without its
headings (as in corpus_agreement.py), and compared with the labels.

    python benchmarks/criterion_recall.py [LETTERS_DIR] [--gold PATH] [--second PATH] [--show N]
                                          [--show-extra N]

Prints:
- recall: the share of gold (paragraph, criterion) pairs whose finding is not `missing`;
- recall per criterion, with how often each criterion is found;
- precision-ish: the share of criteria found (not `missing`) that are in the gold labels. Gold
  labels only the main subjects, so a finding outside them is not necessarily wrong: read this as
  "how much of what is found is what the paragraph is mainly about";
- with --second PATH (another reader's labels for the same paragraphs, e.g.
  gold_criteria_sixth_second.yaml): how many of the gold labels that reader gave too (a
  person's recall, to set sendcheck's beside), and sendcheck's recall on the labels both chose;
- with --show N, N missed pairs with the paragraph's first 200 (--chars) characters (what vocabulary the
  rule lacks); with --show-extra N, N found criteria that are not in the gold labels.

The letters are not copied into the gold file; paragraphs are found again by letter and paragraph
number, and the first six words (`starts`) are checked so that drift in the loader or the corpus
is reported rather than silently measured. Needs ../shared/corpus/letters/ by default.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

from sendcheck.api import Options, check_document
from sendcheck.load import load_document
from sendcheck.models import Block, Document

HERE = Path(__file__).resolve().parent
DEFAULT_LETTERS = HERE.parents[1] / "shared" / "corpus" / "letters"
DEFAULT_GOLD = HERE / "gold_criteria.yaml"


def first_words(text: str, n: int = 6) -> str:
    return " ".join(text.split()[:n])


def find_block(document: Document, paragraph: int, starts: str) -> tuple[Block | None, str]:
    """The block at `paragraph`, or where its first words moved to; and a drift note ('' if none)."""
    blocks = [b for b in document.blocks if b.kind != "heading"]
    at = next((b for b in blocks if b.location.paragraph == paragraph), None)
    if at is not None and first_words(at.text) == starts:
        return at, ""
    moved = [b for b in blocks if first_words(b.text) == starts]
    if len(moved) == 1:
        return moved[0], f"moved from paragraph {paragraph} to {moved[0].location.paragraph}"
    found = f"found {first_words(at.text)!r}" if at is not None else "no such paragraph"
    return None, f"paragraph {paragraph}: expected {starts!r}, {found}; skipped"


def alone(document: Document, block: Block) -> Document:
    """A one-block document without headings, so the section title cannot help."""
    bare = block.model_copy(update={"headings": [], "row_header": None})
    return document.model_copy(update={"blocks": [bare]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("letters", nargs="?", type=Path, default=DEFAULT_LETTERS)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 24))
    parser.add_argument("--second", type=Path, help="another reader's labels for the same paragraphs")
    parser.add_argument("--show", type=int, default=0, help="print N missed (paragraph, criterion) pairs")
    parser.add_argument("--show-extra", type=int, default=0, help="print N found criteria not in gold")
    parser.add_argument("--chars", type=int, default=200, help="characters of each shown paragraph")
    args = parser.parse_args()

    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))
    second = {
        (item["letter"], item["paragraph"]): set(item["criteria"] or [])
        for item in yaml.safe_load(args.second.read_text(encoding="utf-8"))
    } if args.second else {}
    options = Options(as_of=args.as_of)
    pack = options.pack()
    known = set(pack.ids())

    documents: dict[str, Document] = {}
    drift: list[str] = []
    gold_n, hit_n, found_n, found_in_gold = Counter(), Counter(), Counter(), Counter()
    misses, extras = [], []
    reader = Counter()  # the second reader against the gold, and sendcheck on agreed labels
    checked = 0
    for item in gold:
        letter, labels = item["letter"], set(item["criteria"] or [])
        if labels - known:
            drift.append(f"{letter}: unknown rule ids {sorted(labels - known)}")
        if letter not in documents:
            path = args.letters / f"{letter}.txt"
            if not path.exists():
                drift.append(f"{letter}: letter not found in {args.letters}")
                documents[letter] = None
                continue
            documents[letter] = load_document(str(path))
        document = documents[letter]
        if document is None:
            continue
        block, note = find_block(document, item["paragraph"], str(item["starts"]))
        if note:
            drift.append(f"{letter}: {note}")
        if block is None:
            continue
        checked += 1
        report = check_document(alone(document, block), options, pack)
        found = {f.rule_id for f in report.findings if f.status != "missing"}
        for rule_id in labels:
            gold_n[rule_id] += 1
            if rule_id in found:
                hit_n[rule_id] += 1
            else:
                misses.append((letter, block, rule_id, sorted(found)))
        other = second.get((letter, item["paragraph"]))
        if other is not None:
            reader["gold"] += len(labels)
            reader["agreed"] += len(labels & other)  # what the second reader gave too
            reader["agreed found"] += len(labels & other & found)
        for rule_id in found:
            found_n[rule_id] += 1
            if rule_id in labels:
                found_in_gold[rule_id] += 1
            else:
                extras.append((letter, block, rule_id, sorted(labels)))

    pairs, hits = sum(gold_n.values()), sum(hit_n.values())
    found_all, found_ok = sum(found_n.values()), sum(found_in_gold.values())
    print(f"gold paragraphs: {len(gold)}, checked: {checked}, "
          f"letters: {len({i['letter'] for i in gold})}, drift notes: {len(drift)}")
    for note in drift:
        print(f"  drift: {note}")
    print(f"recall: {hits}/{pairs} gold (paragraph, criterion) pairs found ({hits / max(pairs, 1):.1%})")
    if args.second:
        print(f"second reader: gave {reader['agreed']}/{reader['gold']} of the gold labels "
              f"({reader['agreed'] / max(reader['gold'], 1):.1%}); sendcheck found "
              f"{reader['agreed found']}/{reader['agreed']} of the labels both readers gave "
              f"({reader['agreed found'] / max(reader['agreed'], 1):.1%})")
    print(f"precision-ish: {found_ok}/{found_all} criteria found are in gold ({found_ok / max(found_all, 1):.1%})")
    print(f"\n{'criterion':<26}{'gold':>6}{'hit':>7}{'recall':>8}{'found':>8}{'in gold':>9}")
    for rule_id in sorted(set(gold_n) | set(found_n), key=lambda r: (-gold_n[r], r)):
        recall = f"{hit_n[rule_id] / gold_n[rule_id]:.0%}" if gold_n[rule_id] else "-"
        share = f"{found_in_gold[rule_id] / found_n[rule_id]:.0%}" if found_n[rule_id] else "-"
        print(f"{rule_id:<26}{gold_n[rule_id]:>6}{hit_n[rule_id]:>7}{recall:>8}{found_n[rule_id]:>8}{share:>9}")

    rng = random.Random(0)
    rng.shuffle(misses)
    for letter, block, rule_id, found in misses[: args.show]:
        print(f"\nMISSED {rule_id}  [{letter} p{block.location.paragraph}]  found: {', '.join(found) or '-'}")
        print(f"   {block.text[:args.chars]}")
    rng.shuffle(extras)
    for letter, block, rule_id, labels in extras[: args.show_extra]:
        print(f"\nEXTRA {rule_id}  [{letter} p{block.location.paragraph}]  gold: {', '.join(labels) or '-'}")
        print(f"   {block.text[:args.chars]}")


if __name__ == "__main__":
    main()
