"""The duplicate decision, the template guard, clustering and repeated paragraphs."""

import random
import textwrap
from datetime import date, timedelta

import pytest

from newsevents import dedup
from newsevents.dedup import minhash

REPORT = ("Russia's air defence systems destroyed {n} Ukrainian drones overnight, the defence ministry said. "
          "{k} of the drones were downed over the Black Sea and the rest over the {region} and Belgorod regions, "
          "it said in a post on its Telegram messaging channel, adding that there were no casualties. "
          "Ukraine's air force said it had launched a counter-offensive against the {place} area, where "
          "fighting continued for a third day, and that civilians had been evacuated from several villages.")
DAY = date(2024, 12, 15)


def doc(key, text, day=DAY):
    return dedup.document(key, text, published=day)


def report(n=15, k=13, region="Kursk", place="Pokrovsk"):
    return REPORT.format(n=n, k=k, region=region, place=place)


def test_exact_duplicate_after_normalisation():
    a = doc("a", "Moscow launched 139 drones “overnight”.")
    b = doc("b", "MOSCOW  launched 139\ndrones \"overnight\".")
    assert dedup.compare(a, b).method == "exact"


def test_templated_reports_with_other_numbers_are_not_duplicates():
    v = dedup.compare(doc("a", report(15, 13)), doc("b", report(36, 20)))
    assert not v.duplicate and v.method == "facts"


def test_templated_reports_with_another_place_are_not_duplicates():
    v = dedup.compare(doc("a", report(region="Kursk")), doc("b", report(region="Bryansk")))
    assert not v.duplicate and v.method == "facts"


def test_adjacent_changed_facts_are_still_seen():
    a = doc("a", "From 11.00 to 11.30 Moscow time an attempted drone attack on the region was stopped, "
                 "the ministry said on its channel, and the drone was destroyed over the region.")
    b = doc("b", "From 11.05 to 11.28 Moscow time an attempted drone attack on the region was stopped, "
                 "the ministry said on its channel, and the drone was destroyed over the region.")
    assert dedup.compare(a, b).method == "facts"


def test_two_days_apart_the_same_text_is_another_report():
    v = dedup.compare(doc("a", report()), doc("b", report(), date(2024, 12, 17)))
    assert not v.duplicate and v.method == "date"


def test_a_republication_the_next_day_is_the_same_story():
    copy = "LIVE: Russia says it downed drones\n\n" + report() + "\nShare this article"
    assert dedup.compare(doc("a", report()), doc("b", copy, date(2024, 12, 16))).duplicate


def test_the_next_days_templated_report_with_other_facts_is_another_report():
    v = dedup.compare(doc("a", report(15, 13)), doc("b", report(36, 20), date(2024, 12, 16)))
    assert not v.duplicate and v.method == "facts"


MOD = "киевским режимом была предпринята попытка атаки по объектам в Курской области."
OTHER_FACT = [
    # a fact at the very start or end of the text: the sentence around it is the frame
    ("27 августа " + MOD, "28 августа " + MOD),
    ("Беспилотник атаковал склад боеприпасов в Джанкойском районе Крыма",
     "Беспилотник атаковал склад боеприпасов в Джанкойском районе Сум"),
    # a number one version adds inside a shared sentence
    ("Overnight air defence systems destroyed drones over the Belgorod region, the ministry said.",
     "Overnight air defence systems destroyed four drones over the Belgorod region, the ministry said."),
    # a dateline names a place
    ("Одесса. Россияне ударили по судоремонтному заводу за городом, есть раненые и разрушения",
     "Херсон. Россияне ударили по судоремонтному заводу за городом, есть раненые и разрушения"),
    # an abbreviation's full stop does not end the sentence around the time
    ("Около 21.40 мск. пресечена попытка " + MOD, "Около 10.00 мск пресечена попытка " + MOD),
    # a numbered list renumbered
    ("Steps:\n1. Context: leadership shares a strategy with teams.\n2. Plans: teams respond.",
     "Steps:\n3. Context: leadership shares a strategy with teams.\n2. Plans: teams respond."),
]


