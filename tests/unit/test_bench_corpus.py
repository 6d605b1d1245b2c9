"""The benchmark corpus generator: deterministic, the sizes asked for, a dated archive."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(shared_dir):
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "pipeline" / "corpus.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    if not (shared_dir / "data" / "langid").is_dir():
        pytest.skip("../shared/data is absent: the corpus is built from it")
    return mod


@pytest.fixture(scope="module")
def sources(corpus):
    return corpus.load_sources()


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_bytes(corpus, sources, tmp_path):
    a = corpus.generate(tmp_path / "a", text=120, html=12, seed=5, src=sources)
    b = corpus.generate(tmp_path / "b", text=120, html=12, seed=5, src=sources)
    corpus.generate(tmp_path / "c", text=120, html=12, seed=6, src=sources)
    assert a == b
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    assert tree_digest(tmp_path / "a") != tree_digest(tmp_path / "c")
    # asking again for the same corpus reuses it; another one in the same folder is refused
    assert corpus.generate(tmp_path / "a", text=120, html=12, seed=5, src=sources) == a
    with pytest.raises(FileExistsError):
        corpus.generate(tmp_path / "a", text=121, html=12, seed=5, src=sources)


def test_sizes_sidecars_and_duplicates(corpus, sources, tmp_path):
    stats = corpus.generate(tmp_path, text=400, html=40, seed=1, start=date(2024, 1, 30), per_day=50, src=sources)
    texts = sorted((tmp_path / "text").rglob("*.txt"))
    pages = sorted((tmp_path / "html").rglob("*.html"))
    assert len(texts) == 400 and len(pages) == 40 and stats["documents"] == 440
    assert stats["bytes"]["text"] == sum(p.stat().st_size for p in texts)
    assert 1_000 < stats["bytes"]["text"] / 400 < 20_000      # news-article sized plain text
    assert stats["bytes"]["html"] / 40 > 10_000               # real pages, not snippets
    days = set()
    for p in texts + pages:
        meta = json.loads(Path(str(p) + ".meta.json").read_text())
        published = date.fromisoformat(meta["published_at"])
        days.add(published)
        assert p.parent.relative_to(tmp_path / p.relative_to(tmp_path).parts[0]).parts == (
            f"{published:%Y}", f"{published:%m}", f"{published:%d}")
        assert meta["url"] and meta["source"]
    assert min(days) == date(2024, 1, 30) and len(days) >= 8      # a dated archive over many days
    assert stats["near_duplicates"]["text"] > 20 and stats["exact_duplicates"]["text"] > 3
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in texts]
    assert len(set(digests)) == 400 - stats["exact_duplicates"]["text"]   # exact copies are byte-identical
    bodies = [p.read_text(encoding="utf-8") for p in texts]
    assert sum(bool(re.search(r"[а-яА-Я]", b)) for b in bodies) > 80          # ru and uk
    assert sum(bool(re.search(r"[ăîșțâ]", b)) for b in bodies) > 20           # ro
    assert sum("Subscribe" in b or "Share this article" in b for b in bodies) > 40  # injected boilerplate


def test_documents_are_regenerated_not_remembered(corpus, sources):
    """Document i is a function of (seed, kind, i): a near copy regenerates its original."""
    start = date(2022, 2, 24)
    docs = [corpus.document(3, sources, "text", i, 2000, start, 150) for i in range(300)]
    again = corpus.document(3, sources, "text", 299, 2000, start, 150)
    assert again == docs[299]
    copies = [d for d in docs if d.exact]
    assert copies and all(d.body == docs[d.copy_of].body for d in copies)
