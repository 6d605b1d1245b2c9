"""Language of each paragraph and of the document.

Uses langdetect with a fixed seed (unseeded it changes answers between runs) on a
European candidate set, folds Romanian cedilla letters to comma-below and ``mo`` to
``ro``, answers ``und`` for texts too short to call, and weighs the document
language by the characters of its content paragraphs.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

MIN_LETTERS = 12
LANG_ALIASES = {"mo": "ro"}
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_CEDILLA = str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"})
_lock = threading.Lock()
_factory = None


@dataclass(frozen=True)
class LangLabel:
    language: str
    confidence: float


def fold_romanian(text: str) -> str:
    """Cedilla ş/ţ (a legacy encoding artefact) to the correct comma-below ș/ț."""
    return text.translate(_CEDILLA)


def _detector_factory():
    global _factory
    with _lock:
        if _factory is None:
            from langdetect.detector_factory import DetectorFactory, PROFILES_DIRECTORY

            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.seed = 0
            _factory = factory
    return _factory


def detect(text: str) -> LangLabel:
    """Language of one text, deterministic; ``und`` when it is too short or has no letters."""
    letters = len(_LETTERS.findall(text))
    if letters < MIN_LETTERS:
        return LangLabel("und", 0.0)
    from langdetect.lang_detect_exception import LangDetectException

    detector = _detector_factory().create()
    detector.append(fold_romanian(text[:5000]))
    try:
        probs = detector.get_probabilities()
    except LangDetectException:
        return LangLabel("und", 0.0)
    if not probs:
        return LangLabel("und", 0.0)
    best = probs[0]
    lang = LANG_ALIASES.get(best.lang, best.lang)
    return LangLabel(lang, round(float(best.prob), 4))


def detect_paragraphs(paragraphs: list[str]) -> list[LangLabel]:
    return [detect(p) for p in paragraphs]


def document_language(paragraphs: list[str], labels: list[LangLabel]) -> LangLabel:
    """Character-weighted language of the content paragraphs."""
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
        joined = " ".join(paragraphs)
        return detect(joined)
    lang = max(sorted(weight), key=lambda k: weight[k])
    return LangLabel(lang, round(conf[lang] / total, 4))
