"""Who claims a sentence, and casualty counts from coordinated subjects."""
import pytest

from newsevents.extract import claims, victims
from newsevents.extract.text import fold


def who(text, previous=None, context=""):
    full = context + text
    f = fold(full)
    return claims.claimant(f, len(context), len(full), previous)


@pytest.mark.parametrize("text, expected", [
    ("Russia's air defence systems destroyed 15 Ukrainian drones overnight, claimed Moscow this morning.", "RU"),
    ("On Saturday, the Ukrainian Interior Ministry said a Russian S-400 missile hit a police facility.", "UA"),
    ("Secretarul de stat american Antony Blinken a afirmat joi că Phenianul are 10.000 de soldați în Rusia.", "US"),
    ("Aproximativ 8.000 de soldați sunt în regiunea Kursk, a declarat joi secretarul de stat american Antony Blinken.",
     "US"),
    ("Oryol governor Andrey Klychkov confirmed that a Ukrainian drone strike set fire to a fuel depot.", "RU"),
    ("The Kharkov regional governor, Oleg Sinegub, wrote on Telegram that the city was struck.", "UA"),
    ("Rusia a lansat 2.000 de drone luna trecută, a afirmat vineri armata ucraineană, potrivit Reuters.", "UA"),
    ("Air defences shot down 61 out of 80 drones launched by Russia overnight, the air force said.", "UA"),
    ("Ukrainian drones hit a depot, according to the Russian defence ministry.", "RU"),
    ("A drone hit a depot in Oryol overnight.", None),
])
def test_claimant_from_attribution(text, expected):
    assert who(text) == expected


def test_a_report_the_speaker_only_mentions_is_not_the_speakers_claim():
    # the claim is whoever made the "declarații" (nobody named here), not Peskov who mentions them
    text = ("Dmitri Peskov, purtătorul de cuvânt al Kremlinului, a spus că nu are nimic de adăugat la declarațiile "
            "potrivit cărora Coreea de Nord a trimis soldați în Rusia.")
    assert who(text) is None
    text = ("Dmitri Peskov a respins declarațiile serviciilor sud-coreene, potrivit cărora Coreea de Nord a trimis "
            "soldați în Rusia.")
    assert who(text) == "KR"


def test_anaphora_and_bare_institution_use_the_document():
    assert who("He said 20 drones were downed.", previous="UA") == "UA"
    context = "Russia's defence ministry said 40 drones were downed. "
    assert who("Thirteen were downed over the Black Sea, the ministry said.", context=context) == "RU"


@pytest.mark.parametrize("text, lang, expected", [
    ("A 43-year-old police colonel was killed, and 30 police officers, a first responder and nine civilians "
     "were injured, the ministry said.", "en", {"killed": 1, "injured": 40}),
    ("His mother and seven-month-old sister were hospitalised with injuries, Mr Gladkov said.", "en", {"injured": 2}),
    ("He added that 20 apartment blocks and individual houses were damaged.", "en", {"damaged": 20}),
    ("Trei civili au fost răniți, a anunțat guvernatorul.", "ro", {"injured": 3}),
    ("Civilians were injured in the attack.", "en", {}),
])
def test_victim_counts_add_up(text, lang, expected):
    f = fold(text)
    assert victims.counts(f, 0, len(f), lang) == expected


def test_anaphora_mid_document():
    context = "Ukraine's air force said 50 drones were launched. "
    assert who("He said 20 were downed.", previous="UA", context=context) == "UA"
