"""Property tests: the stages never raise and stay fast on arbitrary input."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents import dedup, ingest, langid
from newsevents.normalize import normalize_text
from newsevents.pipeline import clean_stage, extract_stage

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TAGS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<!--", "-->", "<br>",
                        "<a href='x'>", "</a>", "<h1>", "<table><tr><td>", "&amp;", "&#x0;", "<", ">", "\n"])
WORDS = st.sampled_from(["drones", "dronă", "83", "1.185", "10,000", "Kursk", "Harkov", "overnight", "vineri",
                         "said", "a afirmat", "Subscribe", "0 Comments", "©", "—", "“", "\u00a0", "ş", "\x00"])
HTMLISH = st.lists(st.one_of(TAGS, WORDS, st.text(max_size=20)), max_size=200).map(" ".join)


@FAST
@given(st.one_of(st.text(max_size=3000), HTMLISH))
def test_cleaning_never_raises(text):
    start = time.perf_counter()
    for is_html in (False, True, None):
        result = clean_stage(text, is_html)
        assert result.text == "\n".join(result.paragraphs)
    assert time.perf_counter() - start < 5


@FAST
@given(st.text(max_size=2000))
def test_normalize_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\x00" not in once


@FAST
@given(st.binary(max_size=4000))
def test_decoding_arbitrary_bytes_is_text_or_a_reason(data):
    try:
        text, enc = ingest.decode_bytes(data)
        assert isinstance(text, str)
    except ingest.InputRejected as exc:
        assert exc.reason in {"binary", "undecodable"}


@FAST
@given(st.lists(st.text(max_size=300), max_size=20))
def test_dedup_and_langid_never_raise(paragraphs):
    dedup.repeated_paragraphs(paragraphs)
    labels = langid.detect_paragraphs(paragraphs)
    langid.document_language(paragraphs, labels)
    a = dedup.document("a", "\n".join(paragraphs))
    b = dedup.document("b", "\n".join(reversed(paragraphs)))
    assert dedup.compare(a, b).duplicate == dedup.compare(b, a).duplicate


@FAST
@given(st.one_of(st.text(max_size=2000), st.lists(WORDS, max_size=300).map(" ".join)),
       st.sampled_from([None, "en", "ro", "ru", "uk", "fr", "und"]),
       st.dates())
def test_extraction_never_raises_and_evidence_is_in_text(text, lang, published):
    start = time.perf_counter()
    for ev in extract_stage(text, published, lang):
        assert text[ev["evidence_start"]:ev["evidence_end"]] == ev["evidence"]
        for q in (ev.get("quantities") or {}).values():
            assert isinstance(q, int) and q >= 0
    assert time.perf_counter() - start < 5


@FAST
@given(st.text(max_size=500), st.sampled_from(["en", "ro", "ru", "uk", "fr"]))
def test_number_parser_never_raises(text, lang):
    from newsevents.extract import numbers
    from newsevents.extract.text import fold

    folded = fold(text)
    for n in numbers.find_numbers(folded, lang):
        assert 0 <= n.start < n.end <= len(folded)
        assert isinstance(n.value, int)


@FAST
@given(st.text(max_size=500), st.sampled_from(["en", "ro", "ru", "uk", "fr"]), st.dates())
def test_date_resolver_never_raises(text, lang, published):
    from newsevents.extract import dates
    from newsevents.extract.text import fold

    for t in dates.find_times(fold(text), lang, published):
        assert t.date_start <= t.date_end
