#!/usr/bin/env python3
"""Labelled near-duplicate benchmark built from real text in ../shared (never copied here).

    python bench/dedup/generate.py OUT_DIR [--seed 1] [--bases N]   # write .txt + .meta.json

Bases are real articles: the seeds, AEB and WCXB ground-truth bodies, VIINA event texts
and Russian MoD Telegram posts (exact duplicates among them dropped). Each base is one
story. Positives are republished copies of a base, each with 2-4 of: re-wrapped lines,
other boilerplate, a new headline, truncation (to 55-90%), a paragraph added or
removed, typos, other quote marks; published the same day, or (one copy in six) the next day by
another outlet. Copies are the text as a republisher's page looks after cleaning:
dedup is measured on its own here (``bench_dedup.py --clean`` runs the cleaner first).
Hard negatives are stories of their own: the same template with other numbers (same
day), another place (same day), the same text two to thirty days later, and the same
topic another day (one to thirty days later, the adjacent day included) with other
numbers. Real template pairs (bases with word-shingle Jaccard >= 0.5: MoD posts of other
days) are labelled as what they are, different stories. ``bench_dedup.py`` scores
against this.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import random
import re
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "include"))
SHARED = Path(os.environ.get("NEWSEVENTS_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"

from newsevents.dedup.text import normalized  # noqa: E402

csv.field_size_limit(1 << 30)


@dataclass
class Item:
    name: str
    text: str
    published: date | None
    story: str                 # gold label: items with one story are duplicates
    kind: str                  # base / copy / template_numbers / template_place / same_text_other_day / other_day
    base: str                  # the base it was made from
    language: str
    transforms: tuple[str, ...] = field(default=())


# --- real bases ---------------------------------------------------------------------------

def _aeb():
    path = DATA / "aeb" / "ground-truth.json"
    if not path.exists():
        return
    for key, v in sorted(json.loads(path.read_text(encoding="utf-8")).items()):
        yield f"aeb-{key[:12]}", v.get("articleBody") or "", None, "en"


def _wcxb(limit: int):
    folder = DATA / "wcxb-dev-articles" / "ground-truth"
    for f in sorted(folder.glob("*.json"))[:limit]:
        d = json.loads(f.read_text(encoding="utf-8"))
        g = d.get("ground_truth")
        if isinstance(g, str):
            g = ast.literal_eval(g)
        text = (g or {}).get("main_content") or ""
        try:
            published = date.fromisoformat(str(g.get("publish_date"))[:10])
        except ValueError:
            published = None
        yield f"wcxb-{f.stem}", text, published, "und"


def _viina(limit: int, rng: random.Random):
    rows = []
    for f in sorted((DATA / "corpora" / "viina").glob("VIINA_20??_REBUILD.csv")):
        with open(f, newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if len(r["representative_text"]) >= 60:
                    rows.append(r)
    rng.shuffle(rows)
    for r in rows[:limit]:
        d = r["date"]
        _SOURCE_URLS[f"viina-{r['event_id_1pd']}"] = {u for u in r["source_urls"].split("|") if u}
        yield (f"viina-{r['event_id_1pd']}", r["representative_text"],
               date(int(d[:4]), int(d[4:6]), int(d[6:8])), "ru")


_SOURCE_URLS: dict[str, set[str]] = {}


def _mod(limit: int, rng: random.Random):
    path = DATA / "corpora" / "mod_russia_clean.csv"
    if not path.exists():
        return
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    idx = list(range(len(rows)))
    rng.shuffle(idx)
    for i in sorted(idx[:limit]):
        r = rows[i]
        yield f"mod-{i:04d}", r["text_snippet"], date.fromisoformat(r["date"]), "ru"


def _seeds():
    from newsevents.pipeline import clean_stage
    for f in sorted((SHARED / "seeds").glob("*.txt")):
        meta = json.loads(f.with_name(f.name + ".meta.json").read_text(encoding="utf-8"))
        text = clean_stage(f.read_text(encoding="utf-8"), False).text
        yield f"seed-{f.stem[:3]}", text, date.fromisoformat(meta["published_at"]), "und"


def load_bases(n_bases: int, rng: random.Random) -> list[tuple[str, str, date | None, str]]:
    """Real texts, exact duplicates (after normalisation) dropped, in a fixed order."""
    share = max(n_bases // 5, 1)
    sources = [_seeds(), _aeb(), _wcxb(share), _viina(share, rng), _mod(2 * share, rng)]
    seen, out = set(), []
    for src in sources:
        for key, text, published, lang in src:
            text = text.strip()
            norm = normalized(text)
            if len(norm) < 40 or norm in seen:
                continue
            seen.add(norm)
            if published is None:
                published = date(2024, 1, 1) + timedelta(days=rng.randrange(730))
            out.append((key, text, published, lang))
    return out


# --- transforms -----------------------------------------------------------------------------

BOILERPLATE = {
    "en": (["Share this article", "Follow us on Telegram", "Advertisement", "Listen to this article 4 min",
            "Sign up for our daily briefing", "Photo: Reuters"],
           ["Read more: live updates from Ukraine", "Subscribe to our newsletter",
            "© 2024 Example News Agency. All rights reserved.", "Reporting by staff; editing by the desk",
            "Related: what we know so far", "Comments (12)"]),
    "ru": (["Поделиться", "Подписывайтесь на наш Telegram-канал", "Реклама", "Фото: ТАСС"],
           ["Читайте также: главное за сутки", "Все новости о спецоперации", "© 2024 Информационное агентство",
            "Оставить комментарий", "Источник: РИА Новости"]),
    "ro": (["Distribuie articolul", "Urmărește-ne pe Facebook", "Publicitate", "Foto: Agerpres"],
           ["Citește și: ultimele știri", "Abonează-te la newsletter", "© 2024 Agenția de presă. Toate drepturile rezervate."]),
    "fr": (["Partager cet article", "Suivez-nous sur Telegram", "Publicité", "Photo : AFP"],
           ["Lire aussi : les dernières informations", "Abonnez-vous à notre newsletter", "© 2024 Agence de presse"]),
}
QUOTES = [("“", "”"), ("«", "»"), ("„", "“"), ('"', '"')]
_SENT = re.compile(r"(?<=[.!?…])\s+(?=\S)")
_NUM = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)?(?![\d])")


def _lang_of(text: str, lang: str) -> str:
    if lang in BOILERPLATE:
        return lang
    if re.search(r"[а-яА-Я]", text):
        return "ru"
    if re.search(r"[ășțâîĂȘȚÂÎ]", text):
        return "ro"
    if re.search(r"[éèàçêû]", text) and re.search(r"\b(le|la|les|des|est)\b", text):
        return "fr"
    return "en"


def _paragraphs(text: str) -> list[str]:
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return paras or [text]


def rewrap(text: str, rng: random.Random, ctx) -> str:
    width = rng.randint(55, 80)
    # a word longer than the line stays whole, as on a real page
    return "\n\n".join(textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False)
                       for p in _paragraphs(text))


def boilerplate(text: str, rng: random.Random, ctx) -> str:
    head, tail = BOILERPLATE[_lang_of(text, ctx["language"])]
    top = rng.sample(head, rng.randint(1, 2))
    bottom = rng.sample(tail, rng.randint(1, 3))
    return "\n".join(top) + "\n" + text + "\n" + "\n".join(bottom)


def headline(text: str, rng: random.Random, ctx) -> str:
    words = re.sub(r"\s+", " ", text).split(" ")
    n = rng.randint(5, 10)
    title = " ".join(words[:n]).rstrip(",.;:")
    prefix = rng.choice(["", "UPDATE: ", "LIVE: ", "Breaking - ", "Exclusive: ", ""])
    return f"{prefix}{title}\n\n{text}"


def truncate(text: str, rng: random.Random, ctx) -> str:
    """Keep the first 55-90% of the text: cut at the last sentence end in that range, or,
    when no sentence ends there (a short text of one or two sentences), at a word
    boundary with an ellipsis, as a teaser does. Never less than 55%: a copy keeping a
    fifth of a story is a headline pointing at it, not a republished copy."""
    low, target = 0.55 * len(text), len(text) * rng.uniform(0.55, 0.9)
    ends = [m.end() for m in re.finditer(r"[.!?…][\"»”']?(?=\s)", text) if low <= m.end() <= target]
    if ends:
        return text[: ends[-1]]
    cut = text.rfind(" ", 0, int(target))
    return text[:cut].rstrip(",;:–— ") + "…" if cut >= low else text


def paragraph_added(text: str, rng: random.Random, ctx) -> str:
    paras = _paragraphs(text)
    donor = rng.choice(_paragraphs(rng.choice(ctx["donors"])))
    # a background paragraph: one to three sentences, at most half as long as the story
    extra = " ".join(_SENT.split(donor)[: rng.randint(1, 3)])[: max(80, len(text) // 2)]
    paras.insert(rng.randint(1, len(paras)), extra)
    return "\n\n".join(paras)


def paragraph_removed(text: str, rng: random.Random, ctx) -> str:
    paras = _paragraphs(text)
    if len(paras) >= 3:
        del paras[rng.randrange(1, len(paras) - 1)]
        return "\n\n".join(paras)
    sentences = _SENT.split(text)
    if len(sentences) >= 3:
        del sentences[rng.randrange(1, len(sentences) - 1)]
        return " ".join(sentences)
    return text


def typos(text: str, rng: random.Random, ctx) -> str:
    """1 + one per 400 characters: letters only (a typo never changes a number), never
    inside a web address (a republished link is copied, not retyped)."""
    links = [m.span() for m in re.finditer(r"https?://\S+", text)]
    words = [m for m in re.finditer(r"[^\W\d_]{4,}", text)
             if not any(a <= m.start() < b for a, b in links)]
    if not words:
        return text
    chars = list(text)
    for m in rng.sample(words, min(len(words), 1 + len(text) // 400)):
        i = rng.randrange(m.start() + 1, m.end() - 1)
        op = rng.choice(["swap", "drop", "double", "sub"])
        if op == "swap":
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif op == "drop":
            chars[i] = ""
        elif op == "double":
            chars[i] = chars[i] * 2
        else:
            chars[i] = rng.choice("aeiouнтосе") if chars[i].isalpha() else chars[i]
    return "".join(chars)


def quotes(text: str, rng: random.Random, ctx) -> str:
    left, right = rng.choice(QUOTES)
    out = re.sub(r"[\"“”«»„]([^\"“”«»„]{1,300})[\"“”«»„]", lambda m: f"{left}{m.group(1)}{right}", text)
    return out.replace("’", "'") if rng.random() < 0.5 else out.replace("'", "’")


# applied in this order: content edits first, then what a republisher wraps around it
TRANSFORMS = {"truncate": truncate, "paragraph_removed": paragraph_removed, "paragraph_added": paragraph_added,
              "typos": typos, "quotes": quotes, "headline": headline, "boilerplate": boilerplate,
              "rewrap": rewrap}


# --- hard negatives ---------------------------------------------------------------------------

def other_numbers(text: str, rng: random.Random) -> str | None:
    nums = list(_NUM.finditer(text))
    if not nums:
        return None
    out, last = [], 0
    for m in nums:
        v = m.group(0)
        digits = re.sub(r"\D", "", v)
        new = v
        while new == v:
            new = str(max(1, int(digits) + rng.choice([-3, -2, -1, 1, 2, 5, 11]))) if len(digits) < 5 \
                else str(int(digits) + rng.randint(1, 99))
        out.append(text[last:m.start()])
        out.append(new)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _place_aliases() -> dict[str, list[str]]:
    """Region and city aliases by script, from the extraction gazetteer; ``_PLACE_OF``
    says which places (by name) each alias names."""
    path = ROOT / "include" / "newsevents" / "data" / "gazetteer" / "places.json"
    by_script: dict[str, list[str]] = {"latin": [], "cyrillic": []}
    for p in json.loads(path.read_text(encoding="utf-8"))["places"]:
        for a in p["aliases"]:
            _PLACE_OF.setdefault(a.lower(), set()).add(p["name"])
            if " " in a or len(a) < 4:
                continue
            by_script["cyrillic" if re.search(r"[а-яА-Я]", a) else "latin"].append(a)
    return by_script


_PLACE_OF: dict[str, set[str]] = {}


def other_place(text: str, rng: random.Random, aliases: dict[str, list[str]]) -> str | None:
    """The same text naming another place: an alias of a place with another name (never
    another case form of the same place: "Харкові" -> "Харкова" is one city)."""
    present = [a for script in aliases.values() for a in script
               if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", text)]
    if not present:
        return None
    old = rng.choice(sorted(present))
    same = _PLACE_OF.get(old.lower(), set())
    pool = [a for a in aliases["cyrillic" if re.search(r"[а-яА-Я]", old) else "latin"]
            if a.lower() not in text.lower() and a[:4].lower() != old[:4].lower()
            and not (_PLACE_OF.get(a.lower(), set()) & same)]
    choices = [a for a in pool if a[-3:] == old[-3:]] or pool
    new = rng.choice(sorted(choices))
    return re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, text)


def same_article(bases) -> dict[str, str]:
    """Gold labels the corpora give us: VIINA rows citing the same source URL, dated at
    most a day apart, whose texts share at least half their words, are one article
    captured twice ("глава" / "голова Полтавської ОВА"), so one story. Returns base key
    -> story key (the first base of the group); other bases are their own story."""
    by_url: dict[str, list[int]] = {}
    for i, (key, _, _, _) in enumerate(bases):
        for url in _SOURCE_URLS.get(key, ()):
            by_url.setdefault(url, []).append(i)
    parent = list(range(len(bases)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for group in by_url.values():
        for x in group:
            for y in group:
                if x < y and abs((bases[x][2] - bases[y][2]).days) <= 1:
                    wx, wy = set(normalized(bases[x][1]).split()), set(normalized(bases[y][1]).split())
                    if len(wx & wy) >= 0.5 * len(wx | wy):
                        parent[find(y)] = find(x)
    return {bases[i][0]: bases[find(i)][0] for i in range(len(bases))}


# --- the set ------------------------------------------------------------------------------------

def generate(seed: int = 1, n_bases: int = 2000) -> list[Item]:
    rng = random.Random(seed)
    bases = load_bases(n_bases, rng)
    aliases = _place_aliases()
    donors_by_lang: dict[str, list[str]] = {}
    for _, text, _, lang in bases:
        donors_by_lang.setdefault(_lang_of(text, lang), []).append(text)
    story_of = same_article(bases)
    items: list[Item] = []
    for key, text, published, lang in bases:
        items.append(Item(key, text, published, story_of[key], "base", key, lang))
        ctx = {"language": lang, "donors": donors_by_lang[_lang_of(text, lang)]}
        if rng.random() < 0.6:
            for c in range(rng.choice([1, 1, 2, 3])):
                names = rng.sample(sorted(TRANSFORMS), rng.randint(2, 4))
                out = text
                for t in sorted(names, key=list(TRANSFORMS).index):
                    out = TRANSFORMS[t](out, rng, ctx)
                day, marks = published, tuple(sorted(names))
                if rng.random() < 1 / 6:  # another outlet republishes it the next morning
                    day, marks = published + timedelta(days=1), marks + ("next_day",)
                items.append(Item(f"{key}~copy{c}", out, day, story_of[key], "copy", key, lang, marks))
        r = rng.random()
        if r < 0.15:
            neg = other_numbers(text, rng)
            if neg:
                items.append(Item(f"{key}~numbers", neg, published, f"{key}~numbers", "template_numbers", key, lang))
        elif r < 0.25:
            neg = other_place(text, rng, aliases)
            if neg:
                items.append(Item(f"{key}~place", neg, published, f"{key}~place", "template_place", key, lang))
        elif r < 0.32:
            later = published + timedelta(days=rng.randint(2, 30))
            items.append(Item(f"{key}~later", text, later, f"{key}~later", "same_text_other_day", key, lang))
        elif r < 0.40:
            neg = other_numbers(text, rng)
            if neg:
                later = published + timedelta(days=rng.randint(1, 30))
                items.append(Item(f"{key}~nextday", rewrap(neg, rng, ctx), later, f"{key}~nextday",
                                  "other_day", key, lang))
    return items


def write(items: list[Item], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for it in items:
        name = re.sub(r"[^\w.~-]", "_", it.name) + ".txt"
        (out / name).write_text(it.text + "\n", encoding="utf-8")
        (out / (name + ".meta.json")).write_text(json.dumps(
            {"published_at": it.published.isoformat() if it.published else None, "story": it.story,
             "kind": it.kind, "transforms": list(it.transforms)}), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bases", type=int, default=2000)
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent (the corpora live in ../shared, never in the repository)")
        return 0
    items = generate(args.seed, args.bases)
    write(items, Path(args.out))
    print(f"{len(items)} documents in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
