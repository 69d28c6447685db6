"""Precedents: published Ofsted/CQC letters as structured data, cited in every finding.

* ``model``: the store format (``Precedent``, ``Passage``), one JSON file per letter.
* ``metadata``, ``structure``, ``tagging``, ``importer``: a letter (PDF or text) -> a record.
* ``letters``: how letters are laid out and worded (``rules/letters.yaml``), compiled once.
* ``store``: the built-in store (the seed letters, in ``data/``) and the user store.
* ``cite``: each finding's citations.
* ``cli``: ``sendcheck precedents list|show|search|import``.
* ``build_seeds``: regenerates ``data/`` from the seed texts.

Letter text is Crown copyright, reused under the Open Government Licence v3.0; every record and
every citation carries its source.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

from ..models import Finding
from ..rulepack import RulePack
from .cite import DEFAULT_LIMIT, cite_findings
from .model import Passage, Precedent
from .store import Library, library

__all__ = ["DEFAULT_LIMIT", "Library", "Passage", "Precedent", "cite", "library"]


def cite(findings: list[Finding], pack: RulePack | None = None, limit: int = DEFAULT_LIMIT,
         store: str | None = None, as_of: date | None = None) -> list[Finding]:
    """The pipeline step after scoring: each finding with up to ``limit`` citations, from the
    built-in and user precedents inspected by ``as_of``. References in a criterion's rule file
    (``precedents:``) and the built-in ones (``seeds.json``) are cited first when they fit."""
    if limit <= 0:
        return findings
    references = {rule_id: list(refs) for rule_id, refs in builtin_references().items()}
    for criterion in pack.criteria if pack else ():
        references[criterion.id] = [*criterion.precedents, *references.get(criterion.id, [])]
    return cite_findings(findings, library(store), limit, references, as_of)


@cache
def builtin_references() -> dict[str, tuple[str, ...]]:
    """Passages of the built-in letters that speak to a criterion in words its terms do not
    match yet ("contributions of care and health to EHC plans"): "id: verbatim words"."""
    data = json.loads(Path(__file__).with_name("seeds.json").read_text(encoding="utf-8"))
    return {rule_id: tuple(refs) for rule_id, refs in data.get("references", {}).items()}
