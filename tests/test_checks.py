"""Each exact check on sentences written for the purpose, with hard negatives that must not fire."""

from __future__ import annotations

import pytest

from groundcheck.checks.base import DECISIVE
from groundcheck.checks.quantities import quantities


def findings(checker, source: str, derived: str, check: str | None = None):
    work = checker.run(source, derived)
    out = [f for fs in work.findings for f in fs]
    return [f for f in out if check is None or f.check == check]


def types(fs):
    return sorted({f.error_type for f in fs})


SRC_ROLES = (
    "US Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on Friday. "
    "Blinken also met China's minister of public security, Wang Xiaohong, to discuss fentanyl."
)


# --- roles -------------------------------------------------------------------------------------


def test_title_moved_to_the_wrong_person_is_a_role_contradiction(checker):
    fs = findings(checker, SRC_ROLES, "In Beijing, the US Secretary of State Wang Yi met Blinken.", "roles")
    role = [f for f in fs if f.label == "contradicted"]
    assert role and role[0].error_type == "role"
    assert role[0].source is not None and "Foreign Minister Wang Yi" in role[0].source.text
    assert "Antony Blinken" in role[0].reason


@pytest.mark.parametrize(
    "derived",
    [
        "Secretary Blinken met Wang Yi in Beijing.",  # a shorter form of the title
        "Mr. Blinken met Foreign Minister Wang Yi in Beijing.",  # Mr. vs the full name
        "United States Secretary of State Antony Blinken met Wang Yi.",  # country in another form
        "Blinken met Wang Xiaohong, China's minister of public security.",  # apposition after the name
    ],
)
def test_compatible_titles_are_not_flagged(checker, derived):
    assert [f for f in findings(checker, SRC_ROLES, derived, "roles") if f.label == "contradicted"] == []


def test_title_from_another_country_contradicts(checker):
    fs = findings(checker, SRC_ROLES, "Russian Foreign Minister Wang Yi met Blinken in Beijing.", "roles")
    assert any(f.error_type == "role" and f.label == "contradicted" for f in fs)


# --- entities ----------------------------------------------------------------------------------


def test_person_never_mentioned_is_fabricated(checker):
    fs = findings(checker, SRC_ROLES, "Blinken met Defence Minister Zhong Kejian in Beijing on Friday.", "entities")
    fab = [f for f in fs if f.error_type == "fabricated_entity"]
    assert fab and "Zhong Kejian" in fab[0].reason and fab[0].confidence >= 0.75


def test_surname_and_country_aliases_are_found(checker):
    fs = findings(checker, SRC_ROLES, "Blinken met Wang Yi of the People's Republic of China in the Chinese capital.", "entities")
    assert [f for f in fs if f.confidence >= 0.75] == []


def test_swapped_person_is_an_entity_error(checker):
    src = "Police arrested John Smith on Monday after a search of his home in Leeds."
    fs = findings(checker, src + " Mary Jones, a neighbour, said she was shocked.", "Police arrested Mary Jones on Monday after a search of his home in Leeds.", "entities")
    assert any(f.error_type == "entity" and f.label == "contradicted" and "John Smith" in f.reason for f in fs)


SRC_BEARER = (
    "Northern Ireland striker Conor Washington scored twice in Belfast on Saturday. "
    "Washington, 23, joined from Peterborough in January. He grew up near Lake Washington as a boy."
)


def test_a_surname_the_source_gives_to_someone_else_is_an_entity_error(checker):
    fs = findings(checker, SRC_BEARER, "Northern Ireland striker Ryan Washington scored twice in Belfast.", "entities")
    hit = [f for f in fs if f.error_type == "entity"]
    assert hit and hit[0].label == "contradicted" and "Conor Washington" in hit[0].reason and "Ryan Washington" in hit[0].reason
    assert hit[0].source is not None and hit[0].source.text == "Conor Washington"


@pytest.mark.parametrize(
    "derived",
    [
        "Northern Ireland striker Washington scored twice in Belfast.",  # the surname alone
        "Northern Ireland striker C. Washington scored twice in Belfast.",  # an initial
        "Northern Ireland striker Con Washington scored twice in Belfast.",  # a short form of the given name
    ],
)
def test_the_same_bearer_is_not_flagged(checker, derived):
    fs = findings(checker, SRC_BEARER, derived, "entities")
    assert [f for f in fs if f.confidence >= 0.75] == []


def test_escaped_quotes_make_no_names(checker):
    src = "Germany's foreign intelligence agency, the BND, is investigating claims that it spied on its own citizens."
    # text copied out of JSON or CSV with its quotes escaped: "Germany\\" and "It\\" are not names the source lacks
    fs = findings(checker, src, "Germany\\'s intelligence agency is investigating. It\\'s spying on citizens, it says.", "entities")
    assert [f for f in fs if f.error_type == "fabricated_entity"] == []


# --- numbers -----------------------------------------------------------------------------------

SRC_NUM = "The meeting lasted five hours and ten minutes. Exports rose 76% to $1.13bn in 2023, and more than 300 workers were hired."


@pytest.mark.parametrize(
    "derived",
    [
        "The meeting lasted about 5 hours.",  # rounding the source allows
        "Exports rose 76 percent to $1.13 billion in 2023.",  # other spellings of the same values
        "Over 300 workers were hired.",
        "320 workers were hired.",  # within "more than 300"
    ],
)
def test_paraphrased_numbers_are_not_flagged(checker, derived):
    assert findings(checker, SRC_NUM, derived, "numbers") == []


@pytest.mark.parametrize(
    ("derived", "wrong"),
    [
        ("Exports rose 67% to $1.13bn in 2023.", "67%"),
        ("Exports rose 76% to $2.13bn in 2023.", "$2.13bn"),
        ("The meeting lasted eight hours and ten minutes.", "eight hours"),
        ("Fewer than 100 workers were hired.", "100 workers"),
    ],
)
def test_changed_numbers_contradict(checker, derived, wrong):
    fs = findings(checker, SRC_NUM, derived, "numbers")
    assert fs and fs[0].error_type == "number" and fs[0].label == "contradicted"
    assert wrong.split()[0] in derived[fs[0].claim_start : fs[0].claim_end]


# --- dates -------------------------------------------------------------------------------------


def test_changed_weekday_and_month_contradict(checker):
    src = "The ministers met in Paris on Tuesday. The treaty takes effect on March 3."
    assert types(findings(checker, src, "The ministers met in Paris on Thursday.", "dates")) == ["date"]
    assert types(findings(checker, src, "The treaty takes effect on April 3.", "dates")) == ["date"]
    assert findings(checker, src, "The ministers met in Paris on Tuesday.", "dates") == []


def test_yesterday_resolves_against_the_dateline(checker):
    src = "Published: Friday, March 8, 2024\nThe ministers met in Paris yesterday to sign the treaty."
    assert findings(checker, src, "The ministers met in Paris on Thursday to sign the treaty.", "dates") == []
    assert types(findings(checker, src, "The ministers met in Paris on Monday to sign the treaty.", "dates")) == ["date"]


# --- polarity ----------------------------------------------------------------------------------


def test_little_progress_reversed_is_an_outcome_error(checker):
    src = "On the last day of his visit, the diplomat achieved little progress on contentious trade issues."
    fs = findings(checker, src, "Progress on contentious trade issues was achieved and will be continued.", "polarity")
    assert any(f.error_type == "outcome" and f.label == "contradicted" and "little progress" in f.source.text for f in fs)


