"""Numbers, dates and places in every language the lexicons cover (texts written for
these tests)."""

import json
from datetime import date

import pytest

from newsevents.extract import dates, gazetteer, lexicon, numbers
from newsevents.extract.text import fold


def nums(text, lang):
    return [(n.value, n.upper, n.qualifier) for n in numbers.find_numbers(fold(text), lang) if n.kind == "count"]


@pytest.mark.parametrize("text, lang, want", [
    ("au doborât 1.185 de drone", "ro", [(1185, None, None)]),
    ("shot down 10,000 drones", "en", [(10000, None, None)]),
    ("abattu 10 000 drones", "fr", [(10000, None, None)]),
    ("перехвачено 10 000 беспилотников", "ru", [(10000, None, None)]),
    ("between 10,000 to 12,000 soldiers", "en", [(10000, 12000, None)]),
    ("more than 300 drones", "en", [(300, None, "gt")]),
    ("peste 2.000 de drone", "ro", [(2000, None, "gt")]),
    ("около 40 ракет", "ru", [(40, None, "approx")]),
    ("понад 60 дронів", "uk", [(60, None, "gt")]),
    ("environ 30 missiles", "fr", [(30, None, "approx")]),
    ("Thirteen of the drones", "en", [(13, None, None)]),
    ("one hundred and twenty drones", "en", [(120, None, None)]),
    ("trei așezări și două stații", "ro", [(3, None, None), (2, None, None)]),
    ("douăzeci și cinci de drone", "ro", [(25, None, None)]),
    ("двадцать пять беспилотников", "ru", [(25, None, None)]),
    ("сто двадцать пять ракет", "ru", [(125, None, None)]),
    ("двісті п'ятдесят дронів", "uk", [(250, None, None)]),
    ("vingt-cinq drones et vingt et un missiles", "fr", [(25, None, None), (21, None, None)]),
    ("1.5 million shells", "en", [(1500000, None, None)]),
    ("3 тысячи снарядов", "ru", [(3000, None, None)]),
    ("two and three drones", "en", [(2, None, None), (3, None, None)]),
])
def test_numbers(text, lang, want):
    assert nums(text, lang) == want


def test_decimals_ages_models_and_years_are_not_counts():
    f = fold("A 43-year-old man, an S-400 battery, 3.5 km away, in 2024.")
    assert [n.value for n in numbers.find_numbers(f, "en") if n.kind == "count"] == []


PUB = date(2025, 3, 14)  # Friday


@pytest.mark.parametrize("text, lang, want", [
    ("overnight", "en", ("2025-03-14", "2025-03-14")),
    ("yesterday", "en", ("2025-03-13", "2025-03-13")),
    ("on Saturday", "en", ("2025-03-08", "2025-03-08")),
    ("last month", "en", ("2025-02-01", "2025-02-28")),
    ("between March 1 and March 7", "en", ("2025-03-01", "2025-03-07")),
    ("in December", "en", ("2024-12-01", "2024-12-31")),
    ("vineri", "ro", ("2025-03-14", "2025-03-14")),
    ("ieri", "ro", ("2025-03-13", "2025-03-13")),
    ("luna trecută", "ro", ("2025-02-01", "2025-02-28")),
    ("între 3 și 9 martie", "ro", ("2025-03-03", "2025-03-09")),
    ("du 3 au 9 mars", "fr", ("2025-03-03", "2025-03-09")),
    ("с 3 по 9 марта", "ru", ("2025-03-03", "2025-03-09")),
    ("з 3 по 9 березня", "uk", ("2025-03-03", "2025-03-09")),
    ("between October 26 and November 1", "en", ("2024-10-26", "2024-11-01")),
    ("вчера", "ru", ("2025-03-13", "2025-03-13")),
    ("в среду", "ru", ("2025-03-12", "2025-03-12")),
    ("12 марта", "ru", ("2025-03-12", "2025-03-12")),
    ("mardi", "fr", ("2025-03-11", "2025-03-11")),
    ("le mois dernier", "fr", ("2025-02-01", "2025-02-28")),
    ("le 10 mars", "fr", ("2025-03-10", "2025-03-10")),
])
def test_dates(text, lang, want):
    got = dates.resolve(text, PUB, lang)
    if want is None:
        return
    assert got is not None and (got[0].isoformat(), got[1].isoformat()) == want


@pytest.mark.parametrize("text, lang", [
    ("de la începutul anului 2026, inamicul a lansat 6.987 de drone", "ro"),
    ("since the start of 2026 Russia has launched 6,987 drones", "en"),
])
def test_a_range_starting_after_the_publication_date_is_no_date(text, lang):
    assert dates.resolve(text, PUB, lang) is None
    assert dates.resolve(text.replace("2026", "2025"), PUB, lang) == (date(2025, 1, 1), PUB)


def test_romanian_luni_months_is_not_monday():
    assert dates.resolve("în ultimele trei luni", PUB, "ro") is None


