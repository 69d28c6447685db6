"""Reading as an inspector would: the seed letters' known judgements and the examples' order.

Run as of 2026-11-24, as the criteria issue asks. The seed letters are published Ofsted/CQC
letters whose judgements are known (see ../shared/seeds/README.md).
"""

from __future__ import annotations

import io
from datetime import date

import pytest

from sendcheck.api import Options, check_document
from sendcheck.load import load_document
from sendcheck.ruletest import example_document

from conftest import EXAMPLES, seed

OPTIONS = Options(as_of=date(2026, 11, 24))
GAP_OR_MIXED = {"gap", "mixed"}


def positions(path) -> dict[str, str]:
    report = check_document(load_document(str(path)), OPTIONS)
    return {f.rule_id: f.position for f in report.findings}


def test_warwickshire_2021_written_statement_criteria_are_gaps():
    found = positions(seed("004"))
    for rule_id in ("waiting-times", "coproduction", "inclusion-sufficiency",
                    "workforce-training", "local-offer"):
        assert found[rule_id] in GAP_OR_MIXED, rule_id


def test_wiltshire_2018():
    found = positions(seed("002"))
    assert found["dmo-dco"] in GAP_OR_MIXED
    assert found["exclusions-attendance"] in GAP_OR_MIXED
    assert found["ehc-timeliness"] == "strength"


def test_swindon_revisit_reads_the_original_weakness_as_history():
    found = positions(seed("000"))
    assert found["dmo-dco"] == "strength"
    assert found["local-offer"] in {"strength", "mixed"}
    assert found["waiting-times"] in GAP_OR_MIXED


def test_south_gloucestershire_revisit():
    found = positions(seed("003"))
    assert found["ehc-quality-reviews"] in GAP_OR_MIXED
    assert found["outcomes"] in GAP_OR_MIXED
    assert found["dmo-dco"] == "strength"


def test_swindon_you_said_we_did_has_planned_evidence():
    report = check_document(load_document(str(seed("001"))), OPTIONS)
    planned = [e for f in report.findings for e in f.evidence if e.stance == "planned"]
    assert len(planned) >= 3


def test_examples_score_in_the_order_they_were_written_for():
    scores = {
        name: check_document(load_document(str(EXAMPLES / f"{name}.docx")), OPTIONS).score
        for name in ("strong", "medium", "weak")
    }
    assert scores["strong"] - scores["medium"] >= 10, scores
    assert scores["medium"] - scores["weak"] >= 10, scores


def stance_of(text: str, rule_id: str) -> str:
    report = check_document(example_document(text), OPTIONS)
    finding = next(f for f in report.findings if f.rule_id == rule_id)
    assert finding.evidence, f"{rule_id} not found in {text!r}"
    return finding.evidence[0].stance


