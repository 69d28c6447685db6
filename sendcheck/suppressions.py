"""Suppressions with an audit trail: findings a team has looked at and accepts, with the reason.

Two ways to say it:

- a file, ``sendcheck-suppressions.yml`` in the working directory (or ``--suppressions PATH``)::

      suppressions:
        - rule: dmo-dco                 # a rule id, or alert/<kind> for an alert
          file: "drafts/*.md"           # a glob; without a slash it matches the file name
          section: "Health"             # optional: only evidence under a heading containing this
          reason: "DCO vacancy is covered in the appendix the board signed off"   # required
          expires: 2027-03-31           # optional: after this (judged by --as-of) it is an error

- a comment in a Markdown or text draft, read from the file's raw bytes (the loader drops HTML
  comments from the text), applying to that whole file::

      <!-- sendcheck: ignore local-offer reason="relaunched in May; the board has the evidence" -->

An entry without a reason, an expired entry, or one naming an unknown rule stops the check
(exit 2, naming the file and the entry), so a suppression cannot outlive its reason unnoticed.
A suppressed finding is never dropped: it stays in the report with ``suppressed`` set to the
reason and where it was given, and it does not trip ``--fail-on``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .baseline import document_key
from .errors import InputError, SendcheckError
from .load.textutil import decode_text
from .models import Alert, Finding, Report, Suppression
from .rulepack import RULE_ID

DEFAULT_FILE = "sendcheck-suppressions.yml"
INLINE_SUFFIXES = (".md", ".markdown", ".txt", ".text")
ALERT_PREFIX = "alert/"

_DIRECTIVE = re.compile(r"<!--\s*sendcheck\s*:\s*(.*?)\s*-->", re.S)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class Entry(BaseModel):
    """One entry of a suppressions file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    file: str
    section: str | None = None
    reason: str
    expires: date | None = None

    @field_validator("reason")
    @classmethod
    def _reason_is_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the reason is empty")
        return value.strip()


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    suppressions: list[Any] = []


@dataclass(frozen=True)
class Rule:
    """A checked entry, with where it was written (for the audit trail and error messages)."""

    entry: Entry
    source: str  # "sendcheck-suppressions.yml, entry 2 (line 7)"
    kind: str  # "external" or "inSource"

    def record(self) -> Suppression:
        expires = self.entry.expires.isoformat() if self.entry.expires else None
        return Suppression(kind=self.kind, reason=self.entry.reason, source=self.source,
                           expires=expires)


def known_rule(rule: str, rule_ids: Iterable[str]) -> bool:
    if rule.startswith(ALERT_PREFIX):
        return bool(RULE_ID.match(rule[len(ALERT_PREFIX):]))
    return rule in set(rule_ids)