@pytest.mark.parametrize("a, b", OTHER_FACT)
def test_another_fact_in_the_same_sentence_is_another_report(a, b):
    assert dedup.compare(doc("a", a), doc("b", b)).method == "facts"
    assert dedup.compare(doc("b", b), doc("a", a)).method == "facts"


def test_other_headline_and_boilerplate_around_a_cut_copy_never_veto():
    text = report() + " " + " ".join(f"Officials said sentence {w} gave more background on the war." for w in "abcdefgh")
    one = doc("one", "Photo: Reuters\nUPDATE 2 - Russia says drones downed\n\n" + text.rsplit(" Officials", 2)[0]
              + "\nSubscribe to our newsletter\n© 2024 Example News Agency")
    two = doc("two", "Advertisement\nBreaking: drones over Kursk\n\n" + text.rsplit(" Officials", 5)[0]
              + "\nRead more: live updates\nComments (12)")
    assert dedup.compare(one, two).duplicate


def test_another_link_is_another_fact_but_a_cut_link_is_not():
    base = ("Министр обороны провёл встречу с делегацией [заявил](https://t.me/mod_russia/44510), что стороны "
            "имеют общие взгляды на ситуацию в регионе и на перспективы сотрудничества.")
    assert dedup.compare(doc("a", base), doc("b", base.replace("44510", "44526"))).method == "facts"
    assert not dedup.match.fact_conflict(doc("a", base), doc("b", base.replace("/44510", "")))


def test_undated_copy_matches_a_dated_original():
    assert dedup.compare(doc("a", report()), doc("b", report() + " Share this article", None)).duplicate


def test_republished_copy_with_headline_typos_and_truncation_is_a_duplicate():
    text = report() + " " + " ".join(f"Officials said sentence {w} gave more background on the war." for w in "abcdefgh")
    copy = ("UPDATE: Russia says it downed drones\n\n" + text.replace("Telegram", "Telegarm")
            .replace("counter-offensive", "counter-ofensive").rsplit(" Officials", 3)[0] + "\nFollow us on Telegram")
    v = dedup.compare(doc("a", text), doc("b", copy))
    assert v.duplicate and v.method == "near", v


def test_unrelated_texts_are_not_candidates():
    rng = random.Random(3)
    words = "the of a drone city said region army night strike power people officials".split()
    a = doc("a", " ".join(rng.choice(words) for _ in range(300)))
    b = doc("b", " ".join(rng.choice(words) for _ in range(300)))
    assert dedup.compare(a, b).method == "text"


def test_band_keys_are_stable_and_fit_an_integer_column():
    d = doc("a", report())
    assert len(d.bands) == minhash.BANDS
    assert all(-2**31 <= int(b) < 2**31 for b in d.bands)
    assert d.bands.tolist() == doc("z", report()).bands.tolist()


def test_batch_signatures_equal_one_by_one():
    texts = [report(n) for n in range(5, 40, 7)] + ["two words", "", "Kursk"]
    batch = dedup.documents([(str(i), t, DAY) for i, t in enumerate(texts)])
    for i, t in enumerate(texts):
        one = doc(str(i), t)
        assert one.shingles.tolist() == batch[i].shingles.tolist()
        assert one.minhash.tolist() == batch[i].minhash.tolist()


def test_shingles_come_from_the_body_not_from_short_standalone_lines():
    story = "Ukrainian forces struck an ammunition depot near Kherson overnight, the general staff said on Sunday."
    plain = doc("a", story)
    wrapped = doc("b", "Share this article\nFollow us on Telegram\n" + story + "\n© 2024 Agency")
    assert plain.shingles.tolist() == wrapped.shingles.tolist()
    assert plain.exact != wrapped.exact


