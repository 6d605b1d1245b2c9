"""A folder of hostile inputs, the way scraped archives really arrive.

``make_hostile_archive(folder, seeds)`` writes them and returns what each one must become:
``"ok"`` (processed, possibly after repair) or the quarantine reason.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import zipfile
from pathlib import Path

RO = ("Forțele ruse au capturat trei așezări în estul Ucrainei, afirmă ministerul apărării de la Moscova. "
      "Știrile au fost confirmate de agenții.\n")
RU = ("Средствами ПВО перехвачены и уничтожены 25 украинских беспилотников над территорией Курской области, "
      "сообщило Минобороны России.\n")
EN = "Russia’s air defence systems destroyed 15 Ukrainian drones overnight, the defence ministry said.\n"


def make_hostile_archive(folder: Path, seeds: Path, max_bytes: int) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str, meta=None) -> None:
        (folder / name).write_bytes(data)
        if meta is not None:
            (folder / (name + ".meta.json")).write_text(meta if isinstance(meta, str) else json.dumps(meta))
        expect[name] = outcome

    seed = seeds / "002_d5a8e68a0df2efb6.txt"
    shutil.copy(seed, folder / "good.txt")
    shutil.copy(seeds / "002_d5a8e68a0df2efb6.txt.meta.json", folder / "good.txt.meta.json")
    expect["good.txt"] = "ok"
    put("same-as-good.txt", seed.read_bytes(), "ok", {"published_at": "2025-02-08"})
    put("empty.txt", b"", "empty")
    put("whitespace.txt", b" \n\t\n", "empty")
    put("binary.txt", bytes(range(256)) * 64, "binary")
    put("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(500), "binary")
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("inner.txt", EN * 10)
    put("zip-renamed.txt", zbuf.getvalue(), "binary")
    put("gzip-renamed.txt", gzip.compress(EN.encode() * 5), "ok")
    put("bomb.txt.gz", gzip.compress(b"\0" * (max_bytes * 4)), "decompression_bomb")
    put("corrupt.txt.gz", b"\x1f\x8b\x08\x00garbage-not-deflate", "corrupt_archive")
    put("too-big.txt", (EN * (max_bytes // len(EN) + 10)).encode(), "too_large")
    put("cp1250.txt", RO.replace("ț", "ţ").replace("ș", "ş").replace("Ș", "Ş").encode("cp1250") * 3, "ok")
    put("iso8859-2.txt", RO.replace("ț", "ţ").replace("ș", "ş").replace("Ș", "Ş").encode("iso8859-2") * 3, "ok")
    put("cp1251.txt", RU.encode("cp1251") * 3, "ok")
    put("koi8r.txt", RU.encode("koi8-r") * 3, "ok")
    put("cp1252.txt", EN.encode("cp1252") * 3, "ok")
    put("mojibake.txt", (RO * 3).encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"), "ok")
    put("utf16.txt", (EN * 3).encode("utf-16"), "ok")
    put("nul.txt", EN.encode().replace(b" ", b" \x00", 3) * 3, "ok")
    put("sql.txt", (EN + "'); DROP TABLE raw.documents; -- \\x00 $$ E'\\\\' ;\n").encode(), "ok")
    put("script.html", (b"<html><body><p>" + EN.encode() + b"</p><script>alert('x')</script>"
                        b"<img src=x onerror=alert(1)></body></html>"), "ok")
    put("one-line.txt", ((EN.strip() + " ") * 20000).encode(), "ok")
    put("deep.html", b"<html><body>" + b"<div>" * 20000 + EN.encode() + b"</div>" * 20000 + b"</body></html>", "ok")
    put("broken.html", b"<html><body><p>" + EN.encode() + b"<div><span><p>unclosed <b>bold <table><tr><td>"
        + EN.encode() * 2, "ok")
    put("bad-sidecar.txt", EN.encode() * 2, "ok", "{not json")
    put("wrong-types.txt", EN.encode() * 2 + b"x", "ok", {"published_at": 20240101, "url": 5})
    put("impossible-date.txt", EN.encode() * 2 + b"y", "ok", {"published_at": "2024-02-31"})
    return expect
