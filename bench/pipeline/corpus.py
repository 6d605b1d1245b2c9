#!/usr/bin/env python3
"""A dated benchmark archive built from real text, at any size, streamed to disk.

    python bench/pipeline/corpus.py OUT [--text 100000] [--html 20000] [--seed 1]
                                        [--start 2022-02-24] [--per-day 150]

Why: throughput figures mean something only on input shaped like the real archive:
real sentences in the pipeline's languages, boilerplate widgets around them, and
republished near-copies. Nothing here is invented text; it is recombined from
``../shared`` (read at run time, never copied into the repository):

* plain text: sentences and paragraphs of the language-ID test set (UD and lingua-py
  texts in en, ro, ru, uk, fr, de, pl ...), VIINA news event texts (ru/uk), Russian MoD
  Telegram posts (real air-defence reports with numbers and regions), the article
  bodies of the AEB and WCXB ground truth, and the five seed articles;
* HTML: the 892 real pages of AEB and WCXB, each with a navigation bar, a share widget,
  a comment section and a real news paragraph injected into its article.

A share of documents republish an earlier one (another outlet's boilerplate, a word
changed: a near duplicate) or copy it byte for byte (an exact duplicate under another
name). Every file gets a ``.meta.json`` sidecar with ``published_at``, ``url`` and
``source``, and lives under ``OUT/{text,html}/YYYY/MM/DD/``: a dated archive that the
DAG's data intervals and backfills can select from.

Deterministic: document *i* is a pure function of (seed, kind, i), so a near copy of
document *j* regenerates *j* instead of remembering it; memory stays flat at any size.
"""

from __future__ import annotations

