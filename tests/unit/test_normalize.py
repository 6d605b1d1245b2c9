"""Unit tests for newsevents.normalize."""
import pytest
from hypothesis import given, settings, strategies as st

from newsevents.normalize import normalize_text


@pytest.mark.parametrize("raw, expected", [
    ("a\u00a0b", "a b"),                      # NBSP
    ("a\u2009b\u202fc\u3000d", "a b c d"),    # thin / narrow / ideographic spaces
    ("ab\u200bc\u200d\ufeffd\u00ad", "abcd"),  # zero-width, BOM, soft hyphen removed
    ("a\x00b\x07c\x1bd", "abcd"),            # control characters removed
    ("a\tb\nc", "a\tb\nc"),                  # \t and \n kept
    ("a\r\nb\rc", "a\nb\nc"),                # CRLF / CR
    ("line  \t\nnext ", "line\nnext"),       # trailing spaces per line
    ("Bucureşti, ţară, Ştefan, Ţara", "București, țară, Ștefan, Țara"),  # cedilla -> comma
    ("e\u0301", "é"),                        # NFC
    ("ÈšarÄƒ È™i RomÃ¢nia", "Țară și România"),  # UTF-8 read as cp1252
    ("itâ€™s â€žbineâ€\x9d", "it’s „bine”"),
    ("ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Привет"),
    ("cafÃ©", "café"),
])
def test_normalize_cases(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("text", [
    "España y Ñandú", "Ångström", "© 2024 Reuters", "Â propos", "Ça va", "Über Äpfel",
    "România și Moldova", "Привет, мир", "Київ", "naïve café", "2 × 3 = 6 ± 1",
])
def test_legit_text_not_touched(text):
    assert normalize_text(text) == text


@pytest.mark.parametrize("text, misread", [
    ("Силы ПВО за ночь уничтожили 36 беспилотников над четырьмя областями.", ("cp1251",)),
    ("Сили ППО збили 40 дронів над шістьма областями, повідомили в Повітряних силах.", ("cp1251",)),
    ("Forțele ruse au lansat peste noapte 48 de drone, a anunțat aviația ucraineană.", ("cp1252", "cp1252")),
    ("La Russie a lancé 48 drones et trois missiles guidés pendant la nuit.", ("cp1252", "cp1252")),
])
def test_cp1251_and_double_mojibake(text, misread):
    """UTF-8 read as cp1251 (Russian and Ukrainian archives) and text mis-decoded twice
    are left by the run-wise repair and repaired by ftfy (bench/clean/bench_mojibake.py)."""
    broken = text
    for enc in misread:
        broken = broken.encode("utf-8").decode(enc)
    assert broken != text
    assert normalize_text(broken) == text


def test_mixed_text_repairs_only_mojibake():
    assert normalize_text("ș corect și greÈ™it") == "ș corect și greșit"


def test_empty():
    assert normalize_text("") == ""


def test_idempotent_examples():
    for s in ["Ã\u200b©", "Â\xa0x", "a\r\n\r\nb  ", "ÈšarÄƒ\u00a0ş"]:
        once = normalize_text(s)
        assert normalize_text(once) == once


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăşţș ÃÂÈâ€™š©\u00a0\u200b\r\n\t\x00\x9dÐŸÑ€xé\u0301")), max_size=40))
def test_idempotent_property(s):
    once = normalize_text(s)
    assert normalize_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_idempotent_any_text(s):
    once = normalize_text(s)
    assert normalize_text(once) == once
    assert "\r" not in once and "\x00" not in once and "\u00a0" not in once
