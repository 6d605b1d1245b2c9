#!/usr/bin/env python3
"""Mojibake repair: our hand-written ``normalize.repair_mojibake`` against ftfy.

    python bench/clean/bench_mojibake.py [--per-lang N]

Cases are generated from real paragraphs (``../shared/data/langid/testset.jsonl``:
Romanian, Russian, Ukrainian, French, English, Portuguese, German, Polish): UTF-8 bytes
read as cp1252, as latin-1, as cp1251 (a Cyrillic archive's usual accident), read as
cp1252 twice, one sentence of the paragraph mis-read in otherwise good text, and the
clean paragraph itself (which must come back unchanged). A case counts as repaired when
the output equals the original paragraph (both NFC). ftfy is run as ``fix_encoding``
(its encoding repair alone; the rest of ``fix_text`` changes quotes and widths). The
speed is over all cases, clean ones included (the default runs ftfy only on leftovers).
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "include"))
TESTSET = ROOT.parent / "shared" / "data" / "langid" / "testset.jsonl"
LANGS = ("ro", "ru", "uk", "fr", "en", "pt", "de", "pl")


def _misread(text: str, enc: str) -> str | None:
    try:
        return text.encode("utf-8").decode(enc)
    except UnicodeDecodeError:
        return None


def cases(per_lang: int) -> list[tuple[str, str, str, str]]:
    """(language, kind, broken text, original)."""
    seen: collections.Counter = collections.Counter()
    out = []
    with TESTSET.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            lang = d["lang"]
            if lang not in LANGS or d["bucket"] != "paragraph" or seen[lang] >= per_lang:
                continue
            seen[lang] += 1
            text = unicodedata.normalize("NFC", d["text"])
            out.append((lang, "clean", text, text))
            for kind, enc in (("cp1252", "cp1252"), ("latin-1", "latin-1"), ("cp1251", "cp1251")):
                bad = _misread(text, enc)
                if bad is not None and bad != text:
                    out.append((lang, kind, bad, text))
            twice = _misread(text, "cp1252")
            twice = _misread(twice, "cp1252") if twice else None
            if twice and twice != text:
                out.append((lang, "cp1252 twice", twice, text))
            cut = text.find(". ")
            if 0 < cut < len(text) - 2:
                bad = _misread(text[cut + 2:], "cp1252")
                if bad and bad != text[cut + 2:]:
                    out.append((lang, "one sentence cp1252", text[: cut + 2] + bad, text))
    return out


def _systems():
    import ftfy

    from newsevents.normalize import fix_mojibake, repair_mojibake

    return {"run-wise repair alone (repair_mojibake)": repair_mojibake,
            f"ftfy {ftfy.__version__} fix_encoding alone": ftfy.fix_encoding,
            "both: run-wise, then ftfy on leftovers (fix_mojibake, the default)": fix_mojibake}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-lang", type=int, default=60)
    args = ap.parse_args()
    if not TESTSET.exists():
        print(f"skipped: {TESTSET} is absent (../shared is not beside this checkout)")
        return 0
    data = cases(args.per_lang)
    kinds = sorted({k for _, k, _, _ in data}, key=lambda k: (k != "clean", k))
    langs = [lang for lang in LANGS if any(c[0] == lang for c in data)]
    print(f"{len(data)} cases from {len(langs)} languages")
    for name, fn in _systems().items():
        ok: collections.Counter = collections.Counter()
        total: collections.Counter = collections.Counter()
        t0 = time.process_time()
        outs = [fn(bad) for _, _, bad, _ in data]
        cpu = time.process_time() - t0
        for (lang, kind, _, orig), out in zip(data, outs):
            total[kind] += 1
            total[(lang, kind)] += 1
            if unicodedata.normalize("NFC", out) == orig:
                ok[kind] += 1
                ok[(lang, kind)] += 1
        mb = sum(len(bad.encode()) for _, _, bad, _ in data) / 1e6
        print(f"\n{name}: {mb / cpu:.1f} MB/s")
        print(f"  {'kind':<22}" + "".join(f"{lang:>8}" for lang in langs) + f"{'all':>8}")
        for kind in kinds:
            cells = "".join(f"{ok[(lang, kind)]:>4}/{total[(lang, kind)]:<3}" if total[(lang, kind)] else f"{'-':>8}"
                            for lang in langs)
            print(f"  {kind:<22}{cells}{ok[kind] / total[kind]:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