def test_negation_flip_contradicts(checker):
    src = "The company did not sign the agreement with the union on Monday."
    fs = findings(checker, src, "The company signed the agreement with the union on Monday.", "polarity")
    assert any(f.error_type == "negation" for f in fs)


def test_antonym_outcome(checker):
    src = "The jury acquitted the former mayor of all corruption charges."
    fs = findings(checker, src, "The jury convicted the former mayor of all corruption charges.", "polarity")
    assert any(f.error_type == "outcome" for f in fs)


@pytest.mark.parametrize(
    ("src", "derived"),
    [
        # an implicit negation on both sides agrees
        ("China has kept away from providing weapons to Russia for its war.", "China neither relinquishes nor provides any arms to Russia for its war."),
        ("The minister refused to sign the deal.", "The minister did not sign the deal."),
        ("Exports did not fall last year.", "Exports did not fall last year, officials said."),
    ],
)
def test_agreeing_polarity_is_not_flagged(checker, src, derived):
    assert findings(checker, src, derived, "polarity") == []


# --- quotes ------------------------------------------------------------------------------------

SRC_Q = (
    "Xi told Reuters, \u201cThis is a fundamental issue that must be addressed in order for the relationship to improve.\u201d "
    "Blinken said the talks were candid."
)


def test_exact_quote_with_ellipsis_and_case_passes(checker):
    d = "Xi said: \u201cthis is a fundamental issue ... for the relationship to improve.\u201d"
    assert findings(checker, SRC_Q, d, "quotes") == []


def test_altered_quote_is_flagged_with_source_wording(checker):
    d = "Xi told Reuters, \u201cThis is a minor issue that must be addressed in order for the relationship to improve.\u201d"
    fs = findings(checker, SRC_Q, d, "quotes")
    assert fs and fs[0].error_type == "quote_altered" and fs[0].label == "contradicted"
    assert "fundamental" in fs[0].source.text


SRC_SPELLING = (
    "The researcher said: \u201cAgeing is a disease that can and should be cured, and the programme "
    "will organise trials in every centre we run.\u201d"
)


def test_a_quote_respelled_in_american_english_is_the_speakers_words(checker):
    d = ("The researcher said: \u201cAging is a disease that can and should be cured, and the program "
         "will organize trials in every center we run.\u201d")
    assert findings(checker, SRC_SPELLING, d, "quotes") == []


def test_a_respelled_quote_with_a_changed_word_is_still_altered(checker):
    d = ("The researcher said: \u201cAging is a disease that can and should be prevented, and the program "
         "will organize trials in every center we run.\u201d")
    fs = findings(checker, SRC_SPELLING, d, "quotes")
    assert [f.error_type for f in fs] == ["quote_altered"]


def test_quote_in_another_speakers_mouth(checker):
    d = "Blinken told Reuters, \u201cThis is a fundamental issue that must be addressed in order for the relationship to improve.\u201d"
    fs = findings(checker, SRC_Q, d, "quotes")
    assert fs and fs[0].error_type == "quote_speaker" and fs[0].label == "contradicted"


def test_words_of_one_given_to_both(checker):
    d = "Both of them observed that the fundamental issue must be addressed for the relationship to improve."
    fs = findings(checker, SRC_Q, d, "quotes")
    assert fs and fs[0].error_type == "quote_speaker" and fs[0].label == "unsupported"


def test_scare_quotes_are_not_quotations(checker):
    src = "Wang told Blinken that the US must not step on \u201cred lines\u201d of sovereignty."
    assert findings(checker, src, "Wang warned the US about its \u201cred lines\u201d on sovereignty.", "quotes") == []


def test_negation_elsewhere_in_the_evidence_sentence_is_not_a_reversal(checker):
    source = "The visitors were not at their best, but Johansen was glad the break had not upset their rhythm."
    assert "negation" not in types(findings(checker, source, "Johansen was glad the break had not upset their rhythm."))
    assert "negation" not in types(findings(checker, source, "The visitors were not at their best."))


def test_name_swapped_under_a_shared_title_is_a_role_error(checker):
    source = (
        "Stoke boss Mark Hughes said the team played well on Saturday. "
        "Peter Crouch scored twice in the second half."
    )
    fs = findings(checker, source, "Stoke boss Peter Crouch said the team played well on Saturday.")
    roles = [f for f in fs if f.error_type == "role"]
    assert roles and roles[0].label == "contradicted"
    assert "Mark Hughes" in roles[0].reason


def test_changed_relative_period_contradicts(checker):
    src = "Despite a successful season this year, the manager is not happy with the Fair Play table."
    fs = findings(checker, src, "Despite a successful season last year, the manager is not happy with the Fair Play table.", "dates")
    assert [f.error_type for f in fs] == ["date"] and "this year" in fs[0].source.text


def test_relative_period_elsewhere_is_not_a_contradiction(checker):
    src = "Sales rose last year. The firm opened two new shops in Leeds this spring and hired staff."
    assert findings(checker, src, "The firm opened two new shops in Leeds this spring.", "dates") == []
    assert findings(checker, src, "Sales rose last year.", "dates") == []


def test_tokenized_apostrophes_are_not_quotes(checker):
    src = "The golfer's girlfriend posted a photo of her and her sister on the beach last week."
    der = "the golfer 's girlfriend posted a photo of her and her sister on the beach . it 's sunny"
    assert "quote_altered" not in types(findings(checker, src, der))


def test_two_periods_in_one_claim_are_not_compared(checker):
    src = "Bueno played for Derby on loan five years ago. He has scored ten goals for Porto this season."
    fs = findings(checker, src, "Bueno played for Derby five years ago and has ten goals this season.", "dates")
    assert fs == []


def test_name_replaced_in_a_near_copy_is_an_entity_error_even_when_ner_misses_it(checker):
    src = (
        "Since December, 16 states have seen bird flu in commercial poultry, according to the CDC. "
        "The risk to humans is low, said Dr. Alicia Fry, a medical officer."
    )
    fs = findings(checker, src, "Since December, 16 states have seen bird flu in commercial poultry, according to the Fry.")
    ents = [f for f in fs if f.error_type == "entity"]
    assert ents and ents[0].label == "contradicted" and ents[0].source.text == "CDC"


def test_an_alias_in_a_near_copy_is_not_an_entity_error(checker):
    src = "Is this Britain's biggest crab caught on camera? The fisherman said it weighed four kilos."
    fs = findings(checker, src, "Is this UK's biggest crab caught on camera?")
    assert "entity" not in types(fs)


# --- third round: one error, one type (sentences invented for the purpose) -------------------------


def test_a_name_the_source_never_uses_in_a_near_copy_is_fabricated(checker):
    src = (
        "The hearing in Dunmore heard how Alys, from Carrow, had been a gifted pupil at Fenwick Grammar School. "
        "Her teachers described her as kind."
    )
    fs = findings(checker, src, "The hearing in Dunmore heard how Alys, from Winnipeg, had been a gifted pupil at Fenwick Grammar School.")
    assert "fabricated_entity" in types(fs) and "entity" not in types(fs)
    fab = [f for f in fs if f.error_type == "fabricated_entity"][0]
    assert fab.source is not None and fab.source.text == "Carrow"


