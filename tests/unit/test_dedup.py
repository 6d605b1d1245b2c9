"""The duplicate decision, the template guard, clustering and repeated paragraphs."""

import random
from datetime import date

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


def test_the_same_text_on_another_day_is_another_report():
    v = dedup.compare(doc("a", report()), doc("b", report(), date(2024, 12, 16)))
    assert not v.duplicate and v.method == "date"


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


def test_band_keys_are_stable_and_fit_bigint():
    d = doc("a", report())
    assert len(d.bands) == minhash.BANDS
    assert all(0 <= int(b) < 2**63 for b in d.bands)
    assert d.bands.tolist() == doc("z", report()).bands.tolist()


def test_typo_tolerance_never_applies_to_numbers():
    assert dedup.match._typo_equal("kharkiv", "kharkov") and dedup.match._typo_equal("asem", "aseem")
    assert not dedup.match._typo_equal("15", "16")
    assert not dedup.match._typo_equal("kursk", "bryansk")


def test_cluster_is_order_independent_and_canonical_is_earliest():
    texts = [("x", report(), DAY), ("y", report() + " Share this article", DAY),
             ("w", "Reuters\n" + report(), date(2024, 12, 15)), ("z", report(36, 20), DAY),
             ("v", report(), date(2024, 12, 17))]
    docs = [dedup.document(k, t, published=d) for k, t, d in texts]
    forward, _ = dedup.cluster(docs)
    for seed in range(5):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert dedup.cluster(shuffled)[0] == forward
    assert forward["y"] == ("w", "w") and forward["x"] == ("w", "w")
    assert forward["z"] == ("z", None) and forward["v"] == ("v", None)


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
    toks = dedup.tokenize("Pe 15 decembrie, The drones hit Kursk.")
    facts = dict(zip(toks.words, toks.facts))
    assert facts["15"] and facts["decembrie"] and facts["kursk"] and not facts["pe"]
