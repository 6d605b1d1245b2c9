import gzip
import json
from datetime import date

from newsevents import ingest


def write(tmp_path, name, data, meta=None):
    p = tmp_path / name
    p.write_bytes(data)
    if meta is not None:
        (tmp_path / (name + ".meta.json")).write_text(meta if isinstance(meta, str) else json.dumps(meta))
    return p


def test_plain_text_with_sidecar(tmp_path):
    p = write(tmp_path, "a.txt", "Salut, lume.\n".encode(), {"published_at": "2024-11-01", "url": "https://x/y"})
    doc = ingest.read_input(p)
    assert isinstance(doc, ingest.RawDocument)
    assert doc.published_at == date(2024, 11, 1)
    assert doc.url == "https://x/y"
    assert doc.doc_id == ingest.content_hash("Salut, lume.\n".encode())
    assert not doc.is_html


def test_same_bytes_same_identity(tmp_path):
    a = ingest.read_input(write(tmp_path, "a.txt", b"same story"))
    b = ingest.read_input(write(tmp_path, "b.txt", b"same story"))
    assert a.doc_id == b.doc_id


def test_gzip_input_is_hashed_decompressed(tmp_path):
    raw = "<html><body><p>Hello there, world.</p></body></html>".encode()
    doc = ingest.read_input(write(tmp_path, "p.html.gz", gzip.compress(raw)))
    assert doc.doc_id == ingest.content_hash(raw)
    assert doc.is_html


def test_decompression_bomb_is_quarantined(tmp_path):
    bomb = gzip.compress(b"a" * (5 * 1024 * 1024))
    q = ingest.read_input(write(tmp_path, "bomb.txt.gz", bomb), max_bytes=1024 * 1024)
    assert isinstance(q, ingest.Quarantined) and q.reason == "decompression_bomb"


def test_empty_binary_and_oversize_are_quarantined(tmp_path):
    assert ingest.read_input(write(tmp_path, "e.txt", b"")).reason == "empty"
    assert ingest.read_input(write(tmp_path, "z.txt", b"PK\x03\x04rest")).reason == "binary"
    assert ingest.read_input(write(tmp_path, "big.txt", b"x" * 2000), max_bytes=1000).reason == "too_large"
    assert ingest.read_input(tmp_path / "missing.txt").reason == "missing"


def test_legacy_encodings_and_bom(tmp_path):
    ro = "Forțele ruse au capturat trei așezări în estul Ucrainei, potrivit ministerului."
    doc = ingest.read_input(write(tmp_path, "u16.txt", ro.encode("utf-16")))
    assert doc.text == ro
    ru = "Средствами ПВО перехвачены и уничтожены беспилотники над территорией области."
    doc = ingest.read_input(write(tmp_path, "cp.txt", ru.encode("cp1251")))
    assert doc.text == ru


def test_nul_bytes_stripped(tmp_path):
    doc = ingest.read_input(write(tmp_path, "n.txt", b"abc\x00def ghi"))
    assert doc.text == "abcdef ghi"


def test_broken_sidecars_are_reported_not_fatal(tmp_path):
    doc = ingest.read_input(write(tmp_path, "a.txt", b"text", "{not json"))
    assert isinstance(doc, ingest.RawDocument) and doc.warnings
    doc = ingest.read_input(write(tmp_path, "b.txt", b"text", {"published_at": 20240101}))
    assert doc.published_at is None and doc.warnings
    doc = ingest.read_input(write(tmp_path, "c.txt", b"text", {"published_at": "2024-02-31"}))
    assert doc.published_at is None and doc.warnings
    doc = ingest.read_input(write(tmp_path, "d.txt", b"text", ["a"]))
    assert doc.warnings


def test_date_from_archive_path(tmp_path):
    d = tmp_path / "archive" / "2024" / "11" / "01"
    d.mkdir(parents=True)
    p = d / "x.txt"
    p.write_text("Some text here.")
    assert ingest.read_input(p).published_at == date(2024, 11, 1)


def test_discover_skips_sidecars_and_sorts(seeds_dir):
    found = ingest.discover([seeds_dir])
    assert [p.name for p in found] == sorted(p.name for p in seeds_dir.glob("*.txt"))