@pytest.mark.parametrize(
    ("text", "rule_id", "stance"),
    [
        ("There is no DMO in post.", "dmo-dco", "negative"),
        ("There are no delays in health advice for EHC needs assessments.",
         "ehc-health-care-advice", "positive"),
        ("Co-production with families is not yet embedded.", "coproduction", "negative"),
        ("Waiting times for autism assessment remain too long.", "waiting-times", "negative"),
        ("We will recruit a Designated Clinical Officer.", "dmo-dco", "planned"),
        ("A new local offer website is being developed.", "local-offer", "planned"),
        ("We aim to publish a refreshed local offer by 2027.", "local-offer", "planned"),
        ("At the initial inspection there was no DCO in post.", "dmo-dco", "historical"),
        ("Previously, the local offer was out of date.", "local-offer", "historical"),
        ("In 2017 there was no designated medical officer.", "dmo-dco", "historical"),
        ("Although the ADHD pathway has improved, waiting times remain too long.",
         "waiting-times", "negative"),
        ("Leaders have improved the local offer, but waiting times remain too long.",
         "local-offer", "positive"),
        ("Children and young people wait too long for CAMHS.", "waiting-times", "negative"),
        ("Our Designated Clinical Officer has been in post since 2022.", "dmo-dco", "positive"),
        ("Leaders have not addressed wait times in CAMHS.", "waiting-times", "negative"),
        ("Our alternative provision strategy addresses gaps in provision.",
         "alternative-provision", "positive"),
        ("Leaders commission suitable alternative provision for pupils who cannot attend school.",
         "alternative-provision", "positive"),
        ("Families receive support while waiting for an autism assessment.",
         "waiting-times", "positive"),
        # "who ..." describes the children; a second verb group is the main clause again
        ("Children who are permanently excluded or do not have a school place are offered "
         "tuition quickly.", "exclusions-attendance", "positive"),
        ("Children who have SEN and/or disabilities do not make sufficient progress between "
         "key stage 2 and key stage 4.", "outcomes", "negative"),
        # a phrase marked exact ("=issues with") is not its lemma's other forms ("issued with")
        ("EHC plans are issued with clear health advice.", "ehc-health-care-advice", "positive"),
        ("There are issues with the health advice in EHC plans.", "ehc-health-care-advice",
         "negative"),
        # an "if" phrase states a condition, not how things are
        ("Families are told how to reach the CAMHS team if their child's needs escalate while "
         "they wait.", "waiting-times", "neutral"),
        # "or not" is an alternative, not a denial
        ("Decisions to assess, or not, are made more quickly.", "ehc-timeliness",
         "positive"),
        ("Joint commissioning is less developed.", "joint-commissioning", "negative"),
        ("Our joint commissioning strategy is still in draft.", "joint-commissioning", "negative"),
        # "only" directly before a figure presents it as too low; "the only" is no figure
        ("Preparing for adulthood is discussed in only 54% of annual reviews from Year 9.",
         "preparation-adulthood", "negative"),
        ("In 2025-26 just 12 of our 78 schools completed whole-school autism training.",
         "workforce-training", "negative"),
        ("Our Designated Clinical Officer, the only one in the region, is valued by families.",
         "dmo-dco", "positive"),
        ("Pupils with EHC plans did less well than in England at key stage 4.", "outcomes",
         "negative"),
        ("We know too little about how care leavers with SEND are doing after 18.",
         "vulnerable-groups", "negative"),
        # "not ... match demand" is a gap, not a denied problem ("no delays")
        ("Specialist places do not yet match demand, although mainstream inclusion is "
         "improving.", "inclusion-sufficiency", "negative"),
        ("For individual children, co-production is less consistent.", "coproduction",
         "negative"),
        # done and in place is practice; in the past form only, since a request to publish is not
        # a publication
        ("Our SEND strategy for 2024 to 2027 is signed by the council, the ICB and every school "
         "trust.", "governance-leadership", "positive"),
        ("Ofsted and CQC ask that the local area partnership updates and publishes its strategic "
         "plan.", "governance-leadership", "neutral"),
        ("Additional funding has been agreed but challenges remain in recruiting suitably "
         "qualified staff to train school staff.", "workforce-training", "negative"),
        ("No child looked after was permanently excluded in 2025-26.", "vulnerable-groups",
         "positive"),
        # children out of school: a rise is a gap, a fall a strength
        ("Elective home education rose 22% to 640 children.", "vulnerable-groups", "negative"),
        ("The number of children missing education fell from 310 to 212.", "vulnerable-groups",
         "positive"),
        # a year dating an event ("at our 2018 inspection") dates the clause
        ("At our 2018 inspection, only 22% of new plans were issued within 20 weeks.",
         "ehc-timeliness", "historical"),
        ("Since 2024 every child entering the youth justice service is screened for "
         "communication needs.", "vulnerable-groups", "positive"),
        # "until 2024" ends a period: the past, however recent
        ("Until 2024 the council chaired the SEND Partnership Board alone.",
         "governance-leadership", "historical"),
        # "annual review" is a thing; clearing its backlog by a date is a plan
        ("Clear the annual review backlog by September 2027.", "ehc-quality-reviews", "planned"),
        ("Our special schools are full, and 112 children attend independent special schools.",
         "inclusion-sufficiency", "negative"),
        ("A community paediatrician has held the Designated Medical Officer role since 2022.",
         "dmo-dco", "positive"),
        # a year ahead introduced by "for" is a plan; planning as a practice is not
        ("A translated version of the local offer is planned for 2027.", "local-offer",
         "planned"),
        ("However, schools tell us the SEND Partnership Board still feels distant from their "
         "work.", "governance-leadership", "negative"),
        # a past inspection's findings are the past
        ("Our 2020 inspection found weak leadership and no Designated Clinical Officer.",
         "dmo-dco", "historical"),
        ("Strategic co-production is now normal practice rather than an afterthought.",
         "coproduction", "positive"),
        ("The Designated Medical Officer post is funded only until March 2027, which is a real "
         "risk.", "dmo-dco", "negative"),
        ("Apart from speech and language therapy, services for children with SEND are still "
         "commissioned separately by the council and the ICB.", "joint-commissioning",
         "negative"),
        ("Demand for specialist places still exceeds supply.", "inclusion-sufficiency",
         "negative"),
        # a later month of this year is ahead of a draft dated 24 November 2026
        ("SENDIASS has been funded for an extra adviser, who starts in December 2026.",
         "communication-families", "planned"),
        ("CAMHS waits are shorter than a year ago.", "waiting-times", "positive"),
        # a child's needs are not the area's failings
        ("Area SENCOs have trained 160 nursery practitioners to spot the early signs of "
         "communication difficulties.", "identification", "positive"),
        ("Care leavers with EHC plans told us that support stopped suddenly when they left "
         "education at 19.", "vulnerable-groups", "negative"),
        # a routine that is kept is practice, of the weaker kind
        ("Every month a multi-agency panel audits 20 new plans against our quality standard.",
         "ehc-quality-reviews", "positive"),
        # "support-while-waiting" is a service, not a contrast
        ("Although we cannot yet offer a quick diagnosis, every waiting family is now offered a "
         "support-while-waiting programme.", "waiting-times", "positive"),
        # "going to" is planned, but not its lemma's other forms ("go to college")
        ("Most young people with EHC plans go to college or into supported internships after "
         "year 11.", "preparation-adulthood", "positive"),
        ("We are going to recruit a Designated Clinical Officer.", "dmo-dco", "planned"),
        ("While waits have improved, there is some way to go to meet the 18-week target for "
         "autism assessment.", "waiting-times", "negative"),
    ],
)
def test_hard_cases_of_stance(text, rule_id, stance):
    assert stance_of(text, rule_id) == stance


