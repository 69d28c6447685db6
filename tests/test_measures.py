"""Evidence that counts: figures against national benchmarks, stale dates, unsupported claims,
and personal data a published SEF must not carry. Run as of 2026-11-24."""

from __future__ import annotations

from datetime import date

import pytest

from sendcheck.alerts import nhs_number_is_valid
from sendcheck.api import Options, check_document
from sendcheck.load import load_document
from sendcheck.ruletest import example_document

from conftest import EXAMPLES

OPTIONS = Options(as_of=date(2026, 11, 24))


def check(text: str):
    return check_document(example_document(text), OPTIONS)


def finding(report, rule_id):
    return next(f for f in report.findings if f.rule_id == rule_id)


def kinds(report) -> list[str]:
    return [a.kind for a in report.alerts]


def test_a_wait_given_in_years_is_said_in_whole_weeks():
    report = check("Some children are waiting over two years for an autism assessment.")
    message = next(a.message for a in report.alerts if a.kind == "below-benchmark")
    assert message.startswith("about 104 weeks is worse than") and "104.36" not in message


def test_a_20_week_rate_below_england_is_a_gap_with_an_alert():
    report = check("In 2024, 43% of new plans were finalised within 20 weeks.")
    assert finding(report, "ehc-timeliness").position == "gap"
    alert = next(a for a in report.alerts if a.kind == "below-benchmark")
    assert alert.rule_id == "ehc-timeliness" and "46.4%" in alert.message


@pytest.mark.parametrize(("text", "rule_id"), [
    ("71% of new EHC plans were issued within 20 weeks in 2025, against 46% in England.",
     "ehc-timeliness"),
    ("There are no children waiting more than 18 weeks for speech and language therapy.",
     "waiting-times"),
    # the trend's start is the past, and a wait on the standard's line is not worse than it
    ("Speech and language therapy waits have fallen from 41 weeks in 2023 to 18 weeks.",
     "waiting-times"),
])
def test_a_figure_at_or_better_than_its_benchmark_is_a_strength(text, rule_id):
    report = check(text)
    assert finding(report, rule_id).position == "strength"
    assert "below-benchmark" not in kinds(report)


@pytest.mark.parametrize(("text", "worse"), [
    # a bound that cannot be judged gives way to the next figure
    ("Children under five are seen within 18 weeks, but school-age children wait a median of "
     "74 weeks for autism.", "74 weeks is worse"),
    # a contrast is judged by the figure in its main clause
    ("Speech and language therapy waits have fallen to 14 weeks, but occupational therapy waits "
     "are still 39 weeks.", "39 weeks is worse"),
])
def test_a_wait_worse_than_its_standard_is_a_gap_with_its_alert(text, worse):
    report = check(text)
    assert finding(report, "waiting-times").position == "gap"
    assert any(worse in a.message for a in report.alerts)


def test_the_drafts_own_comparator_is_used_when_it_gives_one():
    report = check("In 2024-25, persistent absence among pupils on SEN support was 27.4%, "
                   "against 24.3% in England.")
    assert finding(report, "exclusions-attendance").position == "gap"


def test_a_share_seen_within_a_timescale_is_not_a_wait_of_that_length():
    # the 18 weeks name the measure; the share is the result, and no wait is compared
    report = check("72% of children referred to CAMHS are seen within 18 weeks.")
    assert "comparison" not in finding(report, "waiting-times").evidence[0].signals
    assert finding(check("Only 58% of children referred to CAMHS are seen within 18 weeks."),
                   "waiting-times").position == "gap"


def test_a_target_year_is_not_compared():
    report = check("We expect the median wait for an autism assessment to fall below 26 weeks by 2027.")
    assert "below-benchmark" not in kinds(report)
    assert finding(report, "waiting-times").evidence[0].stance == "planned"


def test_a_local_offer_refreshed_in_2021_is_stale_and_not_a_strength():
    report = check("Our Local Offer pages were last refreshed in May 2021.")
    local_offer = finding(report, "local-offer")
    assert local_offer.position != "strength"
    assert "stale-evidence" in kinds(report)


def test_a_local_offer_updated_this_month_is_current():
    report = check("Our local offer was updated on 2 November 2026.")
    assert finding(report, "local-offer").position == "strength"
    assert "stale-evidence" not in kinds(report)


def test_stale_after_is_relative_to_as_of():
    text = "Our local offer was last reviewed in May 2026."
    assert "stale-evidence" not in kinds(check(text))
    later = check_document(example_document(text), Options(as_of=date(2027, 11, 24)))
    assert "stale-evidence" in kinds(later)