def places(text):
    f = fold(text)
    return [(text[h.start:h.end], h.place.name, h.place.admin1) for h in gazetteer.prepare(text, f)]


@pytest.mark.parametrize("text, admin1", [
    ("Kharkiv", "UA-63"), ("Kharkov", "UA-63"), ("Harkov", "UA-63"), ("Харків", "UA-63"), ("Харьков", "UA-63"),
    ("в Харьковской области", "UA-63"), ("на Харківщині", "UA-63"), ("Oryol", "RU-ORL"), ("Orel", "RU-ORL"),
    ("Orël", "RU-ORL"), ("Bryansk", "RU-BRY"), ("Briansk", "RU-BRY"), ("Voronezh", "RU-VOR"), ("Voronej", "RU-VOR"),
    ("Kyiv", "UA-30"), ("Kiev", "UA-30"), ("Chiev", "UA-30"), ("Crimea", "UA-43"), ("Crimeea", "UA-43"),
    ("в Крыму", "UA-43"), ("la mer Noire", "SEA-BLACK"), ("над акваторией Азовского моря", "SEA-AZOV"),
    ("Koursk", "RU-KRS"), ("Курской области", "RU-KRS"), ("Краснодарского края", "RU-KDA"),
    ("Московского региона", "RU-MOS"), ("Moscow", "RU-MOW"), ("Rostov-on-Don", "RU-ROS"),
])
def test_aliases_and_inflections(text, admin1):
    got = places(text)
    assert got and got[-1][2] == admin1, got


def test_every_ukrainian_and_russian_region_has_its_iso_code():
    data = json.loads(gazetteer.PATH.read_text(encoding="utf-8"))
    regions = {p["admin1"] for p in data["places"] if p["kind"] == "region"}
    ua = {f"UA-{n:02d}" for n in (5, 7, 9, 12, 14, 18, 21, 23, 26, 30, 32, 35, 40, 43, 46, 48, 51, 53, 56, 59, 61,
                                   63, 65, 68, 71, 74, 77)}
    assert ua <= regions
    assert len({r for r in regions if r.startswith("RU-")}) == 83
    assert {"SEA-BLACK", "SEA-AZOV"} <= {p["admin1"] for p in data["places"] if p["kind"] == "sea"}


def test_namesakes_by_context():
    assert places("Russian troops advanced near Pokrovsk in the Donetsk region")[0][2] == "UA-14"
    assert places("A drone hit an oil depot in Engels, once Pokrovsk, in the Saratov region")[1][2] == "RU-SAR"
    assert places("Novoukrainka, in the Kirovohrad region")[0][2] == "UA-35"


def test_common_words_and_first_names_are_not_places():
    assert places("President Volodymyr Zelensky said the Ukrainian forces held") == []
    assert places("Мирное население пострадало") == []


def _clear_caches():
    """Forget every compiled lexicon pattern (lru caches of the extract modules)."""
    import newsevents.extract as ex

    for mod in list(vars(ex).values()) + [ex]:
        for obj in list(vars(mod).values()) if hasattr(mod, "__dict__") else []:
            if hasattr(obj, "cache_clear"):
                obj.cache_clear()
    ex._R = None


GERMAN = {
    "language": "de",
    "numbers": {"thousands_sep": ["."], "decimal_sep": ",", "words": {"zwei": 2, "drei": 3, "zwolf": 12, "zwanzig": 20},
                "scales": {"tausend": 1000}, "qualifiers": {"mehr als": "gt"}, "range_joiners": ["-", "bis"],
                "units": ["km"], "age_suffix": "-jahrig"},
    "time": {"publication_day": ["heute", "in der nacht"], "day_before": ["gestern"], "last_week": [],
             "last_month": ["letzten monat"], "weekdays": {"freitag": 4}, "months": {"marz": 3},
             "since_year_start": [], "in_month": ["im"]},
    "countries": {"RU": ["russland", "russisch\\w*"], "UA": ["ukraine", "ukrainisch\\w*"]},
    "attribution": {"verbs": ["teilte mit", "erklarte"], "institutions": ["verteidigungsministerium"]},
    "region_words": ["gebiet"],
    "air_attack": {"drone": ["drohnen?"], "destroy": ["abgeschossen", "zerstort"], "launch": ["gestartet"],
                   "ua_adj": ["ukrainisch\\w*"], "ru_adj": ["russisch\\w*"], "locative": ["uber dem", "uber", "im"],
                   "of_them": ["davon"]},
}


