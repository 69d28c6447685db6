"""The compiled pack's matching mechanics: lemmas read as arrays, and token patterns run only
where their anchor words are. Behaviour must be what plain spaCy would give."""

from __future__ import annotations

import pytest

from sendcheck.nlp import _anchors, compile_pack, pipeline
from sendcheck.rulepack import load_pack


@pytest.fixture(scope="module")
def compiled():
    return compile_pack(load_pack())


def test_lemmas_are_of_the_lower_case_form_and_plural_acronyms_lose_the_s():
    doc = pipeline()("Waits for EHCPs and DCOs were Longer.")
    assert [t.lemma_ for t in doc] == ["wait", "for", "ehcp", "and", "dco", "be", "long", "."]


def test_an_empty_passage_reads_without_error(compiled):
    assert compiled.criteria_in(pipeline()("")) == {}


def test_anchors_are_the_words_a_pattern_cannot_match_without():
    strings = pipeline().vocab.strings
    pattern = [{"LEMMA": "wait"}, {"OP": "{0,3}"}, {"LOWER": "an", "OP": "?"},
               {"LOWER": {"IN": ["camhs", "autism"]}}, {"LIKE_NUM": True},
               {"LEMMA": "delay", "OP": "!"}]
    anchors = _anchors(pattern, strings)
    assert [{strings[h] for h in wanted} for _, wanted in anchors] == [{"wait"}, {"camhs", "autism"}]


def test_patterns_match_with_offsets_in_the_passage_after_sentences_without_anchors(compiled):
    # "staff ... trained" is a workforce-training token pattern; the first sentence has no
    # anchor word of any pattern, so the pattern runs on the second sentence alone.
    doc = pipeline()("The local offer was relaunched. All school staff were trained in autism.")
    found = compiled.criteria_in(doc)
    spans = [doc[m.start:m.end].text for m in found.get("workforce-training", [])]
    assert "staff were trained" in spans


def test_a_pattern_does_not_reach_across_a_sentence_end(compiled):
    # "need ... identify" reaches three tokens; across the full stop it would claim that this
    # passage is about identifying needs.
    doc = pipeline()("Plans lack the advice they need. Leaders have identified this.")
    assert "identification" not in compiled.criteria_in(doc)
    joined = pipeline()("Leaders have identified the needs of children early.")
    assert "identification" in compiled.criteria_in(joined)


def test_a_look_alike_in_a_heading_does_not_name_the_criterion(compiled):
    # "social care advice" is in social-care's look-alikes: advice for EHC plans.
    heading = compiled.criteria_in_heading(pipeline()("Health and social care advice"))
    assert heading == {"ehc-health-care-advice"}
    assert "social-care" in compiled.criteria_in_heading(pipeline()("Social care for disabled children"))


def test_a_heading_communication_is_with_families_but_not_communication_needs(compiled):
    heading = compiled.criteria_in_heading
    assert "communication-families" in heading(pipeline()("Communication and information"))
    assert "communication-families" not in heading(pipeline()("Communication and interaction"))


def pack_with_rule(folder, rule_id: str, vocabulary: str):
    """The built-in pack with one more rule: dmo-dco's text under ``rule_id``, plus
    ``vocabulary`` (YAML for the matching under test)."""
    from sendcheck.rulepack import builtin_rules_dir

    rule = (builtin_rules_dir() / "criteria" / "dmo-dco.yaml").read_text(encoding="utf-8")
    (folder / "criteria").mkdir()
    (folder / "criteria" / f"{rule_id}.yaml").write_text(
        rule.replace("id: dmo-dco", f"id: {rule_id}") + "\n" + vocabulary, encoding="utf-8")
    return compile_pack(load_pack((str(folder),)))


def test_a_pattern_with_no_anchor_word_is_always_tried(tmp_path):
    compiled = pack_with_rule(tmp_path, "pupil-counts",
                              "patterns:\n  - [{LIKE_NUM: true}, {LOWER: {REGEX: '^pupils?$'}}]\n")
    assert len(compiled.patterns.unanchored) == 1
    doc = pipeline()("The report was late. There were 40 pupils.")
    assert [doc[m.start:m.end].text for m in compiled.criteria_in(doc)["pupil-counts"]] == ["40 pupils"]


@pytest.fixture(scope="module")
def plan_quality(tmp_path_factory):
    """A pack with one rule named by ``together`` groups: plans, and their quality."""
    return pack_with_rule(tmp_path_factory.mktemp("pack"), "plan-quality",
                          "together:\n  - [[ehc plan, plan], [quality, poor quality]]\n")


@pytest.mark.parametrize("text, words", [
    ("Too many EHC plans are of a poor quality.", ["EHC plans", "poor quality"]),
    ("The quality of too many plans is poor.", ["quality", "plans"]),
])
def test_together_groups_name_a_criterion_in_either_order(plan_quality, text, words):
    doc = pipeline()(text)
    found = plan_quality.criteria_in(doc).get("plan-quality", [])
    assert sorted(doc[m.start:m.end].text for m in found) == sorted(words)


@pytest.mark.parametrize("text", [
    "Plans for the new centre were agreed. Quality of teaching is good.",  # two sentences
    "Plans were agreed by the board after a long consultation with families and schools about "
    "quality.",  # further apart than TOGETHER_REACH
    "Leaders have agreed a plan with the parent carer forum.",  # one group only
])
def test_together_groups_must_all_be_near_in_one_sentence(plan_quality, text):
    assert "plan-quality" not in plan_quality.criteria_in(pipeline()(text))
