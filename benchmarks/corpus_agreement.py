"""How well sendcheck reads inspectors' own judgements: position agreement on published letters.

The Area SEND reports label themselves: paragraphs under "What is the area partnership doing
that is effective?" are strengths, those under "What does the area partnership need to do
better?" are weaknesses. The older (2016-framework) inspection letters do the same under
"Strengths" and "Areas for development/improvement"; run the script on ../shared/seeds for them. Each paragraph is checked on its own (without its heading, so the
label cannot leak in) and every criterion found is compared with its section's label.

    python benchmarks/corpus_agreement.py [LETTERS_DIR] [--as-of YYYY-MM-DD] [--show N]

Each letter is read as of the end of its own month (from its file name), as its inspectors
wrote it: read from today, a 2023 report's "in 2023" would be history.

Prints agreement overall and per criterion, how often each criterion is found, and (with
--show) a sample of disagreements to learn from. Needs ../shared/corpus/letters/ by default.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from sendcheck.api import Options, check_document
from sendcheck.load import load_document
from sendcheck.models import Document

# Area SEND reports (2023 framework), as in ../shared/corpus/letters.
SECTIONS_2023 = {
    "what is the area partnership doing that is effective?": "strength",
    "what does the area partnership need to do better?": "gap",
}
# Joint local area SEND inspection letters (2016 framework), such as the seed letters in
# ../shared/seeds: a check on letters the cue lists were not tuned on. Used only for a letter
# with no 2023 sections (a 2023 report's "Areas for improvement" are its recommendations).
SECTIONS_2016 = {
    "strengths": "strength",
    "areas for development": "gap",
    "areas for improvement": "gap",
}
DEFAULT_LETTERS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "letters"


def labelled_paragraphs(folder: Path) -> list[tuple[str, str, Document]]:
    """(letter, expected position, one-paragraph document) for every paragraph in a section."""
    items = []
    for path in sorted(folder.glob("*.txt")):
        document = load_document(str(path))
        headings = {h.strip().lower() for b in document.blocks for h in b.headings}
        sections = SECTIONS_2023 if headings & set(SECTIONS_2023) else SECTIONS_2016
        for block in document.blocks:
            if block.kind == "heading":
                continue
            label = next(
                (sections[h.strip().lower()] for h in block.headings if h.strip().lower() in sections),
                None,
            )
            if label is None:
                continue
            alone = block.model_copy(update={"headings": [], "row_header": None})
            items.append(
                (path.stem, label, document.model_copy(update={"blocks": [alone]}))
            )
    return items


def letter_date(stem: str) -> date:
    """The end of the month a letter was published ("bedford_2024-11_area-send"), so that its
    "in 2023" is read as the inspectors meant it, not as history from today; today if the name
    has no month."""
    found = re.search(r"_(\d{4})-(\d{2})_", stem)
    if not found:
        return date.today()
    year, month = int(found.group(1)), int(found.group(2))
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("letters", nargs="?", type=Path, default=DEFAULT_LETTERS)
    parser.add_argument("--as-of", type=date.fromisoformat, default=None,
                        help="read every letter as of this date (default: as of its own "
                             "month, from a name like bedford_2024-11_area-send; else today)")
    parser.add_argument("--show", type=int, default=0, help="print N disagreements")
    args = parser.parse_args()

    items = labelled_paragraphs(args.letters)
    agree, total = Counter(), Counter()
    positions: Counter = Counter()
    paragraphs_with_any = 0
    misses = []
    for letter, expected, document in items:
        report = check_document(document, Options(as_of=args.as_of or letter_date(letter)))
        found = [f for f in report.findings if f.status != "missing"]
        paragraphs_with_any += bool(found)
        for finding in found:
            total[finding.rule_id] += 1
            positions[(expected, finding.position)] += 1
            if finding.position == expected:
                agree[finding.rule_id] += 1
            else:
                misses.append((letter, expected, finding))

    n_total, n_agree = sum(total.values()), sum(agree.values())
    print(f"letters: {len({i[0] for i in items})}, labelled paragraphs: {len(items)}, "
          f"with at least one criterion found: {paragraphs_with_any} "
          f"({paragraphs_with_any / max(len(items), 1):.0%})")
    print(f"criterion findings: {n_total}; position agrees with the section: {n_agree} "
          f"({n_agree / max(n_total, 1):.1%})")
    for expected in ("strength", "gap"):
        row = {p: positions[(expected, p)] for p in ("strength", "gap", "mixed", "not-stated")}
        print(f"  in '{expected}' sections: " + ", ".join(f"{k} {v}" for k, v in row.items()))
    print(f"\n{'criterion':<26}{'found':>7}{'agree':>8}")
    for rule_id, count in total.most_common():
        print(f"{rule_id:<26}{count:>7}{agree[rule_id] / count:>8.0%}")
    random.Random(0).shuffle(misses)
    for letter, expected, finding in misses[: args.show]:
        print(f"\n[{letter}] expected {expected}, got {finding.position} for {finding.rule_id}")
        for evidence in finding.evidence[:3]:
            print(f"   ({evidence.stance}) {evidence.text[:220]}")


if __name__ == "__main__":
    main()