@pytest.mark.parametrize(
    ("source", "derived"),
    [
        ("The mother-of-two runs a bakery in Hexley with her husband.", "The mother-of-three runs a bakery in Hexley with her husband."),
        ("Okafor scored in Rovers' 2-2 draw with Albion that night.", "Okafor scored in Rovers' 2-4 draw with Albion that night."),
    ],
)
def test_compound_and_score_numbers_contradict(checker, source, derived):
    assert types(findings(checker, source, derived, "numbers")) == ["number"]


def test_a_range_still_holds_a_point_inside_it(checker):
    src = "Between 80 and 90 people attended the vigil on the square."
    assert findings(checker, src, "About 85 people attended the vigil on the square.", "numbers") == []


def test_a_surname_that_is_also_a_title_is_not_a_role_swap(checker):
    src = "But he has no objection to King becoming the club's new owner, the chairman said."
    assert "role" not in types(findings(checker, src, "He has no objection to King becoming the club's new owner."))


def test_a_quote_given_to_a_person_the_source_never_names_is_fabricated(checker):
    src = "\u201cWe strongly suspect the fire was started on purpose,\u201d Inspector Dale said on Sunday."
    fs = findings(checker, src, "\u201cWe strongly suspect the fire was started on purpose,\u201d Margaret Okafor said on Sunday.")
    assert "fabricated_entity" in types(fs) and "quote_speaker" not in types(fs)


def test_a_quote_the_source_has_nothing_like_is_extrinsic(checker):
    src = "Prices traded lower around $82.50 a barrel. Inventory data also supported prices."
    fs = findings(checker, src, "Officials warned there is \u201cno safety for any investor on the globe\u201d this year.", "quotes")
    assert [f.error_type for f in fs] == ["extrinsic"] and fs[0].label == "unsupported"


def test_a_quoted_title_with_a_possessive_is_not_a_quotation(checker):
    src = "Prices traded lower around $82.50 a barrel. Inventory data also supported prices."
    assert findings(checker, src, "That was the twist at the end of \"Night Harbor's\" second season.", "quotes") == []


def test_name_swapped_under_a_title_in_apposition_is_a_role_error(checker):
    src = (
        "Nora Vance, the Brightfield vice president, said the firm would keep advertising. "
        "Sales at Sunpop rose after Tom Baker joined the board."
    )
    fs = findings(checker, src, "Tom Baker, the Brightfield vice president, said the firm would keep advertising.")
    assert "role" in types(fs) and "entity" not in types(fs)


def test_a_name_in_the_other_sentence_of_a_merged_claim_is_not_a_swap(checker):
    src = (
        "Conservative Ann Hale is against the new runway. "
        "Liberal former mayor Joe Brand supports the plan. "
        "In the DEBATE, Joe Brand and Ann Hale argue about the runway plan."
    )
    fs = findings(checker, src, "Conservative Ann Hale is against the new runway and Liberal former mayor Joe Brand supports the plan.")
    assert "entity" not in types(fs)


def test_a_quotation_cut_in_two_claims_is_judged_in_the_claim_that_changed_it(checker):
    src = (
        "'At least one in five adults over 70 in the region has hearing loss and this device "
        "could open the way to cheaper care for patients.' Engineers have tried for years to shrink such devices."
    )
    der = (
        "'At most one in five adults over 70 in the region has hearing loss and this device "
        "could open the way to cheaper care for patients.'"
    )
    report = checker.check(src, der)
    altered = [v for v in report.claims if v.error_type == "quote_altered"]
    assert altered and "At most" in altered[0].claim.text
    assert all(v.label == "supported" for v in report.claims if "At most" not in v.claim.text)


@pytest.mark.parametrize(
    ("source", "derived"),
    [
        ("Mr Pratt has denied charges of bribery and fraud.", "Mr Pratt has confirmed charges of bribery and fraud."),
        ("A new tram line opened this week, bringing commuters closer to the stadium.", "A new tram line closed this week, bringing commuters closer to the stadium."),
        ("His form this spring is likely to decide his future at the club.", "His form this spring is unlikely to decide his future at the club."),
    ],
)
def test_a_reversed_word_in_a_near_copy_is_an_outcome_error(checker, source, derived):
    assert "outcome" in types(findings(checker, source, derived, "polarity"))


def test_a_denial_negated_is_a_negation_and_a_refusal_restated_is_not(checker):
    src = "The minister denied the report on Monday and refused to sign the accord."
    assert "negation" in types(findings(checker, src, "The minister did not deny the report on Monday.", "polarity"))
    assert findings(checker, src, "The minister did not sign the accord.", "polarity") == []


@pytest.mark.parametrize(
    ("src", "derived"),
    [
        ("He denies the allegations and insists he is innocent.", "He insists he is innocent."),
        ("The mayor denied the charge and said she acted in self-defense.", "The mayor said she acted in self-defense."),
        ("The company refused the offer and announced a new plan.", "The company announced a new plan."),
    ],
)
def test_a_verb_coordinated_with_a_denial_is_not_denied(checker, src, derived):
    assert findings(checker, src, derived, "polarity") == []


def test_a_verb_coordinated_with_a_denial_keeps_a_polarity_of_its_own(checker):
    src = "He denies the allegations and insists he is innocent."
    assert "negation" in types(findings(checker, src, "He does not insist he is innocent.", "polarity"))
    assert "negation" in types(findings(checker, src, "He does not deny the allegations.", "polarity"))
    # what governs both verbs still reaches the second one
    refusal = "The minister refused to sign the accord and leave the talks on Monday."
    assert "negation" in types(findings(checker, refusal, "The minister left the talks on Monday.", "polarity"))


def test_reported_speech_the_source_gives_the_same_speaker_is_not_misattributed(checker):
    src = (
        "Transport Minister Ruth Dale said no train would run more than 10 minutes late by June. "
        "\u201cNo train will run more than 10 minutes late on the coast line,\u201d said Owen Price."
    )
    der = "Transport Minister Ruth Dale stated no train would run more than 10 minutes late by June."
    assert "quote_speaker" not in types(findings(checker, src, der))


def test_a_name_swapped_under_a_hyphenated_title_is_a_role_error(checker):
    src = (
        "Critics cannot block President-elect Maria Ostrova's cabinet choices on their own. "
        "Peter Lund praised the choices."
    )
    fs = findings(checker, src, "Critics cannot block President-elect Peter Lund's cabinet choices on their own.")
    assert "role" in types(fs)


@pytest.mark.parametrize(
    ("source", "derived"),
    [
        # a season lies within a year
        ("The young winger shone for Rovers last season, but an injury has slowed him.",
         "The young winger shone for Rovers last year."),
        # a clause coordinated after a negated one keeps its own polarity
        ("Officials said the bridge did not suffer serious damage and the flooding had been contained by noon.",
         "The flooding had been contained by noon."),
        # a capitalised common word at the start of a near-copy is no name
        ("Maria Lopez's car was found in a car park in Dunmore at the end of May. Her family thanked the police.",
         "Her car was found in a car park in Dunmore at the end of May."),
    ],
)
def test_faithful_rewrites_like_those_flagged_on_the_dev_sets_are_not_flagged(checker, source, derived):
    decisive = [f for f in findings(checker, source, derived) if f.confidence >= 0.75]
    assert decisive == []