def _entry_lines(text: str) -> list[int | None]:
    """The 1-based line of each entry under ``suppressions:`` (or of a top-level list)."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return []
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if k.value == "suppressions"), None)
    if isinstance(node, yaml.SequenceNode):
        return [item.start_mark.line + 1 for item in node.value]
    return []


def load_file(path: str | Path, as_of: date, rule_ids: Iterable[str]) -> list[Rule]:
    """Read and check a suppressions file. Every problem is an error naming file and entry."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except FileNotFoundError:
        raise SendcheckError(f"{name}: suppressions file not found") from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise SendcheckError(f"{name}:{line}: not valid YAML: {exc.problem}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SendcheckError(f"{name}: cannot read the suppressions file ({exc})") from None
    if data is None:
        return []
    if isinstance(data, list):
        data = {"suppressions": data}
    if not isinstance(data, dict):
        raise SendcheckError(f"{name}: expected `suppressions:` and a list of entries")
    try:
        raw_entries = _File.model_validate(data).suppressions
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "file"
        raise SendcheckError(f"{name}: {where}: {first['msg']}; expected `suppressions:` and a "
                             "list of entries {rule, file, section, reason, expires}") from None
    lines = _entry_lines(text)
    rule_ids = list(rule_ids)
    rules = []
    for index, raw in enumerate(raw_entries, start=1):
        line = lines[index - 1] if index - 1 < len(lines) else None
        label = f"entry {index}" + (f" (line {line})" if line else "")
        if not isinstance(raw, dict):
            raise SendcheckError(f"{name}: {label}: expected a mapping of rule, file, reason")
        described = f"{label}, rule {raw.get('rule', '?')!s}, file {raw.get('file', '?')!s}"
        if not str(raw.get("reason") or "").strip():
            raise SendcheckError(f"{name}: {described}: no reason given; every suppression needs "
                                 "a reason (reason: ...), which is its audit trail")
        try:
            entry = Entry.model_validate(raw)
        except ValidationError as exc:
            first = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
            where = ".".join(str(part) for part in first["loc"])
            message = (f"unknown key {where!r} (known: rule, file, section, reason, expires)"
                       if first["type"] == "extra_forbidden" else f"{where}: {first['msg']}")
            raise SendcheckError(f"{name}: {described}: {message}") from None
        if not known_rule(entry.rule, rule_ids):
            raise SendcheckError(f"{name}: {described}: unknown rule id {entry.rule!r}; "
                                 "`sendcheck rules list` shows them (alerts: alert/<kind>)")
        if entry.expires is not None and entry.expires < as_of:
            raise SendcheckError(f"{name}: {described}: expired on {entry.expires.isoformat()} "
                                 f"(as of {as_of.isoformat()}); review it, then renew or remove it")
        rules.append(Rule(entry=entry, source=f"{name}, {label}", kind="external"))
    return rules


def inline_rules(path: str, as_of: date, rule_ids: Iterable[str]) -> list[Rule]:
    """``<!-- sendcheck: ignore RULE[,RULE] reason="..." [expires="YYYY-MM-DD"] -->`` comments
    in a Markdown or text draft, read from its raw bytes. A bad one is an ``InputError`` for that
    file (reported, and the other inputs still checked)."""
    if not path.lower().endswith(INLINE_SUFFIXES) or not Path(path).is_file():
        return []
    try:
        text = decode_text(Path(path).read_bytes())
    except OSError:
        return []
    rule_ids = list(rule_ids)
    rules = []
    for match in _DIRECTIVE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        where = f"line {line}: sendcheck comment"
        body = match.group(1)
        attributes = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
                      for m in _ATTRIBUTE.finditer(body)}
        words = _ATTRIBUTE.sub(" ", body).replace(",", " ").split()
        if not words or words[0].lower() not in ("ignore", "disable"):
            raise InputError(path, f"{where}: expected `sendcheck: ignore RULE reason=\"...\"`")
        ids = words[1:]
        if not ids:
            raise InputError(path, f"{where}: name the rule id(s) to ignore")
        for rule in ids:
            if not known_rule(rule, rule_ids):
                raise InputError(path, f"{where}: unknown rule id {rule!r}")
        unknown = sorted(set(attributes) - {"reason", "expires"})
        if unknown:
            raise InputError(path, f"{where}: unknown attribute {unknown[0]!r} (reason, expires)")
        reason = (attributes.get("reason") or "").strip()
        if not reason:
            raise InputError(path, f"{where}: no reason given; add reason=\"...\" (the audit "
                                   "trail of why it is accepted)")
        expires = None
        if attributes.get("expires"):
            try:
                expires = date.fromisoformat(attributes["expires"])
            except ValueError:
                raise InputError(path, f"{where}: expires={attributes['expires']!r} is not a "
                                       "date in the form YYYY-MM-DD") from None
            if expires < as_of:
                raise InputError(path, f"{where}: expired on {expires.isoformat()} (as of "
                                       f"{as_of.isoformat()}); review it, then renew or remove it")
        for rule in ids:
            entry = Entry(rule=rule, file="*", reason=reason, expires=expires)
            rules.append(Rule(entry=entry, source=f"{path}:{line}", kind="inSource"))
    return rules


def file_matches(pattern: str, path: str) -> bool:
    """A glob against a document path: without a slash it matches the file name anywhere."""
    key = document_key(path)
    pattern = pattern.replace("\\", "/").removeprefix("./")
    if "/" not in pattern:
        return fnmatchcase(PurePosixPath(key).name, pattern) or fnmatchcase(key, pattern)
    return fnmatchcase(key, pattern) or (pattern.startswith("**/")
                                         and fnmatchcase(key, pattern[3:]))


def _sections_match(sections: list[str], wanted: str | None) -> bool:
    if wanted is None:
        return True
    wanted = wanted.casefold()
    return bool(sections) and all(wanted in section.casefold() for section in sections)


def _finding_sections(finding: Finding) -> list[str]:
    """Where the passages that make the finding lie: its gap passages for a gap or mixed
    position, otherwise all its evidence."""
    evidence = finding.evidence
    if finding.position in ("gap", "mixed"):
        evidence = [e for e in evidence if e.stance == "negative"] or evidence
    return [e.location.section for e in evidence]


def _for_finding(finding: Finding, rules: list[Rule], path: str) -> Suppression | None:
    for rule in rules:
        entry = rule.entry
        if entry.rule == finding.rule_id and file_matches(entry.file, path) and \
                _sections_match(_finding_sections(finding), entry.section):
            return rule.record()
    return None


def _for_alert(alert: Alert, rules: list[Rule], path: str) -> Suppression | None:
    section = [alert.location.section] if alert.location else []
    for rule in rules:
        entry = rule.entry
        if entry.rule == ALERT_PREFIX + alert.kind and file_matches(entry.file, path) and \
                _sections_match(section, entry.section):
            return rule.record()
    return None


def apply(report: Report, rules: list[Rule]) -> Report:
    """The report with every matching finding and alert marked suppressed (none dropped).
    Comments in the draft itself come first, then the suppressions file in order."""
    path = report.document.path
    if not rules:
        return report
    findings = [f.model_copy(update={"suppressed": _for_finding(f, rules, path)})
                for f in report.findings]
    alerts = [a.model_copy(update={"suppressed": _for_alert(a, rules, path)})
              for a in report.alerts]
    return report.model_copy(update={"findings": findings, "alerts": alerts})