def test_a_sentence_opening_with_however_outweighs_the_one_it_answers():
    report = check_document(
        example_document("The local offer is good. However, families say it is hard to find."),
        OPTIONS,
    )
    local_offer = next(f for f in report.findings if f.rule_id == "local-offer")
    assert local_offer.position == "gap"
    assert [e.stance for e in local_offer.evidence] == ["negative", "positive"]


def test_a_sentence_that_goes_on_with_the_one_before_takes_its_stance():
    report = check_document(
        example_document("Some children wait too long for therapies. This includes speech and "
                         "language therapy and physiotherapy."),
        OPTIONS,
    )
    waits = next(f for f in report.findings if f.rule_id == "waiting-times")
    assert {e.stance for e in waits.evidence} == {"negative"}


def test_a_quoted_original_weakness_is_history():
    text = (
        "The initial inspection found that:\n\n"
        "'there was the lack of a designated medical officer (DMO) and designated clinical "
        "officer (DCO)'.\n\n"
        "The area took quick action and a DCO has been in post since 2020.\n"
    )
    document = load_document("-", stdin=io.BytesIO(text.encode("utf-8")))
    report = check_document(document, OPTIONS)
    dmo = next(f for f in report.findings if f.rule_id == "dmo-dco")
    assert dmo.position == "strength"
    assert any(e.stance == "historical" for e in dmo.evidence)



