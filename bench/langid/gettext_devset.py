"""A development set for the language detector that is not the evaluation set.

    python bench/langid/gettext_devset.py     # item counts per language and bucket

The evaluation set (``../shared/data/langid/testset.jsonl``) must not be trained or tuned
on, so the detector's few combination weights are fitted on other real text: the
translated messages of the gettext catalogs (``/usr/share/locale/<lang>/LC_MESSAGES/*.mo``)
that the Debian packages on this machine ship, in nearly every candidate language. They
are user-interface strings, not news: a different domain, which is the point of a
held-out calibration set. Each message is cleaned of placeholders, markup and
accelerators; ``sentence`` items are whole messages of five words or more, ``short``
items a 10-24 character run of words from a message (as short as the evaluation's
~17-character snippets). Romanian also gets cedilla and no-diacritics variants. Where
../shared is present, Ukrainian and Russian war-news sentences from the VIINA corpus
(``news-sentence`` / ``news-short``) add the project's own domain.
Deterministic: items are chosen by a hash of their text, never at random.
"""

from __future__ import annotations

import gettext
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "include"))

from newsevents.langid.candidates import languages, letter_count, scripts_of  # noqa: E402
from newsevents.langid.word_voter import strip_diacritics  # noqa: E402

LOCALE = Path("/usr/share/locale")
PER_BUCKET = 300
_NOISE = [
    re.compile(r"%(?:\d+\$|\([\w-]+\))?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlLqjzt]*[a-zA-Z%]"),
    re.compile(r"\{[^{}]*\}|\$\{?\w+\}?|<[^<>]*>|&\w+;|https?://\S+|\S+@\S+|--?[\w-]+=?|\S*/\S+"),
    re.compile(r"[_&](?=\w)|\\[ntr]|[\t\n\r]+"),
]
_WORDS = re.compile(r"\S+")


def clean(message: str) -> str:
    for pattern in _NOISE:
        message = pattern.sub(" ", message)
    return " ".join(message.split()).strip(" :;,.-")


def _in_script(text: str, script: str) -> bool:
    return script in scripts_of(text)[0]


def _rank(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def locale_dirs(code: str, script: str) -> list[Path]:
    if code == "sr":
        names = ["sr@latin", "sr@Latn"] if script == "Latin" else ["sr"]
    else:
        names = [d.name for d in sorted(LOCALE.iterdir())
                 if d.name == code or (d.name.startswith(code + "_") and "@" not in d.name)]
    return [LOCALE / n / "LC_MESSAGES" for n in names if (LOCALE / n / "LC_MESSAGES").is_dir()]


def messages(code: str, script: str) -> list[str]:
    out: dict[str, None] = {}
    for folder in locale_dirs(code, script):
        for mo in sorted(folder.glob("*.mo")):
            try:
                with open(mo, "rb") as fh:
                    catalog = gettext.GNUTranslations(fh)._catalog
            except (OSError, UnicodeDecodeError, ValueError, LookupError):
                continue  # an unreadable catalog is simply not used
            for key, value in catalog.items():
                msgid = key[0] if isinstance(key, tuple) else key
                if not msgid or not isinstance(value, str) or value == msgid:
                    continue
                text = clean(value)
                if letter_count(text) >= 5 and _in_script(text, script):
                    out[text] = None
    return list(out)


def _short(message: str, script: str) -> str | None:
    words = _WORDS.findall(message)
    if len(words) < 2:
        return None
    start = int(_rank(message), 16) % len(words)
    for i in list(range(start, len(words))) + list(range(0, start)):
        for k in (2, 3, 4):
            piece = " ".join(words[i:i + k])
            if 10 <= len(piece) <= 24 and letter_count(piece) >= 5 and _in_script(piece, script):
                return piece
    return None


VIINA = ROOT.parent / "shared" / "data" / "corpora" / "viina"
_UK_ONLY = re.compile("[іїєґІЇЄҐ]")
_RU_ONLY = re.compile("[ыэъёЫЭЪЁ]")


def viina_texts() -> dict[str, list[str]]:
    """Ukrainian and Russian war-news texts of the VIINA corpus in ../shared (empty lists
    when absent), each labelled by the letters only one of the two languages has."""
    import csv

    out: dict[str, list[str]] = {"uk": [], "ru": []}
    for path in sorted(VIINA.glob("VIINA_*_REBUILD.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                text = " ".join((row.get("representative_text") or "").split())
                uk, ru = bool(_UK_ONLY.search(text)), bool(_RU_ONLY.search(text))
                if uk != ru:
                    out["uk" if uk else "ru"].append(text)
    return out


def viina_messages() -> dict[str, list[str]]:
    """The VIINA texts cut into sentences (a development set in the project's domain)."""
    out: dict[str, dict[str, None]] = {}
    for code, texts in viina_texts().items():
        bucket = out.setdefault(code, {})
        for text in texts:
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if letter_count(sentence) >= 5 and _in_script(sentence, "Cyrillic"):
                    bucket[sentence] = None
    return {k: list(v) for k, v in out.items()}


def build() -> list[dict]:
    items: list[dict] = []
    for code, msgs in viina_messages().items():
        sentences = sorted((m for m in msgs if len(_WORDS.findall(m)) >= 5 and len(m) <= 300), key=_rank)
        shorts = sorted({s for s in (_short(m, "Cyrillic") for m in msgs) if s}, key=_rank)
        for bucket, texts in (("news-sentence", sentences), ("news-short", shorts)):
            for text in texts[:PER_BUCKET]:
                items.append({"lang": code, "bucket": bucket, "text": text})
    for lang, script in ((lang, script) for lang in languages() for script in sorted(lang.scripts)):
        msgs = messages(lang.code, script)
        sentences = sorted((m for m in msgs if len(_WORDS.findall(m)) >= 5 and len(m) <= 300), key=_rank)
        shorts = sorted({s for s in (_short(m, script) for m in msgs) if s}, key=_rank)
        for bucket, texts in (("sentence", sentences), ("short", shorts)):
            for text in texts[:PER_BUCKET]:
                items.append({"lang": lang.code, "bucket": bucket, "text": text})
    variants = []
    for it in items:
        if it["lang"] != "ro":
            continue
        if re.search("[șțȘȚ]", it["text"]):
            variants.append(dict(it, bucket=it["bucket"] + "/cedilla",
                                 text=it["text"].translate(str.maketrans("șțȘȚ", "şţŞŢ"))))
        stripped = strip_diacritics(it["text"])
        if stripped != it["text"]:
            variants.append(dict(it, bucket=it["bucket"] + "/nodiacritics", text=stripped))
    return items + variants


if __name__ == "__main__":
    from collections import Counter

    built = build()
    for (lang, bucket), n in sorted(Counter((i["lang"], i["bucket"]) for i in built).items()):
        print(lang, bucket, n)