def test_a_passive_verb_after_a_name_is_no_title(checker):
    src = "\u201cIt was odd seeing her on screen.\u201d Jess was put in a high chair for the filming so she would look down."
    fs = findings(checker, src, "Anji Smith was put in a high chair for the filming so she would look down.")
    assert "role" not in types(fs)


def test_a_name_replaced_under_an_abbreviated_title_in_a_near_copy_is_a_role_error(checker):
    src = (
        "Sen. Harlan attacked the budget. Sen. Edwards criticized Marsh for using doubletalk in the debate. "
        "Marsh Clinton answered the next day."
    )
    fs = findings(checker, src, "Sen. Clinton criticized Marsh for using doubletalk in the debate.")
    assert "role" in types(fs) and "entity" not in types(fs)


def test_an_altered_quote_whose_source_quotation_marks_are_unbalanced_is_still_altered(checker):
    src = (
        'The coach said: "But I take each game as it comes. "As long as I keep up my training I think there is a '
        'chance of a medal." She has won the title three times.'
    )
    fs = findings(checker, src, '"As long as I keep up my training I think there is no chance of a medal."', "quotes")
    assert fs and fs[0].error_type == "quote_altered" and fs[0].label == "contradicted"


def test_the_speaker_of_a_quote_is_the_subject_of_the_nearest_speech_verb(checker):
    src = (
        "The debate saw Mr Lund warned he would not win without moving left, as Miss Hale told him he is "
        "\u2018not strong enough\u2019 to win on his own."
    )
    der = "Miss Hale told him he is \u2018not strong enough\u2019 to win on his own."
    assert "quote_speaker" not in types(findings(checker, src, der))


def test_reported_speech_copied_from_the_source_is_not_misattributed(checker):
    src = (
        "\u201cThe conditions in York will suit a strong runner like her,\u201d Reed said. "
        "And Reed and Yates agree she could turn the setback to her advantage, starting in York."
    )
    der = "Reed and Yates agree she could turn the setback to her advantage, starting in York."
    assert "quote_speaker" not in types(findings(checker, src, der))


def test_a_quotations_speaker_swapped_for_another_source_name_is_a_quote_speaker_error(checker):
    src = (
        "Okafor, 17 points behind Lund, seemed relaxed before the race. "
        "\u2018I would say the same again because I felt the need to state the facts,\u2019 said Okafor."
    )
    fs = findings(checker, src, "\u2018I would say the same again because I felt the need to state the facts,\u2019 said Lund.")
    speaker = [f for f in fs if f.error_type == "quote_speaker"]
    assert speaker and speaker[0].label == "contradicted" and "entity" not in types(fs)


def test_a_single_quoted_quotation_with_apostrophes_inside_is_one_quotation():
    from groundcheck.checks.quotes import _QUOTED

    text = "\u2018We had become the owners we didn\u2019t want to be,\u2019 said Neville. \u2018No,\u2019 he added."
    assert _QUOTED.search(text).group(0) == "\u2018We had become the owners we didn\u2019t want to be,\u2019"
    assert _QUOTED.search("'I wouldn't change a thing,' she said.").group(0) == "'I wouldn't change a thing,'"
    assert _QUOTED.search("Ali's and Bob's cars were towed.") is None  # apostrophes, no quotation


@pytest.mark.parametrize(
    "derived",
    [
        # a quotation in single curly quotes with an apostrophe inside
        "\u2018We had become the meddling owners, everything we didn\u2019t want to be,\u2019 said Scholes.",
        # a claim cut through the quotation: only its closing mark is left
        "It starts with trust,\u201d says Scholes, who calls for reform of the club.",
    ],
)
def test_a_speaker_swap_is_found_whatever_the_quotation_marks(checker, derived):
    src = (
        "Paul Scholes watched from the stands as the club lost again. "
        "\u2018We had become the meddling owners, everything we didn\u2019t want to be,\u2019 said Phil Neville. "
        "\u201cWe know we can do better. It starts with trust,\u201d says Phil Neville, who calls for reform of the club."
    )
    fs = findings(checker, src, derived)
    assert "quote_speaker" in types(fs) and "entity" not in types(fs)


def test_the_name_after_the_speech_verb_is_the_speaker(checker):
    src = (
        "Sarah Gluck walked her dog in the park on Sunday. "
        "\u201cThat\u2019s great!\u201d said fashion designer Allina Liu as her pet pooch hit the dog run."
    )
    der = "\u201cThat\u2019s great!\u201d said fashion designer Sarah Gluck as her pet pooch hit the dog run."
    assert "quote_speaker" in types(findings(checker, src, der))


def test_a_listener_swapped_after_a_speech_verb_is_not_a_quote_speaker_error(checker):
    src = (
        "Mark Evans covered the game for the local paper. "
        "\u201cWe will be back next season,\u201d the coach told Tom Hardy after the final whistle at the ground."
    )
    der = "\u201cWe will be back next season,\u201d the coach told Mark Evans after the final whistle at the ground."
    assert "quote_speaker" not in types(findings(checker, src, der))


@pytest.mark.parametrize(
    "source, derived, kind",
    [
        # the new year stands elsewhere in the sentence: comparing sets of years cannot see the change
        ("The agency does not expect to finalize the rules until late 2016 or early 2017, officials said.",
         "The agency does not expect to finalize the rules until late 2017 or early 2017, officials said.", "date"),
        ("Violence in Iraq returned to the dark days of 2006-2007, the peak of its civil war, the report said.",
         "Violence in Iraq returned to the dark days of 2007-2007, the peak of its civil war, the report said.", "date"),
        ("Ronald Koeman quit as Ajax boss last week after their exit from the Uefa Cup in Lisbon.",
         "Ronald Koeman quit as Ajax boss last month after their exit from the Uefa Cup in Lisbon.", "date"),
        ("He was put on gardening leave after three-and-a-half difficult seasons in charge of the club.",
         "He was put on gardening leave after four-and-a-half difficult seasons in charge of the club.", "number"),
        # the new number is one the source gives elsewhere
        ("Scores: 4 out of 10 is weak. 5 out of 10 is average. 6 out of 10 is good for a first try.",
         "Scores: 5 out of 10 is weak. 5 out of 10 is average. 6 out of 10 is good for a first try.", "number"),
    ],
)
def test_a_value_changed_in_a_copied_sentence_is_found(checker, source, derived, kind):
    assert kind in types(findings(checker, source, derived))


@pytest.mark.parametrize(
    "source, derived",
    [
        ("The club had a poor run last year, losing seven games in a row before the break.",
         "The club had a poor run last season, losing seven games in a row before the break."),
        ("Officials said five people were hurt in the blast at the plant on Tuesday morning.",
         "Officials said 5 people were hurt in the blast at the plant on Tuesday morning."),
    ],
)
def test_a_copied_sentence_with_the_same_value_in_another_form_is_not_flagged(checker, source, derived):
    assert not {"date", "number"} & set(types(findings(checker, source, derived)))


def test_a_quoted_term_is_no_quotation_whose_speaker_could_be_swapped(checker):
    src = (
        "Anna Jacobs lost her son at a fair in 2010 and Ruth Hale found him. "
        "But Miss Jacobs told the BBC it was when her son bounded up to her yelling 'mum' that she succumbed to 'total shock'."
    )
    der = "But Miss Hale told the BBC it was when her son bounded up to her yelling 'mum' that she succumbed to 'total shock'."
    fs = types(findings(checker, src, der))
    assert "quote_speaker" not in fs and "entity" in fs