@pytest.mark.parametrize(
    ("text", "rule_id", "stance"),
    [
        # a denied absence affirms; coordinated denials stay two denials
        ("No child in our special schools is without a school nurse.", "health-needs",
         "positive"),
        ("There is no DCO and no DMO in post.", "dmo-dco", "negative"),
        ("Leaders have neither jointly nor accurately identified the needs of children.",
         "identification", "negative"),
        # "without an EHC plan" says who is meant, not what is missing
        ("Our Ordinarily Available Provision guide sets out what every school provides for "
         "pupils without an EHC plan.", "inclusion-sufficiency", "positive"),
        # a comparison's direction is good or bad by what is compared
        ("Suspensions of pupils with EHC plans are below the England rate.",
         "exclusions-attendance", "positive"),
        ("Attainment of pupils with EHC plans at key stage 4 is below the England average.",
         "outcomes", "negative"),
        # the past, dated by month and year or named as the last inspection
        ("In March 2019 there was no DCO in post.", "dmo-dco", "historical"),
        ("At our last full inspection, inspectors found weaknesses in the local offer.",
         "local-offer", "historical"),
        # a target, not praise
        ("61% of young people with a learning disability had an annual health check, below "
         "the national ambition of 75%.", "health-needs", "negative"),
        # demand is a pressure: its growth is not a strength
        ("Demand for specialist places continues to grow, and we are working on a sufficiency "
         "plan.", "inclusion-sufficiency", "negative"),
        # effort, not difficulty
        ("We will continue to work hard to improve the timeliness of new EHC plans.",
         "ehc-timeliness", "planned"),
        ("58% of the 2024-25 cohort of interns were in paid work a year later.",
         "preparation-adulthood", "neutral"),
        # what children need, not what the area must do
        ("In some schools, pupils with SEND are assessed in a timely way and get the help they "
         "need to do well.", "waiting-times", "positive"),
        # fewer young people NEET than nationally is good
        ("The proportion of young people with SEND who are NEET is below the national average.",
         "preparation-adulthood", "positive"),
        ("The number of young people with SEND who are NEET has risen.",
         "preparation-adulthood", "negative"),
        # looking at ways to do something is an intention, not yet a strength
        ("We are looking at ways to reduce the backlog of annual reviews.",
         "ehc-quality-reviews", "planned"),
        # a "no" that opens the sentence denies the verb, across its subject
        ("No pupil with an EHC plan has been permanently excluded since September 2023.",
         "exclusions-attendance", "positive"),
        ("No DMO is in post and waits for health advice are long.", "dmo-dco", "negative"),
        # a young person's next steps are not the area's plans
        ("Young people are well prepared for their next steps into employment.",
         "preparation-adulthood", "positive"),
        # a risk flagged so that it can be managed is no delay; the weekly tracking is practice
        ("A weekly tracker flags every assessment at risk of delay by week 10 of the 20 weeks.",
         "ehc-timeliness", "positive"),
        # escalating a case is a referral
        ("Early help workers use links with mental health services to escalate concerns "
         "appropriately.", "health-needs", "positive"),
        # what someone knows still needs doing is knowledge, not an admission; a cleft says it
        ("The partnership knows itself well and is accurate in its understanding of what it "
         "still needs to do.", "governance-leadership", "positive"),
        ("What needs to improve is the timeliness of new EHC plans.", "ehc-timeliness",
         "negative"),
        # praise listed after a denial is denied with it, commas and all
        ("Families report a lack of clear, timely and accurate information about the local "
         "offer.", "local-offer", "negative"),
    ],
)
def test_negation_and_comparison_in_context(text, rule_id, stance):
    assert stance_of(text, rule_id) == stance


