"""Text normalisation applied to every document before cleaning.

``normalize_text`` is idempotent: ``normalize_text(normalize_text(s)) == normalize_text(s)``.

Steps (in order):

1. CRLF / CR / U+2028 / U+2029 / VT / FF -> ``\\n``.
2. Conservative mojibake repair: runs that look like UTF-8 bytes decoded as
   cp1252 or latin-1 (``È™`` -> ``ș``, ``â€™`` -> ``’``, ``Ã©`` -> ``é``,
   ``Ð¿Ñ€`` -> ``пр``) are re-decoded, and the repair is kept only when it lowers
   the number of mojibake markers in the text. What that leaves looking like
   mojibake -- UTF-8 read as cp1251 (``РџСЂРёРІРµС‚`` -> ``Привет``, the usual accident
   of Russian and Ukrainian archives) or mis-decoded twice -- goes to ftfy's
   ``fix_encoding``. Measured on generated cases (``bench/clean/bench_mojibake.py``):
   run alone, ftfy repairs cp1251 and double mojibake that the run-wise repair cannot,
   but leaves most paragraphs where only one sentence is broken and is 4x slower; the
   run-wise repair first and ftfy on the leftovers repairs every kind either does.
3. Unicode NFC.
4. Romanian cedilla letters ş ţ Ş Ţ -> comma-below ș ț Ș Ț.
5. NBSP, thin/en/em/figure spaces and other odd spaces -> ``" "``; zero-width
   characters, soft hyphens, BOM and bidi marks removed.
6. NUL and other control characters (except ``\\n`` and ``\\t``) removed.
7. Trailing spaces/tabs stripped on every line.

Steps 2-7 are repeated until nothing changes (at most a few rounds), which makes the
function idempotent even when removing an invisible character exposes mojibake.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text", "repair_mojibake", "fix_mojibake"]

# --- line breaks ---------------------------------------------------------------
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")

# --- spaces / invisible characters ------------------------------------------------
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_ZERO_WIDTH = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff"
_CEDILLA = {"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}

_TRANSLATE: dict[int, str | None] = {ord(c): " " for c in _ODD_SPACES}
_TRANSLATE.update({ord(c): None for c in _ZERO_WIDTH})
_TRANSLATE.update({ord(k): v for k, v in _CEDILLA.items()})
# C0 / C1 control characters except \t and \n (\r, VT, FF, NEL were mapped to \n already)
for _cp in list(range(0x00, 0x20)) + [0x7F] + list(range(0x80, 0xA0)):
    if _cp not in (0x09, 0x0A):
        _TRANSLATE[_cp] = None

_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
# Any character the translation table changes: most text has none, and a regex scan is
# far faster than str.translate with a dict table.
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATE)) + "]")

# --- mojibake ---------------------------------------------------------------------
# Map each character to the byte it has in cp1252 (falling back to latin-1 for the five
# bytes cp1252 leaves undefined, which decoders commonly pass through as U+0081 etc.).
_CHAR_TO_BYTE: dict[str, int] = {}
for _b in range(256):
    try:
        _ch = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        _ch = chr(_b)
    _CHAR_TO_BYTE[_ch] = _b
for _b in range(0x80, 0xA0):  # latin-1 reading of the C1 range, too
    _CHAR_TO_BYTE.setdefault(chr(_b), _b)


def _chars_for(lo: int, hi: int) -> str:
    return "".join(re.escape(c) for c, b in _CHAR_TO_BYTE.items() if lo <= b <= hi)


_CONT = "[" + _chars_for(0x80, 0xBF) + "]"
_LEAD2 = "[" + _chars_for(0xC2, 0xDF) + "]"
_LEAD3 = "[" + _chars_for(0xE0, 0xEF) + "]"
_LEAD4 = "[" + _chars_for(0xF0, 0xF4) + "]"
_MOJIBAKE_SEQ = re.compile(
    f"(?:{_LEAD4}{_CONT}{{3}}|{_LEAD3}{_CONT}{{2}}|{_LEAD2}{_CONT})+"
)
# Markers: the characters typical of UTF-8 misread as cp1252/latin-1.
_MARKERS = re.compile(r"[ÃÂÈÄÅÐÑ](?=" + _CONT + ")|â€|�")


def _count_markers(text: str) -> int:
    return len(_MARKERS.findall(text))


def _fix_run(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        raw = bytes(_CHAR_TO_BYTE[c] for c in run)
        fixed = raw.decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return run
    # Refuse repairs that produce control characters: they are not text.
    if any(unicodedata.category(c) == "Cc" for c in fixed):
        return run
    return fixed


# what the run-wise repair leaves that still looks like mojibake: latin-1/cp1252 markers,
# or a UTF-8 lead byte read as cp1251 ("Р", "С", "Г", ...: bytes 0xC2-0xDF) before a cp1251
# character of the continuation-byte range (0x80-0xBF)
_CP1251_CONT = "".join(bytes([b]).decode("cp1251", errors="ignore") for b in range(0x80, 0xC0))
_CP1251_MOJIBAKE = re.compile("[" + bytes(range(0xC2, 0xE0)).decode("cp1251") + "]["
                              + re.escape(_CP1251_CONT) + "]")
# one character class first: scanning for it is several times faster than for _MARKERS
_MARKER_LEAD = re.compile("[ÃÂÈÄÅÐÑâ�]")


def fix_mojibake(text: str) -> str:
    """The run-wise repair, then ftfy on what still looks like mojibake (step 2)."""
    text = repair_mojibake(text)
    if not ((_MARKER_LEAD.search(text) and _MARKERS.search(text)) or _CP1251_MOJIBAKE.search(text)):
        return text
    import ftfy  # imported on first need: most text never gets here

    return ftfy.fix_encoding(text)


def repair_mojibake(text: str) -> str:
    """Re-decode UTF-8-read-as-cp1252/latin-1 runs, only if that lowers the marker count."""
    if not _MARKER_LEAD.search(text):
        return text
    before = _count_markers(text)
    if before == 0 or not _MOJIBAKE_SEQ.search(text):
        return text
    fixed = _MOJIBAKE_SEQ.sub(_fix_run, text)
    if fixed != text and _count_markers(fixed) < before:
        return fixed
    return text


def _tidy(text: str) -> str:
    if "\r" in text or _NEWLINES.search(text):
        text = _NEWLINES.sub("\n", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if _SPECIAL.search(text):
        text = _SPECIAL.sub(_translate_match, text)
    # NFC may recompose a base letter + combining cedilla into ş/ţ; translate handled
    # the precomposed forms, handle decomposed "s\u0327" leftovers as well.
    if "\u0327" in text:
        text = (text.replace("s\u0327", "ș").replace("t\u0327", "ț")
                .replace("S\u0327", "Ș").replace("T\u0327", "Ț"))
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        text = _TRAILING.sub("", text)
    return text


def _translate_match(m: re.Match[str]) -> str:
    return _TRANSLATE[ord(m.group())] or ""


def normalize_text(text: str) -> str:
    """Normalise *text* (see module docstring). Idempotent."""
    if not text:
        return ""
    current = _tidy(fix_mojibake(text))
    for _ in range(5):
        nxt = _tidy(fix_mojibake(current))
        if nxt == current:
            break
        current = nxt
    return current
