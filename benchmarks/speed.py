"""How fast sendcheck is against the floor of the same work, and how much memory it takes.

    python benchmarks/speed.py [--letters DIR] [--runs N] [--stages]

Each figure is a whole process, best of N rounds in which the check and its floor take turns:

* a large .docx (at least 40,000 words, built from the corpus letters) checked by
  ``sendcheck check`` against the floor: open it with python-docx, collect its text, and run
  spaCy's blank English tokenizer and sentencizer over it;
* the 36 corpus letters checked in one batch, against the same floor over the same files: as
  run by default (one worker per core) and one file at a time (``--jobs 1``), since the floor
  is one process;
* cold start on a 20,000-word draft (the whole process, imports included);
* peak resident memory of the large check;
* with ``--stages``, where the time of the large check goes: each step of the pipeline timed in
  a fresh process (the figures the README quotes).

Targets (issue: "Fast and unbreakable"): check / floor at most 1.5; cold start at most 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LETTERS = ROOT.parent / "shared" / "corpus" / "letters"

FLOOR = r"""
import sys
import docx, spacy
nlp = spacy.blank("en"); nlp.add_pipe("sentencizer")
for path in sys.argv[1:]:
    if path.endswith(".docx"):
        d = docx.Document(path)
        texts = [p.text for p in d.paragraphs]
        texts += [c.text for t in d.tables for r in t.rows for c in r.cells]
    else:
        texts = open(path, encoding="utf-8").read().split("\n\n")
    for doc in nlp.pipe(texts):
        list(doc.sents)
"""


# Each step of one check, timed in a fresh process, in the order the pipeline runs them.
STAGES = r"""
import gc, sys, time
from datetime import date
gc.disable()  # as the check command does until the rules are compiled (cli._settle)
marks = [("start", time.perf_counter())]
def lap(name):
    marks.append((name, time.perf_counter()))
import spacy, docx; lap("import spaCy and python-docx (the floor pays these too)")
import sendcheck.cli, sendcheck.api; lap("import sendcheck (models, CLI, pipeline modules)")
from sendcheck.api import Options
from sendcheck.nlp import compile_pack
from sendcheck.load import load_document
from sendcheck.evaluate import Evaluator
from sendcheck.score import findings_for, overall_score
from sendcheck.precedents import cite
from sendcheck.alerts import personal_data_alerts
from sendcheck.report import render, RenderOptions
from sendcheck.models import Report, ToolInfo, DocumentInfo
options = Options(as_of=date(2026, 11, 24)); pack = options.pack(); lap("load the rule pack (YAML)")
compiled = compile_pack(pack); gc.freeze(); gc.enable(); lap("build the pipeline, compile rules into matchers")
document = load_document(sys.argv[1]); lap("load the .docx")
evaluation = Evaluator(compiled, options.as_of).read(document); lap("read (tokens, sentences, matches, stance, signals)")
findings = findings_for(pack, evaluation.readings); lap("score")
findings = cite(findings, pack, options.citations, as_of=options.as_of); lap("cite precedents")
alerts = personal_data_alerts(document, pack.cues.personal_data); lap("personal-data alerts")
report = Report(tool=ToolInfo(version="x"), document=DocumentInfo(path=document.path,
                sha256=document.sha256, words=document.words), as_of="2026-11-24",
                score=overall_score(pack, findings), findings=findings, alerts=alerts)
import io; render("json", [report], io.StringIO(), RenderOptions()); lap("render JSON")
for (_, before), (name, after) in zip(marks, marks[1:]):
    print(f"  {after - before:6.3f} s  {name}")
print(f"  {marks[-1][1] - marks[0][1]:6.3f} s  in all (after the interpreter started)")
"""


def build_docx(letters: list[Path], words: int, out: Path) -> int:
    """A Word draft of at least ``words`` words: corpus paragraphs under section headings."""
    import docx

    document = docx.Document()
    total = 0
    while total < words:
        for letter in letters:
            document.add_heading(letter.stem.replace("_", " "), level=1)
            for paragraph in letter.read_text(encoding="utf-8").split("\n\n"):
                text = " ".join(paragraph.split())
                if text:
                    document.add_paragraph(text)
                    total += len(text.split())
            if total >= words:
                break
    document.save(out)
    return total


def best_times(commands: list[list[str]], runs: int) -> list[float]:
    """Best wall time of each command over ``runs`` rounds. The commands take turns within a
    round, so that a check and its floor meet the same machine: run one after the other in
    blocks, a slow spell on this shared machine moved the ratio by 0.1 or more."""
    best = [float("inf")] * len(commands)
    for _ in range(runs):
        for i, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=False)
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=Path, default=DEFAULT_LETTERS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stages", action="store_true", help="time each step of the large check")
    args = parser.parse_args()
    letters = sorted(args.letters.glob("*.txt"))
    if not letters:
        sys.exit(f"no letters in {args.letters}")
    check = [sys.executable, "-c", "from sendcheck.cli import run; run()", "check",
             "--format", "json", "--as-of", "2026-11-24"]
    floor = [sys.executable, "-c", FLOOR]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "large.docx", Path(tmp) / "draft-20k.docx"
        big_words = build_docx(letters, 40_000, big)
        small_words = build_docx(letters, 20_000, small)

        check_time, floor_time = best_times([[*check, str(big)], [*floor, str(big)]], args.runs)
        print(f"large .docx ({big_words:,} words): check {check_time:.2f} s, floor "
              f"{floor_time:.2f} s, ratio {check_time / floor_time:.2f}")

        batch = [str(p) for p in letters]
        batch_time, batch_serial, batch_floor = best_times(
            [[*check, *batch], [*check, "--jobs", "1", *batch], [*floor, *batch]], args.runs)
        print(f"batch of {len(batch)} letters: check {batch_time:.2f} s, floor "
              f"{batch_floor:.2f} s, ratio {batch_time / batch_floor:.2f} "
              f"(one worker per core, the default)")
        print(f"batch of {len(batch)} letters, --jobs 1: check {batch_serial:.2f} s, ratio "
              f"{batch_serial / batch_floor:.2f} (one process, as the floor)")

        (cold,) = best_times([[*check, str(small)]], 1)
        print(f"cold start, {small_words:,}-word draft: {cold:.2f} s")

        peak = subprocess.run(
            ["/usr/bin/time", "-f", "%M", *check, str(big)],
            capture_output=True, text=True, check=False,
        ).stderr.strip().splitlines()
        if peak and peak[-1].isdigit():
            print(f"peak memory, large check: {int(peak[-1]) / 1024:.0f} MiB")

        if args.stages:
            print("where the large check's time goes (one run, in a fresh process):")
            subprocess.run([sys.executable, "-c", STAGES, str(big)], check=False)


if __name__ == "__main__":
    main()