import argparse
import ast
import csv
import gzip
import json
import os
import random
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("NEWSEVENTS_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"

# Language mix of the plain-text part: the pipeline's languages first.
LANGUAGES = {"en": 0.30, "ru": 0.25, "uk": 0.15, "ro": 0.15, "fr": 0.10, "de": 0.03, "pl": 0.02}
NEAR_DUPLICATE = 0.12   # republished by another outlet with its own boilerplate
EXACT_DUPLICATE = 0.03  # the same bytes under another name
LOOKBACK = 400          # a copy republishes one of the previous LOOKBACK documents

# Widget and plea lines as scraped pages carry them, per language (the cleaner's job).
BOILERPLATE = {
    "en": ["Sign up to our free morning newsletter", "Subscribe", "0 Comments", "Latest news",
           "Share this article", "Read more:", "Photo: Reuters", "© All rights reserved",
           "Advertisement", "Follow us on Telegram", "Most read", "Leave a comment",
           "Support independent journalism: donate today", "Related articles", "Cookie settings"],
    "ro": ["Citește și", "Abonează-te la newsletter", "0 comentarii", "Ultimele știri", "Foto: Reuters",
           "Distribuie articolul", "Lasă un comentariu", "Urmărește-ne pe Google News", "Publicitate",
           "Cele mai citite"],
    "ru": ["Подписывайтесь на наш Telegram-канал", "Читайте также", "Комментарии", "Поделиться",
           "Реклама", "Самое читаемое", "Фото: РИА Новости", "Все права защищены"],
    "uk": ["Підписуйтесь на наш Telegram-канал", "Читайте також", "Коментарі", "Поділитися",
           "Реклама", "Найпопулярніше", "Фото: Укрінформ", "Усі права захищені"],
    "fr": ["Abonnez-vous à notre newsletter", "Lire aussi", "Commentaires", "Partager", "Publicité",
           "Les plus lus", "Photo : AFP", "Tous droits réservés"],
}
OUTLETS = ["wire.example.org", "daily.example.net", "kyiv.example.com", "moscow.example.ru",
           "bucharest.example.ro", "paris.example.fr", "aggregator.example.info"]


@dataclass(frozen=True)
class Sources:
    """The real texts documents are built from, loaded once (a few MB)."""

    sentences: dict[str, list[str]]    # language -> sentences / short paragraphs
    reports: dict[str, list[str]]      # language -> reports that state numbers (MoD, seeds)
    bodies: list[str]                  # article bodies (AEB, WCXB ground truth)
    pages: list[Path]                  # real HTML pages (.html.gz)


def _cyrillic_language(text: str) -> str:
    return "uk" if re.search(r"[іїєґІЇЄҐ]", text) else "ru"


def load_sources(data: Path = DATA, seeds: Path = SHARED / "seeds") -> Sources:
    if not (data / "langid" / "testset.jsonl").exists():
        raise FileNotFoundError(f"{data} is absent: the benchmark corpus is built from ../shared/data")
    sentences: dict[str, list[str]] = {}
    with open(data / "langid" / "testset.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["bucket"] in ("sentence", "paragraph") and len(r["text"]) >= 40:
                sentences.setdefault(r["lang"], []).append(r["text"])
    reports: dict[str, list[str]] = {}
    viina = data / "corpora" / "viina"
    for f in sorted(viina.glob("VIINA_*_REBUILD.csv")):
        with open(f, newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                t = (r.get("representative_text") or "").strip()
                if len(t) >= 40:
                    sentences.setdefault(_cyrillic_language(t), []).append(t)
    mod = data / "corpora" / "mod_russia_clean.csv"
    if mod.exists():
        with open(mod, newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                t = re.sub(r"\s+", " ", r["text_snippet"]).strip()
                if len(t) >= 80:
                    reports.setdefault("ru", []).append(t)
    for s in sorted(seeds.glob("*.txt")):
        paras = [p.strip() for p in s.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
        lang = "ro" if re.search(r"[ăâîșțş]", " ".join(paras)) else "en"
        reports.setdefault(lang, []).extend(p for p in paras if re.search(r"\d", p))
    bodies = []
    aeb = data / "aeb" / "ground-truth.json"
    if aeb.exists():
        bodies += [v["articleBody"] for _, v in sorted(json.loads(aeb.read_text(encoding="utf-8")).items())
                   if v.get("articleBody")]
    for f in sorted((data / "wcxb-dev-articles" / "ground-truth").glob("*.json")):
        gt = json.loads(f.read_text(encoding="utf-8")).get("ground_truth")
        if isinstance(gt, str):  # some files store it as a Python literal
            try:
                gt = ast.literal_eval(gt)
            except (ValueError, SyntaxError):
                continue
        if isinstance(gt, dict) and gt.get("main_content"):
            bodies.append(gt["main_content"])
    pages = sorted((data / "aeb" / "html").glob("*.html.gz")) + \
        sorted((data / "wcxb-dev-articles" / "html").glob("*.html.gz"))
    for lang in LANGUAGES:
        if not sentences.get(lang):
            raise ValueError(f"no {lang} sentences in {data}")
    return Sources(sentences, reports, bodies, pages)


@lru_cache(maxsize=64)
def _page(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


# --- one document ---------------------------------------------------------------------

def _rng(seed: int, kind: str, i: int) -> random.Random:
    return random.Random(f"{seed}:{kind}:{i}")


def _language(rng: random.Random) -> str:
    return rng.choices(list(LANGUAGES), weights=list(LANGUAGES.values()))[0]


def _paragraph(rng: random.Random, src: Sources, lang: str) -> str:
    pool = src.sentences[lang]
    return " ".join(rng.choice(pool) for _ in range(rng.randint(1, 4)))


def _article(rng: random.Random, src: Sources, lang: str) -> tuple[str, list[str]]:
    """A title and the paragraphs of one story, in one language."""
    title = rng.choice(src.sentences[lang])[:160]
    paras = [_paragraph(rng, src, lang) for _ in range(rng.randint(3, 10))]
    if src.reports.get(lang) and rng.random() < 0.5:  # a report that states numbers
        paras.insert(rng.randint(0, len(paras)), rng.choice(src.reports[lang]))
    if lang == "en" and src.bodies and rng.random() < 0.6:  # news and blog article bodies
        body = [p.strip() for p in rng.choice(src.bodies).split("\n") if len(p.strip()) > 40]
        start = rng.randint(0, max(0, len(body) - 4))
        paras += body[start : start + rng.randint(2, 6)]
    return title, paras


def _boilerplate(rng: random.Random, lang: str, k: int) -> list[str]:
    lines = BOILERPLATE.get(lang, BOILERPLATE["en"])
    return [rng.choice(lines) for _ in range(k)]


def _mutate(rng: random.Random, paras: list[str]) -> list[str]:
    """A republished copy: one word dropped in one paragraph, maybe the last paragraph cut."""
    out = list(paras)
    i = rng.randrange(len(out))
    words = out[i].split(" ")
    if len(words) > 8:
        del words[rng.randrange(len(words))]
        out[i] = " ".join(words)
    if len(out) > 4 and rng.random() < 0.3:
        out.pop()
    return out


@dataclass(frozen=True)
class Document:
    kind: str          # "text" or "html"
    index: int
    name: str
    published_at: date
    source: str
    body: bytes
    copy_of: int | None = None
    exact: bool = False


def _text_story(seed: int, src: Sources, i: int) -> tuple[str, str, list[str]]:
    rng = _rng(seed, "text-story", i)
    lang = _language(rng)
    title, paras = _article(rng, src, lang)
    return lang, title, paras


def _render_text(rng: random.Random, lang: str, title: str, paras: list[str]) -> str:
    head = _boilerplate(rng, lang, rng.randint(0, 3))
    tail = _boilerplate(rng, lang, rng.randint(1, 4))
    body = list(paras)
    if len(body) > 3 and rng.random() < 0.4:  # a "read also" teaser inside the story
        body.insert(rng.randint(1, len(body) - 1), _boilerplate(rng, lang, 1)[0])
    return "\n\n".join(head + [title] + body + tail) + "\n"


def _html_story(seed: int, src: Sources, i: int) -> tuple[Path, str, str, list[str]]:
    rng = _rng(seed, "html-story", i)
    page = src.pages[rng.randrange(len(src.pages))]
    lang = _language(rng)
    title, paras = _article(rng, src, lang)
    return page, lang, title, paras[: rng.randint(1, 3)]


_BODY_OPEN = re.compile(r"<body[^>]*>", re.IGNORECASE)
_FIRST_P = re.compile(r"<p[\s>]", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _render_html(rng: random.Random, page: str, lang: str, title: str, paras: list[str]) -> str:
    nav = "<nav class=\"site-menu\"><ul>" + "".join(
        f"<li><a href=\"/section/{k}\">{_escape(t)}</a></li>"
        for k, t in enumerate(_boilerplate(rng, lang, rng.randint(4, 9)))) + "</ul></nav>"
    story = f"<h2>{_escape(title)}</h2>" + "".join(f"<p>{_escape(p)}</p>" for p in paras)
    share = "<div class=\"share-widget\">" + " | ".join(
        _escape(t) for t in _boilerplate(rng, lang, 3)) + "</div>"
    comments = "<section id=\"comments\" class=\"comments\"><h3>" + _escape(_boilerplate(rng, lang, 1)[0]) + \
        "</h3>" + "".join(f"<div class=\"comment\"><p>{_escape(rng.choice(paras)[:120])}</p></div>"
                          for _ in range(rng.randint(0, 4))) + "</section>"
    m = _BODY_OPEN.search(page)
    at = m.end() if m else 0
    page = page[:at] + nav + page[at:]
    m = _FIRST_P.search(page, at + len(nav))
    at = m.start() if m else len(page)
    page = page[:at] + story + share + page[at:]
    m = _BODY_CLOSE.search(page)
    at = m.start() if m else len(page)
    return page[:at] + comments + page[at:]


def document(seed: int, src: Sources, kind: str, i: int, n: int, start: date, per_day: int) -> Document:
    """Document ``i`` of ``n`` of a kind, the same bytes for the same arguments."""
    rng = _rng(seed, kind, i)
    day = start + timedelta(days=i // per_day)
    copy_of = None
    exact = False
    r = rng.random()
    if i > 0 and r < EXACT_DUPLICATE + NEAR_DUPLICATE:
        copy_of = max(0, i - rng.randint(1, LOOKBACK))
        exact = r < EXACT_DUPLICATE
    story = copy_of if copy_of is not None else i
    if exact:  # the same bytes as the original, republished a day or two later
        original = document(seed, src, kind, story, n, start, per_day)
        day = original.published_at + timedelta(days=rng.randint(0, 2))
        return Document(kind, i, f"{kind}-{i:07d}.{'html' if kind == 'html' else 'txt'}", day,
                        rng.choice(OUTLETS), original.body, copy_of, True)
    render = _rng(seed, f"{kind}-render", i)  # the outlet's own boilerplate
    if kind == "text":
        lang, title, paras = _text_story(seed, src, story)
        if copy_of is not None:
            paras = _mutate(render, paras)
        body = _render_text(render, lang, title, paras)
    else:
        page, lang, title, paras = _html_story(seed, src, story)
        if copy_of is not None:
            paras = _mutate(render, paras)
        body = _render_html(render, _page(page), lang, title, paras)
    ext = "html" if kind == "html" else "txt"
    return Document(kind, i, f"{kind}-{i:07d}.{ext}", day, rng.choice(OUTLETS), body.encode("utf-8"),
                    copy_of, False)


def documents(seed: int, src: Sources, kind: str, n: int, start: date, per_day: int) -> Iterator[Document]:
    for i in range(n):
        yield document(seed, src, kind, i, n, start, per_day)


# --- the archive on disk --------------------------------------------------------------

def write(out: Path, doc: Document) -> int:
    folder = out / doc.kind / f"{doc.published_at:%Y}" / f"{doc.published_at:%m}" / f"{doc.published_at:%d}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / doc.name).write_bytes(doc.body)
    meta = {"published_at": doc.published_at.isoformat(), "source": doc.source,
            "url": f"https://{doc.source}/{doc.published_at:%Y/%m/%d}/{doc.name.rsplit('.', 1)[0]}"}
    (folder / (doc.name + ".meta.json")).write_text(json.dumps(meta), encoding="utf-8")
    return len(doc.body)


def manifest_key(text: int, html: int, seed: int, start: date, per_day: int) -> dict:
    return {"text": text, "html": html, "seed": seed, "start": start.isoformat(), "per_day": per_day,
            "version": 1}


def generate(out: Path, *, text: int, html: int, seed: int = 1, start: date = date(2022, 2, 24),
             per_day: int = 150, src: Sources | None = None, progress=None) -> dict:
    """Write the archive (reusing it when OUT already holds the same one). Returns the manifest."""
    key = manifest_key(text, html, seed, start, per_day)
    manifest = out / "manifest.json"
    if manifest.exists():
        old = json.loads(manifest.read_text())
        if {k: old.get(k) for k in key} == key:
            return old
        raise FileExistsError(f"{out} holds another corpus ({old}); remove it or choose another folder")
    src = src or load_sources()
    stats = dict(key, documents=0, bytes={"text": 0, "html": 0}, near_duplicates={"text": 0, "html": 0},
                 exact_duplicates={"text": 0, "html": 0}, first_day=start.isoformat(), last_day=start.isoformat())
    html_per_day = max(1, per_day * html // max(text, 1)) if text else per_day
    for kind, n, pd in (("text", text, per_day), ("html", html, html_per_day)):
        for doc in documents(seed, src, kind, n, start, pd):
            stats["bytes"][kind] += write(out, doc)
            stats["documents"] += 1
            stats["near_duplicates"][kind] += doc.copy_of is not None and not doc.exact
            stats["exact_duplicates"][kind] += doc.exact
            stats["last_day"] = max(stats["last_day"], doc.published_at.isoformat())
            if progress and stats["documents"] % 10000 == 0:
                progress(stats["documents"])
    manifest.write_text(json.dumps(stats, indent=2))
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--text", type=int, default=100_000)
    ap.add_argument("--html", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=date.fromisoformat, default=date(2022, 2, 24))
    ap.add_argument("--per-day", type=int, default=150, help="plain-text documents per day")
    args = ap.parse_args()
    try:
        stats = generate(args.out, text=args.text, html=args.html, seed=args.seed, start=args.start,
                         per_day=args.per_day, progress=lambda n: print(f"  {n} documents", file=sys.stderr))
    except FileNotFoundError as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return 0
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
