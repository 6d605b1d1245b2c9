"""Files that vanish or change while a run reads them, and bounded memory on big inputs."""

import resource
import subprocess
import sys

from newsevents import ingest


def test_file_vanishing_between_discovery_and_read(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Russia's air defence systems destroyed 15 Ukrainian drones overnight.")
    found = ingest.discover([tmp_path])
    p.unlink()
    item = ingest.read_input(found[0])
    assert isinstance(item, ingest.Quarantined) and item.reason == "missing"


def test_file_changing_after_read_keeps_the_bytes_that_were_read(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("first version of the story, long enough to be text")
    first = ingest.read_input(p)
    p.write_text("second version of the story, long enough to be text")
    second = ingest.read_input(p)
    assert first.doc_id == ingest.content_hash(first.content)
    assert second.doc_id != first.doc_id, "a changed file is a new document, identified by its new bytes"


def test_unreadable_file_is_quarantined(tmp_path):
    p = tmp_path / "dir.txt"
    p.mkdir()
    item = ingest.read_input(p)
    assert isinstance(item, ingest.Quarantined) and item.reason == "unreadable"


def test_peak_memory_is_bounded_on_a_bomb_and_a_huge_file(tmp_path):
    """A 2 GB gzip bomb and a file 10x over the limit are refused without being read whole."""
    import gzip
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        chunk = b"\0" * (1 << 20)
        for _ in range(2048):
            fh.write(chunk)
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.write(b"word " * (40 * 1024 * 1024 // 5))
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from newsevents import ingest\n"
        f"a = ingest.read_input(Path({str(bomb)!r}), max_bytes=4 << 20)\n"
        f"b = ingest.read_input(Path({str(big)!r}), max_bytes=4 << 20)\n"
        "assert a.reason == 'decompression_bomb' and b.reason == 'too_large', (a, b)\n"
        # VmHWM is this process's own high-water mark: ru_maxrss would carry over the
        # parent's peak across fork+exec and measure the test runner instead.
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    peak_kb = int(out.stdout.strip().splitlines()[-1])
    assert peak_kb < 300 * 1024, f"peak RSS {peak_kb} KB"