@pytest.mark.parametrize(
    "source, derived",
    [
        # the organisation only describes the speaker, who stays the same
        ("\u201cA deep understanding of the market is critical to success,\u201d says KFC spokesperson William Rausch. "
         "KFC and Smashed Potatoes compete in China.",
         "\u201cA deep understanding of the market is critical to success,\u201d says Smashed Potatoes spokesperson William Rausch."),
        # one quoted word is a balanced quotation of no speaker
        ("Mr Blair told the BBC the money spent on the tsunami would not \"invade\" the money for Africa. The G8 met later.",
         "Mr G8 told the BBC the money spent on the tsunami would not \"invade\" the money for Africa."),
    ],
)
def test_a_swapped_name_that_does_not_speak_a_quotation_is_an_entity_error(checker, source, derived):
    fs = types(findings(checker, source, derived))
    assert "entity" in fs and "quote_speaker" not in fs


def test_a_speaker_swap_in_a_single_quoted_quotation_running_over_sentences_is_a_quote_speaker_error(checker):
    src = (
        "Diane Morris and Mike Holpin got engaged in May. "
        "Ms Morris said: 'I was overjoyed when he proposed but we haven't set a date yet. "
        "We want a small wedding.'"
    )
    der = "Mr Holpin said: 'I was overjoyed when he proposed but we haven't set a date yet."
    assert "quote_speaker" in types(findings(checker, src, der))


# --- false alarms on faithful text (round 13) ---------------------------------------------------


def test_a_typographic_contraction_negates(checker):
    src = "The council doesn\u2019t plan to close the library this year."
    assert "negation" in types(findings(checker, src, "The council plans to close the library this year.", "polarity"))
    # the same denial, tokenised with a plain apostrophe, is no reversal
    assert findings(checker, src, "The council does n't plan to close the library this year .", "polarity") == []


def test_a_negation_in_another_clause_does_not_deny_the_verb(checker):
    src = "Rice was first grown in China about 9,000 years ago."
    derived = "Rice was first grown in China about 9,000 years ago , so I 'm not sure where it spread next"
    assert "negation" not in types(findings(checker, src, derived, "polarity"))


def test_a_coordinated_verb_with_its_own_auxiliary_leaves_the_negation_behind(checker):
    src = "The drama has attracted the most young viewers of any cable series."
    derived = "The drama isn't popular with critics, and has attracted the most young viewers of any cable series."
    assert "negation" not in types(findings(checker, src, derived, "polarity"))
    # sharing the auxiliary, the second verb is denied with the first
    src2 = "The board approved the budget and published the report."
    assert "negation" in types(findings(checker, src2, "The board did not approve the budget or publish the report.", "polarity"))


@pytest.mark.parametrize(
    "src, derived",
    [
        # tokenised text: spaces around punctuation inside names
        ("The farmer, who lives in Alice Springs, Northern Territory, posted an advert on Gumtree on Monday.",
         "the farmer , who lives in alice springs , northern territory , posted an advert on gumtree on monday ."),
        ("Real Betis have made an offer for FC Porto's young forward Diego Lima, the club said.",
         "real betis have made an offer for fc porto 's young forward diego lima ."),
        ("Diego Lima will run at the IAAF/BTC World Relays in Nassau next month, his coach said.",
         "diego lima will run at the iaaf / btc world relays in nassau next month ."),
        # a short form of the name
        ("Vardy scored an injury-time winner against West Bromwich Albion on Saturday at the King Power.",
         "Vardy scored an injury-time winner against West Brom on Saturday at the King Power."),
        # the initials written closer together
        ("The novel was written by the British author J. K. Rowling in Edinburgh cafes.",
         "The novel was written by the British author J.K. Rowling in Edinburgh cafes."),
    ],
)
def test_another_spelling_of_the_same_name_is_no_entity_error(checker, src, derived):
    bad = {"entity", "fabricated_entity", "role"}
    assert not bad & set(types(findings(checker, src, derived, "entities")))


def test_a_description_for_a_name_is_no_swap_but_another_club_is(checker):
    src = ("Harry Kane scored twice against Arsenal on Sunday. The Tottenham striker is nominated for the "
           "player of the year award. Radamel Falcao joined on loan. The former Atletico Madrid striker has "
           "struggled since his knee injury.")
    assert "entity" not in types(findings(checker, src, "Kane is nominated for the player of the year award.", "entities"))
    assert "entity" not in types(findings(checker, src, "The Colombian striker has struggled since his knee injury.", "entities"))
    assert "entity" in types(findings(checker, src, "The Arsenal striker is nominated for the player of the year award.", "entities"))


SRC_PLACES = ("An Australian man pleaded guilty on Thursday to the manslaughter of an American who fell from a "
              "Sydney clifftop in 1988. Protesters gathered outside the court in Sydney.")


@pytest.mark.parametrize(
    "derived, new",
    [
        ("An Australian man pleaded guilty on Thursday to the manslaughter of a Canadian who fell from a Sydney "
         "clifftop in 1988.", "Canadian"),  # a nationality for another
        ("Protesters gathered outside the court in Melbourne.", "Melbourne"),  # a city for another
    ],
)
def test_an_unmentioned_place_in_another_places_stead_is_decisive(checker, derived, new):
    fs = [f for f in findings(checker, SRC_PLACES, derived, "entities") if f.error_type == "fabricated_entity"]
    assert fs and fs[0].confidence >= 0.75 and new in fs[0].reason and fs[0].source is not None


@pytest.mark.parametrize(
    "derived",
    [
        "Protesters gathered outside the court in Australia.",  # the country for its city: a wider place
        "Protesters from Canada gathered outside the court in Sydney.",  # added, in no other place's stead
    ],
)
def test_a_wider_or_added_place_is_no_swap(checker, derived):
    assert [f for f in findings(checker, SRC_PLACES, derived, "entities") if f.confidence >= 0.75] == []


def test_a_state_for_its_city_is_no_swap_but_another_city_is(checker):
    src = "The singer's tour bus caught fire on a freeway in Dallas on Thursday morning. Nobody was hurt."
    def decisive(derived):
        return [f for f in findings(checker, src, derived, "entities") if f.confidence >= 0.75]
    assert decisive("The singer's tour bus caught fire on a freeway in Texas on Thursday morning.") == []
    assert decisive("The singer's tour bus caught fire on a freeway in Houston on Thursday morning.")


def test_a_dotted_country_abbreviation_is_found_by_the_countrys_other_forms(checker):
    src = "Activists in London dumped paint in front of the Russian embassy on Thursday."
    assert findings(checker, src, "U.K. activists dumped paint in front of the Russian embassy on Thursday.", "entities") == []
    assert "fabricated_entity" in types(findings(checker, src, "Emirati activists dumped paint in front of the Russian embassy.", "entities"))


def test_a_country_outside_the_first_list_is_found_by_its_other_forms(checker):
    src = "The Libyan coast guard rescued 400 migrants off Tripoli on Tuesday."
    same = findings(checker, src, "The coast guard of Libya rescued 400 migrants on Tuesday.", "entities")
    assert "fabricated_entity" not in types(same)
    other = findings(checker, src, "The Italian coast guard rescued 400 migrants on Tuesday.", "entities")
    assert any(f.error_type == "fabricated_entity" and f.confidence >= 0.75 and "Libyan" in f.reason for f in other)


