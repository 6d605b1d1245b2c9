"""The detectors the language benchmark compares, each as ``text -> label``.

``newsevents`` is the project's detector (``newsevents-uniform``: the same without the
Ukrainian:Russian prior). ``langdetect`` is the detector the project had
before (langdetect 1.0.9 with a fixed seed over all its profiles, cedilla folded), with
the same ``und`` rule as the project's (fewer than ``MIN_LETTERS`` letters) so that the
detectors, not the thresholds, are compared; ``langdetect-unseeded`` is the same without the seed, to show why
the seed is needed.
"""

from __future__ import annotations

import re
from typing import Callable

_LETTERS = re.compile(r"[^\W\d_]")


def make(name: str) -> Callable[[str], str]:
    if name == "newsevents":
        from newsevents import langid

        langid.load()
        return lambda text: langid.detect(text).language
    if name == "newsevents-uniform":
        from newsevents import langid

        langid.load()
        return lambda text: langid.detect(text, prior={}).language
    if name in ("langdetect", "langdetect-unseeded"):
        return _langdetect(seeded=name == "langdetect")
    raise ValueError(name)


def _langdetect(seeded: bool) -> Callable[[str], str]:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    from newsevents.langid import MIN_LETTERS, fold_romanian

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    if seeded:
        factory.seed = 0

    def detect(text: str) -> str:
        if len(_LETTERS.findall(text)) < MIN_LETTERS:
            return "und"
        detector = factory.create()
        detector.append(fold_romanian(text[:5000]))
        try:
            probs = detector.get_probabilities()
        except LangDetectException:
            return "und"
        if not probs:
            return "und"
        return {"mo": "ro", "no": "nb"}.get(probs[0].lang, probs[0].lang)

    return detect