def stances_under_heading(tmp_path, heading: str, text: str, rule_id: str) -> list[str]:
    """The stances of a criterion's evidence in a Markdown draft of one heading and one
    paragraph: the heading's context and stance take part, as in a real draft."""
    draft = tmp_path / "draft.md"
    draft.write_text(f"# {heading}\n\n{text}\n", encoding="utf-8")
    report = check_document(load_document(str(draft)), OPTIONS)
    return [e.stance for e in next(f for f in report.findings if f.rule_id == rule_id).evidence]


def test_a_heading_that_names_an_activity_lends_no_stance(tmp_path):
    assert stances_under_heading(
        tmp_path, "6. Meeting needs in schools",
        "In October 2026, 38 children with EHC plans were waiting for a specialist place.",
        "inclusion-sufficiency",
    ) == ["neutral"]


def test_a_young_persons_surprise_at_what_they_can_do_is_no_gap(tmp_path):
    stances = stances_under_heading(
        tmp_path, "Preparing for adulthood",
        "\"I go to college now and I've got a Saturday job. I didn't think I could do that.\" "
        "Young person, Youth SEND Panel, 2026",
        "preparation-adulthood",
    )
    assert stances
    assert "negative" not in stances


def test_a_gap_is_shown_with_its_admission_first():
    text = ("Since 2024, 2,640 school staff have completed training on ordinarily available "
            "provision, and 71 schools have had whole-school autism training in 2025-26. "
            "Too many pupils with SEND are not supported well in mainstream schools.")
    report = check_document(example_document(text), OPTIONS)
    finding = next(f for f in report.findings if f.rule_id == "inclusion-sufficiency")
    assert finding.position == "gap"
    assert finding.evidence[0].stance == "negative"


def test_a_sentence_naming_one_of_its_headings_criteria_serves_that_one_only(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Outcomes and preparing for adulthood\n\n"
        "In 2025, pupils with EHC plans achieved an average Attainment 8 score of 14.6, in line "
        "with England (14.1). Transition to adult health services remains inconsistent.\n",
        encoding="utf-8")
    report = check_document(load_document(str(draft)), OPTIONS)
    texts = {f.rule_id: [e.text for e in f.evidence] for f in report.findings}
    assert any("Attainment 8" in t for t in texts["outcomes"])
    assert not any("Attainment 8" in t for t in texts["preparation-adulthood"])
    assert any("Transition" in t for t in texts["preparation-adulthood"])


def rag_table_evidence(tmp_path, rating: str) -> dict[str, str]:
    """ehc-quality-reviews' evidence (text: stance) from a one-row RAG table."""
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Summary\n\n| Area of focus | Rating | Summary |\n|---|---|---|\n"
        f"| Quality of plans and annual reviews | {rating} | "
        "49% of annual reviews completed on time in 2025-26 |\n", encoding="utf-8")
    report = check_document(load_document(str(draft)), OPTIONS)
    finding = next(f for f in report.findings if f.rule_id == "ehc-quality-reviews")
    return {e.text: e.stance for e in finding.evidence}


def test_a_row_rated_red_is_a_gap_however_its_summary_sounds(tmp_path):
    red = rag_table_evidence(tmp_path, "Red")
    assert red["49% of annual reviews completed on time in 2025-26"] == "negative"
    assert red["Quality of plans and annual reviews: Red"] == "negative"
    green = rag_table_evidence(tmp_path, "Green")
    assert green["49% of annual reviews completed on time in 2025-26"] == "positive"


def test_a_rows_label_is_its_heading_not_evidence(tmp_path):
    assert "Quality of plans and annual reviews" not in rag_table_evidence(tmp_path, "Amber")


