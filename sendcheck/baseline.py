"""A baseline: what a draft said at one point, so a later check shows only what is new or worse.

``sendcheck baseline create FILE... -o sendcheck-baseline.json`` records, for each document and
criterion, the status, the position and the passages that made it (their normalised text,
hashed). ``sendcheck check --baseline sendcheck-baseline.json`` then marks every finding:

- ``new``: the baseline has no record of this criterion for this document;
- ``worse``: its status or position dropped (evidenced > partial > missing; strength > mixed >
  not-stated > gap), or it reports a gap in a passage the baseline did not have;
- ``unchanged`` / ``better``: in the baseline: shown, but not a failure for ``--fail-on``.

Passages are keyed by criterion and normalised text, never by paragraph number, so an edit
elsewhere in the draft (a paragraph added above) does not make old findings new.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path, PurePath

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import SendcheckError
from .models import Finding, Report

BASELINE_VERSION = 1
DEFAULT_BASELINE = "sendcheck-baseline.json"

STATUS_RANK = {"missing": 0, "partial": 1, "evidenced": 2}
POSITION_RANK = {"gap": 0, "not-stated": 1, "mixed": 2, "strength": 3}

_NON_WORD = re.compile(r"[^\w%]+")


def normalise(text: str) -> str:
    """Text as compared across drafts: case, spacing, punctuation and quote styles ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def fingerprint(rule_id: str, text: str) -> str:
    """A stable key for a passage as evidence of a criterion: the hash of the rule id and the
    normalised text (no paragraph or line number, so it survives edits elsewhere)."""
    return hashlib.sha256(f"{rule_id}\x00{normalise(text)}".encode()).hexdigest()


def gap_passages(finding: Finding) -> list[str]:
    """The texts that make a finding a gap: its negative evidence, in order, once each."""
    seen: dict[str, None] = {}
    for evidence in finding.evidence:
        if evidence.stance == "negative":
            seen.setdefault(evidence.text, None)
    return list(seen)


def document_key(path: str) -> str:
    """How a document is named in a baseline: its path relative to the working directory where
    it is inside it (as given otherwise), with forward slashes."""
    given = Path(path)
    if given.is_absolute():
        try:
            given = given.relative_to(Path.cwd())
        except ValueError:
            pass
    key = PurePath(given).as_posix()
    return key[2:] if key.startswith("./") else key


class BaselineFinding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: str
    position: str
    score: int
    gaps: list[str] = Field(default_factory=list)  # fingerprints of the gap passages


class BaselineDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sha256: str
    score: int
    findings: dict[str, BaselineFinding]


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sendcheck_baseline: int = BASELINE_VERSION
    as_of: str
    documents: dict[str, BaselineDocument]


def create(reports: Sequence[Report]) -> Baseline:
    """A baseline of these reports (the as-of date is the first report's)."""
    documents = {}
    for report in reports:
        documents[document_key(report.document.path)] = BaselineDocument(
            sha256=report.document.sha256,
            score=report.score,
            findings={
                f.rule_id: BaselineFinding(
                    status=f.status, position=f.position, score=f.score,
                    gaps=sorted({fingerprint(f.rule_id, text) for text in gap_passages(f)}),
                )
                for f in report.findings
            },
        )
    return Baseline(as_of=reports[0].as_of if reports else "", documents=documents)


def dumps(baseline: Baseline) -> str:
    return json.dumps(baseline.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"


def load(path: str | Path) -> Baseline:
    """Read a baseline file; anything wrong with it is an error (exit 2) naming the file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SendcheckError(f"{path}: baseline file not found; create one with "
                             "`sendcheck baseline create FILE... -o " f"{DEFAULT_BASELINE}`") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SendcheckError(f"{path}: not a readable baseline file ({exc})") from None
    if not isinstance(data, dict) or data.get("sendcheck_baseline") != BASELINE_VERSION:
        raise SendcheckError(f"{path}: not a sendcheck baseline (version {BASELINE_VERSION}); "
                             "create one with `sendcheck baseline create`")
    try:
        return Baseline.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise SendcheckError(f"{path}: {where}: {first['msg']}") from None


def compare(finding: Finding, before: BaselineFinding | None) -> str:
    """``new``, ``worse``, ``unchanged`` or ``better``: this finding against its baseline."""
    if before is None:
        return "new"
    status = STATUS_RANK[finding.status] - STATUS_RANK.get(before.status, 0)
    position = POSITION_RANK[finding.position] - POSITION_RANK.get(before.position, 0)
    known = set(before.gaps)
    new_gap = any(fingerprint(finding.rule_id, text) not in known
                  for text in gap_passages(finding))
    if status < 0 or position < 0 or new_gap:
        return "worse"
    return "better" if status > 0 or position > 0 else "unchanged"


def apply(report: Report, baseline: Baseline) -> Report:
    """The report with every finding marked against the baseline (nothing is dropped)."""
    document = baseline.documents.get(document_key(report.document.path))
    before = document.findings if document else {}
    findings = [f.model_copy(update={"baseline": compare(f, before.get(f.rule_id))})
                for f in report.findings]
    return report.model_copy(update={"findings": findings})

