"""Unit tests for per-source recurring lines (newsevents.recurring) and the CLI's use."""
import itertools
import json
import sys

from newsevents import cli, recurring
from newsevents.clean import clean_document

SITE = "Exemplu Media is published by the Exemplu Foundation for a free and informed press."
BODY = "Russian forces launched {n} drones at the Kharkiv region overnight, the air force said."


def doc(n, *extra):
    return clean_document("\n".join([BODY.format(n=n), f"Officials counted {n} impacts.", *extra]),
                          is_html=False)


def test_line_key_folds_case_and_space():
    assert recurring.line_key("Follow us  on Telegram") == recurring.line_key("follow us on telegram")
    assert recurring.line_key("Follow us on Telegram") != recurring.line_key("Follow us on Facebook")


def test_source_key_order():
    assert recurring.source_key("https://www.Digi24.ro/stiri/x", "Digi24", "https://other.org/a", "/a/b.txt") == "digi24.ro"
    assert recurring.source_key(None, "Agerpres", "https://other.org/a", "/a/b.txt") == "source:agerpres"
    assert recurring.source_key(None, None, "https://m.example.com/a", "/a/b.txt") == "m.example.com"
    assert recurring.source_key(None, None, None, "/arch/site/2024/11/01/x.txt") == "dir:/arch/site"
    assert recurring.source_key(None, None, None, "rel/x.txt") == "dir:rel"
    assert recurring.source_key("not a url", None, None, None) == "unknown"


def test_lines_in_min_docs_documents_are_removed_with_rule():
    results = [doc(i, SITE) for i in range(recurring.MIN_DOCS)]
    out = recurring.apply_batch([(r, "exemplu.ro") for r in results])
    for r in out:
        assert SITE not in r.paragraphs and r.paragraphs
        assert [x.rule for x in r.removed if x.text == SITE] == ["recurring"]
        assert r.text == "\n".join(r.paragraphs)


def test_below_threshold_or_other_source_stays():
    results = [doc(i, SITE) for i in range(recurring.MIN_DOCS)]
    fewer = recurring.apply_batch([(r, "exemplu.ro") for r in results[:-1]])
    assert all(SITE in r.paragraphs for r in fewer)
    split = recurring.apply_batch([(r, f"site{i % 2}") for i, r in enumerate(results)])
    assert all(SITE in r.paragraphs for r in split)


def test_batch_result_does_not_depend_on_order():
    results = [doc(i, SITE) for i in range(4)] + [doc(9)]
    ref = {r.paragraphs[0]: r for r in recurring.apply_batch([(r, "s") for r in results])}
    for perm in itertools.permutations(results):
        for r in recurring.apply_batch([(r, "s") for r in perm]):
            assert r == ref[r.paragraphs[0]]


def test_copies_are_not_stripped_bare():
    """A document made mostly of lines other documents share is a copy, not boilerplate."""
    same = [clean_document(BODY.format(n=5) + "\nShort local note.", is_html=False) for _ in range(4)]
    out = recurring.apply_batch([(r, "s") for r in same])
    assert all(r.paragraphs == same[0].paragraphs for r in out)
    assert out[0].meta.get("recurring_skipped")


def test_cli_clean_learns_per_source(tmp_path, monkeypatch, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(recurring.MIN_DOCS):
        (src / f"a{i}.txt").write_text(f"{BODY.format(n=i + 10)}\nOfficials counted {i} impacts.\n{SITE}\n",
                                       encoding="utf-8")
        (src / f"a{i}.txt.meta.json").write_text(json.dumps({"url": f"https://exemplu.ro/{i}"}))
    (src / "other.txt").write_text(f"{BODY.format(n=99)}\n{SITE}\n", encoding="utf-8")
    (src / "other.txt.meta.json").write_text(json.dumps({"url": "https://another.ro/x"}))
    monkeypatch.setattr(sys, "argv", ["newsevents"])
    assert cli.main(["clean", str(src), "--out", str(out)]) == 0
    for i in range(recurring.MIN_DOCS):
        text = (out / f"a{i}.txt").read_text(encoding="utf-8")
        assert SITE not in text and BODY.format(n=i + 10) in text
    assert SITE in (out / "other.txt").read_text(encoding="utf-8")