def test_a_claim_without_a_figure_is_flagged_but_not_one_with_a_figure():
    assert "claim-without-evidence" in kinds(check("Our EHC plans have improved significantly."))
    assert "claim-without-evidence" not in kinds(
        check("Our EHC plans have improved significantly: 82% were rated good in 2025, up from 60%.")
    )


def test_a_draft_with_no_weakness_is_flagged():
    assert "no-weaknesses" in kinds(check("A Designated Clinical Officer has been in post since 2023."))
    assert "no-weaknesses" not in kinds(check("The DCO post is vacant."))


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("9434765919", True), ("9434765918", False), ("1234567890", False), ("0000000000", False)],
)
def test_nhs_number_check_digit(digits, valid):
    assert nhs_number_is_valid(digits) is valid


CASE_STUDY = (
    "Case study: Jayden, aged 7, has autism and attends a resourced provision. "
    "His date of birth is 3 March 2019 and his NHS number is 943 476 5919. "
    "His mother can be reached at jo.smith@gmail.com or on 07700 900123."
)


def test_a_case_study_with_personal_data_raises_alerts_that_point_at_it():
    report = check(CASE_STUDY)
    found = [a for a in report.alerts if a.kind == "personal-data"]
    texts = " | ".join(a.text for a in found)
    for expected in ("Jayden, aged 7", "943 476 5919", "jo.smith@gmail.com", "07700 900123",
                     "date of birth"):
        assert expected in texts, expected
    assert all(a.location is not None for a in found)


@pytest.mark.parametrize("text", [
    "Only 2 pupils with EHC plans were permanently excluded.",
    "Only two pupils with EHC plans were permanently excluded.",  # no digit: a number word
    "Three young people moved to residential college.",
    "Child A, DOB 04/05/2016, was referred in May.",
    "Child B (D.O.B. 2015) moved to the area last year.",
    "She was born in Leicester and moved here aged four.",
])
def test_small_counts_and_dates_of_birth_are_flagged_written_any_way(text):
    # the shapes are only searched for where their words occur: each spelling must still count
    assert "personal-data" in kinds(check(text))


@pytest.mark.parametrize(
    "text",
    [
        "In 2025, 71% of new EHC plans were issued within 20 weeks, against 46% in England.",
        "We spent £2,350,000 on 412 short break places in 2025 and made 3,100 home visits.",
        "Call the SENDIASS helpline on 01632 960 123 or e-mail send.team@eastmoor.gov.uk.",
        "The budget rose from £1.2m to £1.5m between 2024 and 2026.",
        "Around 2,500 parent carers receive our newsletter each term.",
    ],
)
def test_ordinary_figures_and_service_contacts_are_not_personal_data(text):
    assert "personal-data" not in kinds(check(text))


def test_the_strong_example_raises_no_personal_data_alert():
    report = check_document(load_document(str(EXAMPLES / "strong.docx")), OPTIONS)
    assert "personal-data" not in kinds(report)
    assert "no-weaknesses" not in kinds(report)


def test_a_rate_with_no_year_is_judged_only_when_every_year_agrees():
    low = check("Our 20-week rate has improved significantly and is now 38% of new EHC plans.")
    assert finding(low, "ehc-timeliness").position == "gap"
    assert "no year given" in next(a.message for a in low.alerts if a.kind == "below-benchmark")
    middling = check("55% of new EHC plans are issued within 20 weeks.")
    assert "below-benchmark" not in kinds(middling)
    assert "year" in finding(middling, "ehc-timeliness").advice


def test_a_duration_that_is_not_a_wait_is_not_compared_with_a_waiting_standard():
    report = check("Over the last two years we have introduced drop-in clinics for speech and "
                   "language therapy.")
    assert "below-benchmark" not in kinds(report)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [("Ring her on +44 7700 900123.", True), ("Ring her on 07700 900123.", True),
     ("Ring 01632 960123 for the office.", False)],
)
def test_mobile_numbers_in_either_form_are_personal(text, flagged):
    assert ("personal-data" in kinds(check(text))) is flagged


def test_the_timeliness_of_new_plans_is_the_20_week_rate():
    """SEFs often call the 20-week rate "timeliness": it is compared with England's too."""
    report = check("Timeliness of new EHC plans has improved significantly and is now 38%.")
    assert finding(report, "ehc-timeliness").position == "gap"
    assert "below-benchmark" in kinds(report)