def governance_texts(tmp_path, markdown: str) -> list[str]:
    draft = tmp_path / "draft.md"
    draft.write_text(markdown, encoding="utf-8")
    report = check_document(load_document(str(draft)), OPTIONS)
    return [e.text for f in report.findings if f.rule_id == "governance-leadership"
            for e in f.evidence]


def test_the_drafts_title_is_no_sections_context(tmp_path):
    paragraph = "Families say that services work well together and listen to them.\n\n"
    titled = ("# Eastmoor SEND strategy and governance review\n\n## About Eastmoor\n\n"
              + paragraph + "## Next section\n\nMore text.\n")
    assert not any("services work well" in t for t in governance_texts(tmp_path, titled))
    # the first of several top-level headings is a section, not a title
    sections = ("# Eastmoor SEND strategy and governance review\n\n" + paragraph
                + "# Next section\n\nMore text.\n")
    assert any("services work well" in t for t in governance_texts(tmp_path, sections))


def test_list_items_that_go_on_with_a_planned_lead_in_are_planned(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Next steps\n\nOur priorities for the coming year are to:\n\n"
        "- improve the timeliness of EHC plans;\n- recruit to key posts.\n\n"
        "We did/will do:\n\n- The 20-week rate is now 72%, above England (46%).\n\n"
        "Timeliness of EHC plans has improved to 72%, above England (46%).\n",
        encoding="utf-8")
    report = check_document(load_document(str(draft)), OPTIONS)
    finding = next(f for f in report.findings if f.rule_id == "ehc-timeliness")
    stances = {e.text: e.stance for e in finding.evidence}
    assert stances["improve the timeliness of EHC plans;"] == "planned"
    # a capitalised item has a sentence of its own; the list's lead-in ends with the list
    assert stances["The 20-week rate is now 72%, above England (46%)."] == "positive"
    assert stances["Timeliness of EHC plans has improved to 72%, above England (46%)."] == "positive"


def test_bare_actions_under_a_heading_of_actions_are_plans(tmp_path):
    actions = stances_under_heading(tmp_path, "Priorities for the next year",
                                    "- Cut waits for autism assessment to under 52 weeks.",
                                    "waiting-times")
    assert actions == ["planned"]
    # a heading with verbs of its own may list what is done
    done = stances_under_heading(tmp_path, "We did/will do:",
                                 "- Our DCO regularly attends EHC panels and checks health advice.",
                                 "dmo-dco")
    assert done == ["positive"]


def test_a_past_figure_given_as_a_baseline_is_no_history():
    stance = stance_of("By age 19, 61% of young people with SEND had a level 2 qualification in "
                       "English and maths, compared with 54% in 2019.", "outcomes")
    assert stance != "historical"


def test_a_figure_in_a_table_is_compared_with_the_england_column(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Data\n\n| Indicator | Eastmoor | England |\n|---|---|---|\n"
        "| New EHC plans issued within 20 weeks (2025) | 38% | 46% |\n", encoding="utf-8")
    report = check_document(load_document(str(draft)), OPTIONS)
    finding = next(f for f in report.findings if f.rule_id == "ehc-timeliness")
    assert finding.position == "gap"
    assert [e.text for e in finding.evidence] == [
        "New EHC plans issued within 20 weeks (2025), Eastmoor: 38%; England: 46%"]
    assert any(a.kind == "below-benchmark" and "38%" in a.message for a in report.alerts)


def test_a_first_cell_of_sentences_is_evidence_not_a_label(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Health\n\n| What is working well | What we need to improve |\n|---|---|\n"
        "| Our Designated Clinical Officer has been in post since 2019. Families value the "
        "role. | Waits for autism assessment remain too long. |\n", encoding="utf-8")
    report = check_document(load_document(str(draft)), OPTIONS)
    dco = next(f for f in report.findings if f.rule_id == "dmo-dco")
    assert [e.stance for e in dco.evidence] == ["positive"]
