"""Gazetteer lookup (data/gazetteer/places.json): regions, cities, facilities, seas."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import fold

PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "places.json"
_REGION_CUE = re.compile(r"(?:region|regions of|regiunea|regiunii|regiunile|oblast|oblastul|province|provincia|krai|"
                         r"\u043e\u0431\u043b\u0430\u0441\u0442\u0438?|\u043e\u0431\u043b\u0430\u0441\u0442\u044c)\W{0,3}$")
_REGION_AFTER = re.compile(r"^\W{0,2}(?:region|oblast|province|krai|\u043e\u0431\u043b\u0430\u0441\u0442)")


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    country: str | None
    admin1: str | None

    @property
    def place(self) -> str | None:
        return self.name if self.kind in ("city", "facility") else None


@dataclass(frozen=True)
class PlaceHit:
    start: int
    end: int
    place: Place


@lru_cache(maxsize=None)
def _index():
    with open(PATH, encoding="utf-8") as fh:
        data = json.load(fh)
    by_alias: dict[str, list[Place]] = {}
    for p in data["places"]:
        place = Place(p["name"], p["kind"], p.get("country"), p.get("admin1"))
        for alias in p["aliases"]:
            key = " ".join(fold(alias).replace("-", " ").split())
            lst = by_alias.setdefault(key, [])
            if place not in lst:
                lst.append(place)
    keys = sorted(by_alias, key=lambda k: (-len(k), k))
    body = "|".join(re.escape(k).replace(r"\ ", r"[\s-]+") for k in keys)
    rx = re.compile(r"(?<![\w-])(?:" + body + r")(?![\w])")
    return rx, by_alias


def find_places(folded: str, start: int = 0, end: int | None = None) -> list[PlaceHit]:
    """Places named in folded[start:end], longest alias first, region/city disambiguated."""
    rx, by_alias = _index()
    end = len(folded) if end is None else end
    out = []
    for m in rx.finditer(folded, start, end):
        key = " ".join(m.group(0).replace("-", " ").split())
        cands = by_alias.get(key)
        if not cands:
            continue
        regions = [c for c in cands if c.kind == "region"]
        others = [c for c in cands if c.kind != "region"]
        region_ctx = bool(_REGION_CUE.search(folded[max(0, m.start() - 30):m.start()])) or \
            bool(_REGION_AFTER.match(folded[m.end():m.end() + 12]))
        if regions and (region_ctx or not others):
            choice = regions[0]
        else:
            choice = others[0] if others else regions[0]
        out.append(PlaceHit(m.start(), m.end(), choice))
    return out


def lookup(name: str) -> Place | None:
    hits = find_places(fold(name))
    return hits[0].place if hits else None