def test_typo_tolerance_never_applies_to_numbers():
    assert dedup.match._typo_equal("kharkiv", "kharkov") and dedup.match._typo_equal("asem", "aseem")
    assert not dedup.match._typo_equal("15", "16")
    assert not dedup.match._typo_equal("kursk", "bryansk")


def test_cluster_is_order_independent_and_canonical_is_earliest():
    texts = [("x", report(), DAY), ("y", report() + " Share this article", DAY),
             ("w", "Reuters\n" + report(), date(2024, 12, 15)), ("z", report(36, 20), DAY),
             ("v", report(), date(2024, 12, 18)), ("u", report() + " Follow us", date(2024, 12, 16))]
    docs = [dedup.document(k, t, published=d) for k, t, d in texts]
    forward, _ = dedup.cluster(docs)
    for seed in range(5):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert dedup.cluster(shuffled)[0] == forward
    assert forward["y"] == ("w", "w") and forward["x"] == ("w", "w") and forward["u"] == ("w", "w")
    assert forward["z"] == ("z", None) and forward["v"] == ("v", None)


def test_adjacent_day_links_never_chain_a_story_over_three_days():
    """Each day's copy matches the day before; a story spans at most two days."""
    days = [DAY + timedelta(days=i) for i in range(3)]
    docs = [dedup.document(str(i), report() + " Share this article" * i, published=d) for i, d in enumerate(days)]
    stories, _ = dedup.cluster(docs)
    assert stories["0"][0] != stories["2"][0]
    assert stories["1"][0] in (stories["0"][0], stories["2"][0])


def test_a_truncated_copy_cannot_chain_two_templated_reports():
    """The copy matches both (its cut removed the number that differs); the conflict
    between the two reports keeps them apart."""
    a = doc("a", report(15, 13))
    b = doc("b", report(15, 20))
    cut = doc("c", report(15, 13).split(" of the drones")[0].rsplit(".", 1)[0] + ".")
    stories, pairs = dedup.cluster([a, b, cut])
    assert stories["a"][0] != stories["b"][0]
    assert any(not v.duplicate and v.method == "facts" for _, _, v in pairs)


def test_repeated_paragraphs_within_a_document():
    p = ["Thirteen of the drones were downed over the Black Sea, the ministry said.",
         "Something else entirely happened in another region of the country today.",
         "Thirteen of the drones were downed over the Black Sea, the ministry said!"]
    assert dedup.repeated_paragraphs(p) == [None, None, 0]
    assert dedup.repeated_paragraphs([p[0], p[0].replace("Thirteen", "Fourteen")]) == [None, None]


def test_story_repeats_point_to_the_earliest_ranked_document():
    para = "Thirteen of the drones were downed over the Black Sea, the ministry said."
    out = dedup.story_repeats([("first", ["Intro one.", para]), ("second", [para, "Other text here."])])
    assert out[("second", 0)] == ("first", 1)
    assert out[("first", 1)] is None and out[("second", 1)] is None


def test_fact_words_come_from_the_language_files():
    assert "decembrie" in dedup.text.fact_words("ro") and "декабря" in dedup.text.fact_words(None)
    text = "Pe 15 decembrie, The drones hit Kursk. The ministry said so."
    facts = dict(zip(dedup.words(text), dedup.fact_mask(text, "ro")))
    assert facts["15"] and facts["decembrie"] and facts["kursk"] and not facts["pe"] and not facts["ministry"]


def test_rewrapped_lines_do_not_change_sentences_or_facts():
    text = ("Russia's air defence systems destroyed 15 Ukrainian drones overnight over the Kursk and Belgorod "
            "regions, the defence ministry said on its channel.")
    wrapped = textwrap.fill(text, 50)
    assert dedup.words(text) == dedup.words(wrapped)
    assert dedup.text.annotate(text) == dedup.text.annotate(wrapped)