def test_a_new_language_is_a_new_file(tmp_path, monkeypatch):
    """German: a lexicon file and no code gives German numbers, dates, claimants and
    air attacks with their regional breakdown."""
    from newsevents.extract import extract_events

    lex_dir = tmp_path / "lexicons"
    lex_dir.mkdir()
    for p in lexicon.DATA.glob("*.json"):
        (lex_dir / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (lex_dir / "de.json").write_text(json.dumps(GERMAN), encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA", lex_dir)
    _clear_caches()
    try:
        assert "de" in lexicon.available_languages()
        assert nums("mehr als 1.200 Drohnen", "de") == [(1200, None, "gt")]
        assert dates.resolve("gestern", PUB, "de")[0] == date(2025, 3, 13)
        text = ("Das russische Verteidigungsministerium teilte mit, die Luftabwehr habe in der Nacht 32 ukrainische "
                "Drohnen abgeschossen, davon 12 über dem Gebiet Belgorod.")
        got = {(e["type"], e["actor"], e["claimed_by"], e["admin1"], tuple(e["quantities"].items()), e["date_start"])
               for e in extract_events(text, published_at=PUB, language="de")}
        assert ("air_attack", "UA", "RU", None, (("destroyed", 32),), "2025-03-14") in got
        assert ("air_attack", "UA", "RU", "RU-BEL", (("destroyed", 12),), "2025-03-14") in got
    finally:
        monkeypatch.undo()
        _clear_caches()


def test_fold_equals_folding_each_character():
    """fold() lower-cases the text first and sends only the other characters through the
    table: the same as folding every character, for every character of Unicode (where a
    character's lower case folds differently, or a fold folds again, fold() must take the
    table), and on mixed text."""
    from newsevents.extract.text import _TABLE, _fold_char

    def slow(text):
        return text.translate(_TABLE)

    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    for c in chars:
        low = c.lower()
        if len(low) == 1 and c not in "\u03a3\u03f9":
            assert _fold_char(low) == _fold_char(c), hex(ord(c))
    for text in ("Atacul de la Chișinău — «Șase» drone “abătute”", "Харків, Київщина: ЇЖАК ёлка",
                 "ΟΔΟΣ Ϲ", "İstanbul", "x\u207b \u2212 y", "tab\tnew\nline`", "\u00bd\ufb01 ǅ", ""):
        assert fold(text) == slow(text)
        assert fold(text.upper()) == slow(text.upper())
    block = "".join(chars[:0x3000])
    assert fold(block) == slow(block)  # (the table: "İ" is in it)
    fast = "".join(c for c in chars[:0x3000] if len(c.lower()) == 1 and c not in "\u03a3\u03f9"
                   and _fold_char(_fold_char(c)) == _fold_char(c))
    assert fold(fast) == slow(fast)  # (the replacements)


def test_document_scans_do_not_overlap_so_windows_are_slices():
    """in_window() cuts a document scan's hits by position, trusting that no hit overlaps
    the next (then only the last hit of a window can reach past its end): true of the
    numbers, times, places and parties found, and its windows are the hits wholly inside."""
    import random

    from newsevents.extract import claims
    from newsevents.extract.text import in_window

    text = ("Russia launched 120 drones and 10,000 to 12,000 shells overnight on Monday, 8 January, at "
            "Kharkiv and the Kursk region, the Ukrainian air force said. Армия России атаковала Харьков 5 "
            "января: двадцать пять БПЛА над Курской областью. Potrivit Ministerului, Rusia a lansat 36 de drone "
            "asupra regiunii Odesa ieri. Selon Kyiv, 3 missiles ont frappé Dnipro le 2 mars.")
    folded = fold(text)
    gazetteer.prepare(text, folded)
    scans = [numbers.find_numbers(folded, "en"), dates.find_times(folded, "en", date(2024, 3, 3)),
             gazetteer.find_places(folded), claims.cues().party_mentions(folded, 0, len(folded))]
    rnd = random.Random(5)
    for hits in scans:
        spans = [(h[0], h[1]) if type(h) is tuple else (h.start, h.end) for h in hits]  # (parties: plain tuples)
        assert len(spans) > 1 and all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:]))
    items = numbers.find_numbers(folded, "en")
    starts = [n.start for n in items]
    for _ in range(2000):
        lo = rnd.randrange(len(folded))
        hi = rnd.randrange(lo, len(folded) + 1)
        assert in_window(items, starts, lo, hi) == [n for n in items if lo <= n.start and n.end <= hi]


def test_event_id_is_the_hash_of_the_sorted_claim_json():
    """event_id() builds its key in sorted order for a plain encoder: the id must stay the
    SHA-256 of json.dumps(sort_keys=True) of the claim's fields (ids already stored)."""
    import hashlib

    from newsevents import pipeline

    events = [{"type": "air_attack", "actor": "RU", "claimed_by": "UA", "admin1": "UA-63", "place": "Харків",
               "weapon": "drone", "date_start": "2025-01-01", "quantities": {"launched": 5, "destroyed": 3},
               "evidence": "not part of the claim"},
              {"type": "strike", "place": 'a "quoted"\\ name\n', "quantities": None}]
    for ev in events:
        key = {f: ev.get(f) for f in pipeline.CLAIM_FIELDS}
        key["quantities"] = dict(sorted((ev.get("quantities") or {}).items()))
        blob = json.dumps(key, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert pipeline.event_id(ev) == hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]