def test_the_countries_the_hand_table_leaves_out_are_known_by_their_forms(checker):
    # resources/countries-en.json: a demonym or a capital is its country; another country is a replacement
    nepal = "Nepalese climbers reached the summit of Everest on Monday after a week of storms."
    assert findings(checker, nepal, "Climbers from Nepal reached the summit of Everest on Monday.", "entities") == []
    kampala = "The government in Kampala said the troops would leave the border town by Friday."
    assert findings(checker, kampala, "Uganda said the troops would leave the border town by Friday.", "entities") == []
    tallinn = "The minister flew to Tallinn for talks on energy security with his Estonian counterpart."
    # the small tagger takes "Tallinn" for a person: a capital is still its country, no title moved to it
    assert findings(checker, tallinn, "The minister flew to Estonia for talks on energy security.", "entities") == []
    riga = findings(checker, "The minister flew to Tallinn for talks on energy security.",
                    "The minister flew to Riga for talks on energy security.", "entities")
    assert any(f.confidence >= DECISIVE and "Tallinn" in f.reason for f in riga)


def test_the_built_country_table_keeps_out_what_is_not_one_countrys():
    import json
    from importlib import resources

    from groundcheck.pipeline.aliases import COUNTRY_OF, HAND_COUNTRY_FORMS

    built = json.loads(resources.files("groundcheck.resources").joinpath("countries-en.json").read_text("utf-8"))
    forms = [f for fs in built["countries"].values() for f in fs]
    assert len(forms) == len(set(forms))  # no form two countries share
    assert not set(forms) & {f for fs in HAND_COUNTRY_FORMS.values() for f in fs}
    # common words, names, territories and forms of two countries stay out
    for word in ("jordan", "georgia", "chad", "guinea", "niger", "male", "victoria", "kingston", "congo", "hong kong",
                 "puerto rico", "greenland"):
        assert word not in COUNTRY_OF, word
    assert COUNTRY_OF["nepalese"] == COUNTRY_OF["kathmandu"] == COUNTRY_OF["nepal"]
    assert COUNTRY_OF["kyrgyz"] == COUNTRY_OF["kyrgyzstan"] and COUNTRY_OF["ivory coast"] == COUNTRY_OF["ivorian"]


def test_the_country_table_is_what_its_script_builds(tmp_path):
    pytest.importorskip("countryinfo")
    import importlib.util
    from importlib import resources
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "build_countries.py"
    spec = importlib.util.spec_from_file_location("build_countries", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(["--out", str(tmp_path / "countries.json")])
    shipped = resources.files("groundcheck.resources").joinpath("countries-en.json").read_text("utf-8")
    assert (tmp_path / "countries.json").read_text("utf-8") == shipped


def test_an_ampersand_in_a_quoted_title_is_the_same_words(checker):
    src = 'She opened the shop after reading "Charlie & the Great Glass Elevator" as a child.'
    derived = 'She opened the shop after reading "Charlie and the Great Glass Elevator" as a child.'
    assert "quote_altered" not in types(findings(checker, src, derived, "quotes"))
    altered = 'She opened the shop after reading "Charlie and the Great Steel Elevator" as a child.'
    assert "quote_altered" in types(findings(checker, src, altered, "quotes"))


def test_a_decade_is_not_compared_with_a_year(checker):
    src = "Elvis Presley (January 8, 1935 \u2013 August 16, 1977) was an American singer and actor."
    assert findings(checker, src, "Elvis Presley was an American singer and actor in the 1970s.", "dates") == []
    src2 = "The band was at its most popular in the 1960s, playing in clubs across Liverpool."
    assert "date" in types(findings(checker, src2, "The band was at its most popular in the 1980s, playing in clubs across Liverpool.", "dates"))


def test_a_period_with_a_thousands_comma_is_the_same_period(checker):
    src = "Maize was first domesticated 9,000 years ago in what is now Mexico."
    assert findings(checker, src, "Maize was first domesticated about 9000 years ago in Mexico.", "dates") == []
    assert "date" in types(findings(checker, src, "Maize was first domesticated about 7000 years ago in Mexico.", "dates"))


def test_a_number_followed_by_a_function_word_is_still_the_number(checker):
    # "8-0 but" and "747 is" once read "but" and "is" as units, so the same number looked like another one
    src = ("Williams prevailed 4-6 7-6 6-3 against the Italian to take her career record over her to 8-0 but the "
           "American was not impressed. The Boeing 747 is said to have cost £400million.")
    assert findings(checker, src, "Williams won to take her career record over the Italian to 8-0.", "numbers") == []
    assert "number" in types(findings(checker, src, "Williams won to take her career record over the Italian to 9-0.", "numbers"))
    [q] = [q for q in quantities("the record to 8-0 but") if q.value == 8]
    assert q.unit is None and q.text == "8-0"


def test_a_bare_number_the_source_gives_with_a_unit_is_stated(checker):
    src = ("A 23-year-old mother-of-two is at risk of being banned from seeing her children. The woman, named only "
           "as Gemma, has two children under five by two different fathers.")
    assert findings(checker, src, "Gemma, 23, has two children under five by two different fathers.", "numbers") == []
    # a score must be written the same elsewhere: "1-2" is not the "2 goals" of another sentence
    src2 = "Villa won 1-0 at Tottenham on April 11, the only goal of the game. The 2 goals before it came in March."
    assert "number" in types(findings(checker, src2, "Villa won 1-2 at Tottenham on April 11, the only goal of the game.", "numbers"))


def test_a_number_spaced_out_in_the_source_is_the_same_number(checker):
    # detokenised text writes "13, 000" and "98. 7"; read as two numbers they looked like other values
    src = ("More than 13, 000 twins aged nine to 16 took part in the study. The first dog was right in 98. 7 per "
           "cent of cases, the researchers said.")
    assert findings(checker, src, "More than 13,000 twins aged nine to 16 took part in the study.", "numbers") == []
    assert findings(checker, src, "The first dog was right in 98.7 per cent of cases, the researchers said.", "numbers") == []
    assert "number" in types(findings(checker, src, "More than 15,000 twins aged nine to 16 took part in the study.", "numbers"))


def test_a_clause_on_a_noun_is_outside_a_refusal(checker):
    src = "Ministers refused to give a blanket refund to the desperate families who had to pay extra to get their passports."
    derived = "Ministers refused blanket refund to families who had to pay extra to get passports."
    assert "negation" not in types(findings(checker, src, derived, "polarity"))


# (check, source, a faithful rewrite that must pass it, a changed one that must fire, the type it fires with):
# false alarms found on faithful summaries in round 15, each with a control that still fires
FAITHFUL_AND_CHANGED = {
    "a score after a name is not part of it": (
        "entities", "Curacao progressed to the second qualifying round after a 4-3 aggregate win over Montserrat in CONCACAF.",
        "Curacao beat Montserrat 4-3 on aggregate to progress to the second qualifying round in CONCACAF.",
        "Curacao beat Aruba 4-3 on aggregate to progress to the second qualifying round.", "fabricated_entity"),
    "this season is this term": (
        "dates", "River Plate are keen to sign the forward who has struggled on loan at the club this term.",
        "The forward has struggled on loan at the club this season.",
        "The forward has struggled on loan at the club last season.", "date"),
    "a light verb needs the same complement": (
        "polarity", "Porto's defence was not the only thing to be ripped apart at the Allianz Arena on Tuesday night as "
        "the coach tore his trousers.",
        "The coach's underwear was on show at the Allianz Arena on Tuesday night.", None, "negation"),
    "a copula under 'said that' is a clause of its own": (
        "polarity", "The new vaccine is safe for children, the regulator said on Monday.",
        None, "The regulator said on Monday that the new vaccine is not safe for children.", "negation"),
    "a complement that is a stop word counts": (
        "polarity", "They are due to stand trial at the Crown Court on August 10, charged with cruelty.",
        None, "They are not due to stand trial at the Crown Court on August 10, charged with cruelty.", "negation"),
    "'not as secure as' is a comparison": (
        "polarity", "A warning says that unlocking by voice is less secure than other options, but it is quick.",
        "Unlocking by voice is quick, but it is not as secure as other options, a warning says.", None, "negation"),
    "a wh-clause under a ban is not banned": (
        "polarity", "Supporters of the measure described it as a groundbreaking step, and the law bans dismemberment abortion.",
        "The law bans what it describes as dismemberment abortion, supporters of the measure said.", None, "negation"),
    "'a few' is some": (
        "polarity", "Police found her car and would be returning it to her, but with a few minor changes.",
        "Police found her car and would return it to her, but with some minor changes.", None, "outcome"),
    "a person does not stand where a place stood": (
        "entities", "The family of a backpacker who disappeared from a Croatian night club in 2008 hope to find out "
        "how she died. Britt Lapthorne, from Melbourne, was last seen at a club in the coastal town of Dubrovnik. Croatian "
        "police never solved the mystery of how the student's body came to be in nearby Boninovo Bay, where it was "
        "found almost three weeks after she disappeared on September 18.",
        "Melbourne student Britt Lapthorne was found dead in Croatia almost three weeks after she disappeared on "
        "September 18th in 2008.", None, "entity"),
    "a new name the tagger calls a place may stand for a person": (
        "entities", "Mesut Ozil scored twice in the league last month. Jack Wilshere was on the bench for Arsenal's FA "
        "Cup semi-final against Reading.", None,
        "Ozil was on the bench for Arsenal's FA Cup semi-final against Reading.", "entity"),
    "'no longer' denies what it qualifies": (
        "polarity", "Many families in the town can no longer afford the rent, the council said.",
        "Many families in the town cannot afford the rent any more, the council said.",
        "Many families in the town can afford the rent, the council said.", "negation"),
    "'be neither X nor Y' denies the copula": (
        "polarity", "When Viv won the pools in 1961, she announced that her life from now on would emphatically be "
        "neither sensible nor boring.",
        "Afterwards she announced her life would no longer be sensible or boring.",
        "Afterwards she announced her life would be sensible and boring.", "negation"),
    "'no more effective than' is a comparison": (
        "polarity", "They found the human tools (pictured) were no more effective than Neanderthal-created tools of "
        "the same era.",
        "They found the human tools were no more effective than Neanderthal-created tools of the same era.", None,
        "negation"),
    "'is no citizen' denies": (
        "polarity", "He has been subject to American law his whole life and thinks he should be a citizen.",
        None, "He has been subject to American law his whole life and says he is no citizen.", "negation"),
    "a copula denied twice is asserted": (
        "polarity", "There will be no love lost when Andy Murray takes on Tomas Berdych in the other semi final.",
        "There will be no love lost when Murray takes on Berdych in the semi final.",
        "There will not be no love lost when Andy Murray takes on Tomas Berdych in the other semi final.", "negation"),
    "a negated copula denies its predicate, so its opposite agrees": (
        "polarity", "The bridge over the river is no longer open to traffic.",
        "The bridge over the river is closed to traffic.", None, "outcome"),
    "an asserted predicate's opposite is still a reversal": (
        "polarity", "The bridge over the river is open to traffic.",
        None, "The bridge over the river is closed to traffic.", "outcome"),
    "'little progress' is next to none": (
        "polarity", "Police said there was little progress in the search.",
        None, "Police said progress in the search was made.", "outcome"),
    "before and after that order other events agree": (
        "polarity", "Before the fire, which started at midnight on Saturday, the suspects tried to carjack the man outside the bar.",
        "The fire was lit after the suspects tried to carjack the man outside the bar.", None, "outcome"),
    "before and after the same event are reversed": (
        "polarity", "The minister resigned after the vote on the budget in parliament.",
        None, "The minister resigned before the vote on the budget in parliament.", "outcome"),
    "opposite modifiers of different things are no reversal": (
        "polarity", "The midfielder impressed for the club last season and was injured in a friendly in March.",
        "The midfielder impressed for the club's first team and was injured in a friendly in March.", None, "outcome"),
    "particles of different verbs are no reversal": (
        "polarity", "Responding to the accusations that bubbled up after the interview, the senator said he was sorry.",
        "After the interview the senator told her to calm down, and later he said he was sorry.", None, "outcome"),
    "particles of the same verb are reversed": (
        "polarity", "Prices at the pump went up in March, the ministry said.",
        None, "Prices at the pump went down in March, the ministry said.", "outcome"),
    "opposite modifiers of the same thing are reversed": (
        "polarity", "The midfielder scored in the last minute of the friendly in March.",
        None, "The midfielder scored in the first minute of the friendly in March.", "outcome"),
    "the same digits with another scale are another figure": (
        "numbers", "In the third quarter, the bank earned $3.1 billion or $6.78 per diluted common share.",
        "The bank earned $3.1bn in the third quarter.", "The bank earned $3.1 million in the third quarter.", "number"),
    "a figure far below a bound is not what it bounds": (
        "numbers", "The company raised its quarterly dividend to $0.13 per share as it expects net debt to fall below "
        "$25 billion.", "The company expects net debt to fall below $25 billion and raised its dividend to $0.13.",
        "The company is raising its dividend to $0.14 per share as net debt falls below $25 billion.", "number"),
    "a lower bound against the same upper bound": (
        "numbers", "The company expects net debt to fall below $25 billion by the end of the first quarter.",
        "Net debt is expected to fall under $25 billion by the end of the first quarter.",
        "Net debt is expected to rise above $25 billion by the end of the first quarter.", "number"),
    "a span of time in another unit": (
        "numbers", "The protest comes on the eve of the one-year anniversary of the invasion of Ukraine.",
        "The protest comes on the eve of the 12-month anniversary of the invasion of Ukraine.",
        "The protest comes on the eve of the one-month anniversary of the invasion of Ukraine.", "number"),
    "an age is not a span of time": (
        "numbers", "The 23-year-old striker has spent eight months on loan at the club.",
        "The striker, 23, has spent eight months on loan at the club.", None, "number"),
    "a given name with another surname is another person": (
        "entities", "The hosts discuss a news story about Bob Ross's paintings being featured in a museum exhibition.",
        "The hosts talk about an exhibition of paintings by Bob Ross.",
        "The hosts discuss a news story about Bob Dylan's paintings being featured in a museum exhibition.", "entity"),
    "a surname spelled another way is the same person": (
        "entities", "President Volodymyr Zelenskyy said the army would hold the eastern front.",
        "Volodymyr Zelensky said the army would hold the eastern front.", None, "entity"),
    "an adjective with a negative prefix is its reverse": (
        "polarity", "We propose a method that learns a correct model of the environment from a specified set of demonstrations.",
        "The proposed method learns a correct model of the environment from demonstrations.",
        "The method learns an incorrect model of the environment from a specified set of demonstrations.", "outcome"),
    "a prefix that does not negate is no reverse": (
        "polarity", "The gas leaking from the tanker is highly flammable, the fire service warned on Monday.",
        "The fire service warned on Monday that the gas leaking from the tanker is highly inflammable.", None, "outcome"),
    "a prefixed noun or verb is no reverse": (
        "polarity", "The team will press the council to publish its plans for the new stadium.",
        "The team will impress the council with its plans for the new stadium.", None, "outcome"),
    "'risk-free' is no risk": (
        "polarity", "To help you decide, we invite you to try our 30-Day Risk-Free Trial of the energy management system.",
        "They offer a 30-day trial of the energy management system with no risk.",
        "They offer a 30-day trial of the energy management system, which carries a risk.", "outcome"),
    "opposite verbs of different things are no reversal": (
        "polarity", "As we expect net debt to fall below $25 billion, our focus has expanded to returning capital, "
        "beginning with an increase in our common dividend.",
        "The company is increasing its dividend, returning capital to shareholders and decreasing net debt below $25 billion.",
        "The company is returning capital to shareholders, beginning with a decrease in its common dividend.", "outcome"),
    "a noun joined to another is said of its own words": (
        "polarity", "As Vicki mentioned, the first phase of our shareholder return framework consists of the debt "
        "reduction; an increase in the common dividend to $0.13 per share; and the reactivation of our share "
        "repurchase program.",
        "The first phase of the framework includes an increase in the common dividend to $0.13 per share, a share "
        "repurchase program and decreasing net debt.", None, "outcome"),
    "a name in another slot is no swap": (
        "entities", "Chelsea moved seven points clear of nearest challengers Arsenal with the win. The Premier League "
        "title is now within reach, the manager of Tottenham said.", "Chelsea move seven points clear at the top of the Premier League.",
        "Chelsea moved seven points clear of nearest challengers Tottenham with the win.", "entity"),
    "a name in the same slot, active or passive, is a swap": (
        "entities", "John Smith was arrested by police on Monday after the robbery in Leeds. Mary Jones was a witness.",
        "Police arrested John Smith on Monday after the robbery in Leeds.",
        "Police arrested Mary Jones on Monday after the robbery in Leeds.", "entity"),
    "'stopped to' do something is a purpose": (
        "polarity", "Ben Parsons had run 24 miles of the Brighton marathon when he stopped to propose to his girlfriend Anna.",
        "Ben Parsons proposed to his girlfriend Anna during the Brighton marathon.",
        "Ben Parsons did not propose to his girlfriend Anna during the Brighton marathon.", "negation"),
    "an adverbial clause is outside a negative implicative": (
        "polarity", "Mesut Ozil has avoided a fine after being spotted in a nightclub hours after the win at Newcastle.",
        "Ozil will not be fined for being spotted in a nightclub hours after the win at Newcastle.",
        "Ozil was not spotted in a nightclub hours after the win at Newcastle.", "negation"),
    "a rejected thing still exists": (
        "polarity", "The court in February rejected their legal challenge for clemency, finding the decrees final.",
        "A court will decide whether they can challenge the clemency ruling.", None, "negation"),
    "a rejected thing accepted is reversed": (
        "polarity", "The court in February rejected their legal challenge for clemency, finding the decrees final.",
        None, "The court in February accepted their legal challenge for clemency.", "outcome"),
    "a negated copula denies its predicate only": (
        "polarity", "Pacquiao says he fights to please the fans and is not materialistic.",
        "Pacquiao says he is not materialistic and fights to please the fans.",
        "Pacquiao says he does not fight to please the fans.", "negation"),
    "a swap whose rival the source puts in a relative clause": (
        "entities", "The result means Bayern, who beat Hertha Berlin 1-0 on Saturday to go 15 points clear, have taken "
        "the title. Wolfsburg lost at home.", "Bayern beat Hertha Berlin 1-0 on Saturday to go 15 points clear.",
        "Wolfsburg beat Hertha Berlin 1-0 on Saturday to go 15 points clear.", "entity"),
    "a new name the parser glues to the next word is still a swap": (
        "entities", "The second property is on the market for £595,000, the agents in Q.C. said. The next cheapest "
        "three-bedroom property in Knightsbridge costs £1.5 million.",
        "The next cheapest three-bedroom property in Knightsbridge costs £1.5 million.",
        "The next cheapest three-bedroom property in Q.C. costs £1.5 million.", "entity"),
    "a noun is said of what its clause names": (
        "polarity", "Moderna's revenues from its COVID-19 vaccines have begun an anticipated decline, the company said on "
        "Thursday.", "Moderna said on Thursday that revenues from its COVID-19 vaccines have begun to decline.",
        "Moderna reported on Thursday an increase in revenues from its COVID-19 vaccines.", "outcome"),
    "an ordinal changed in a copied sentence": (
        "numbers", "The capital ratio was 13.8 percent at the end of the third quarter, down 70 basis points.",
        "The capital ratio was 13.8 percent at the end of the third quarter.",
        "The capital ratio was 13.8 percent at the end of the second quarter, down 70 basis points.", "number"),
}


@pytest.mark.parametrize(("check", "source", "faithful", "changed", "wrong"), list(FAITHFUL_AND_CHANGED.values()),
                         ids=list(FAITHFUL_AND_CHANGED))
def test_faithful_passes_and_changed_fires(checker, check, source, faithful, changed, wrong):
    if faithful is not None:
        assert wrong not in types(findings(checker, source, faithful, check))
    if changed is not None:
        assert wrong in types(findings(checker, source, changed, check))


def test_a_denied_prevention_denies_nothing(checker):
    src = "The club's owners say the job is safe, but that has not stopped the coach from leaving the club in May."
    assert "negation" not in types(findings(checker, src, "The coach will be leaving the club in May.", "polarity"))
    # a prevention as such still denies
    src2 = "The court banned the mother from seeing her children until the hearing."
    assert "negation" in types(findings(checker, src2, "The court let the mother see her children until the hearing.", "polarity"))



def test_an_edit_finding_quotes_the_sentence_it_edits(checker):
    src = "The capital ratio was 13.8 percent at the end of the third quarter, down 70 basis points."
    found = findings(checker, src, "The capital ratio was 13.8 percent at the end of the second quarter, down 70 basis points.",
                     "numbers")
    assert found and "capital ratio was 13.8 percent" in found[0].reason


def test_a_place_the_source_never_names_is_a_replacement_wherever_it_hangs(checker):
    # the slot rule is for names the source has elsewhere; an unnamed place beside the sentence's one is new
    src = ("Activists in London dumped gallons of yellow and blue paint in front of the Russian embassy in support of "
           "Ukraine on Thursday.")
    derived = ("On the eve of the anniversary of Russia's invasion of Poland, activists dumped gallons of yellow and "
               "blue paint in front of the Russian embassy in London.")
    found = [f for f in findings(checker, src, derived, "entities") if f.error_type == "fabricated_entity"]
    assert found and max(f.confidence for f in found) >= DECISIVE
