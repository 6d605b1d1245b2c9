"""The remaining contract types: troop deployments, diplomatic meetings, equipment
losses, personnel changes, ground assaults and arms transfers.

Each rule needs a trigger and the parties it names; sides come from country words
(nationality adjectives, country names, capitals used for governments).
"""

from __future__ import annotations

import re

from functools import lru_cache

from . import claims, gazetteer, lexicon, numbers, words


class _Words:
    """The trigger and noun patterns of these rules, from every lexicon file."""

    def __init__(self):
        t = ("triggers",)
        self.troops = words.rx("troop_nouns")
        self.deploy = words.rx(*t, "troop_deployment")
        self.meet = words.rx(*t, "diplomatic_meeting")
        self.loss = words.rx(*t, "equipment_loss")
        self.aircraft = words.rx("equipment_nouns", "aircraft")
        self.appoint = words.rx(*t, "personnel_change")
        self.official = words.rx("official_nouns")
        self.assault = words.rx(*t, "ground_assault")
        self.arms = lexicon.word_re(words.collect("arms") + [w for cls in ("missile", "ballistic_missile",
                                                                         "cruise_missile", "drone", "artillery")
                                                             for w in words.collect("weapons", cls)])
        self.transfer = lexicon.word_re(words.collect(*t, "arms_receive") + words.collect(*t, "arms_supply"))
        self.receive = words.rx(*t, "arms_receive")
        self.source = words.rx("grammar", "source_prep")
        self.admission = words.rx("grammar", "admission")
        self.host = re.compile(r"(?<![\w-])" + lexicon.alternation(words.collect("grammar", "host_prep") +
                                                                    words.collect("locative")) + r"\s+$")
        self.hedge = words.rx("hedges")
        self.host_in = lexicon.word_re(words.collect("grammar", "host_prep") + words.collect("locative"))


@lru_cache(maxsize=1)
def _w() -> _Words:
    return _Words()


def countries(folded: str, start: int, end: int) -> list[tuple[int, str]]:
    """(position, code) of each party named in folded[start:end] (the lexicons' country words)."""
    return [(a, code) for a, _, code in claims.cues().party_mentions(folded, start, end)]


def _host(folded: str, start: int, end: int) -> str | None:
    """The country troops are in: a party or a place right after a locative ("in Russia",
    "în Rusia", "в России", "in the Kursk region")."""
    for pos, code in countries(folded, start, end):
        if _w().host.search(folded, max(start, pos - 20), pos):
            return code
    for h in gazetteer.find_places(folded, start, end):
        if h.place.country and _w().host.search(folded, max(start, h.start - 30), h.start):
            return h.place.country
    return None


def _blank(**kw) -> dict:
    ev = {k: None for k in ("type", "actor", "target", "claimed_by", "confirmation", "date_start", "date_end",
                            "country", "admin1", "place", "weapon", "target_kind")}
    ev["quantities"] = {}
    ev.update(kw)
    return ev


def deployments(folded: str, start: int, end: int, lang: str, claimant: str | None) -> list[dict]:
    w = _w()
    fs = folded[start:end]
    troops = w.troops.search(fs)
    if not troops:
        return []
    host = _host(folded, start, end)
    if not (w.deploy.search(fs) or host):
        return []
    near = countries(folded, start + max(0, troops.start() - 40), start + troops.end() + 25)
    foreign = [c for c in near if c[1] not in words.sides()]
    if not foreign:
        return []
    # the nationality nearest the troop noun ("North Korean troops", "soldați nord-coreeni")
    pos = start + troops.start()
    actor = min(foreign, key=lambda c: abs(c[0] - pos))[1]
    out = []
    nums = [n for n in numbers.find_numbers(folded, lang, start, end) if n.kind == "count" and n.value >= 100]
    places = [h for h in gazetteer.find_places(folded, start, end) if h.place.admin1]
    for n in nums:
        region = next((h for h in places if 0 <= h.start - n.end <= 40 and not re.search(r"\d", folded[n.end:h.start])), None)
        if region is not None and w.host_in.search(folded, n.end, region.start):
            out.append(_blank(type="troop_deployment", actor=actor, claimed_by=claimant, country=region.place.country,
                              admin1=region.place.admin1, quantities={"count": n.value}))
        else:
            out.append(_blank(type="troop_deployment", actor=actor, claimed_by=claimant, country=host,
                              quantities={"count": n.value}))
    if not out:
        region = next((h for h in places if h.place.kind == "region"), None)
        out.append(_blank(type="troop_deployment", actor=actor, claimed_by=claimant,
                          country=region.place.country if region else host,
                          admin1=region.place.admin1 if region else None))
    return out


def meeting_words(text: str) -> bool:
    return bool(_w().meet.search(text))


def meetings(folded: str, start: int, end: int, claimant: str | None) -> list[dict]:
    fs = folded[start:end]
    if not _w().meet.search(fs):
        return []
    found = countries(folded, start, end)
    codes = [c for _, c in found]
    foreign = [c for c in codes if c not in words.sides()]
    if not foreign:
        return []
    visitor = foreign[0]
    host = next((c for c in codes if c != visitor), None)
    places = [h for h in gazetteer.find_places(folded, start, end) if h.place.kind in ("city", "facility")]
    place = places[0].place if places else None
    if place and host is None:
        host = place.country
    return [_blank(type="diplomatic_meeting", actor=visitor, target=host, country=place.country if place else host,
                   admin1=place.admin1 if place else None, place=place.name if place else None)]


def equipment_losses(folded: str, start: int, end: int, claimant: str | None = None) -> list[dict]:
    fs = folded[start:end]
    loss = _w().loss.search(fs)
    if not loss or not _w().aircraft.search(fs[loss.end():loss.end() + 60]):
        return []
    subject = countries(folded, start, start + loss.start())
    actor = subject[-1][1] if subject else None
    region = next((h.place for h in gazetteer.find_places(folded, start + loss.end(), end) if h.place.admin1), None)
    return [_blank(type="equipment_loss", actor=actor, claimed_by=claimant, weapon="aircraft", quantities={"count": 1},
                   country=region.country if region else None, admin1=region.admin1 if region else None)]


def personnel_changes(folded: str, start: int, end: int, claimant: str | None) -> list[dict]:
    fs = folded[start:end]
    trig = _w().appoint.search(fs)
    if not trig or not _w().official.search(fs):
        return []
    # the side whose official changed: the subject of the change ("Ukraine has replaced ...")
    subject = countries(folded, start, start + trig.start())
    actor = subject[-1][1] if subject else None
    region = next((h.place for h in gazetteer.find_places(folded, start, end) if h.place.admin1), None)
    return [_blank(type="personnel_change", actor=actor, claimed_by=claimant or actor,
                   country=region.country if region else actor, admin1=region.admin1 if region else None)]


def ground_assaults(folded: str, start: int, end: int, claimant: str | None) -> list[dict]:
    fs = folded[start:end]
    m = _w().assault.search(fs)
    if not m:
        return []
    regions = [h.place for h in gazetteer.find_places(folded, start, end) if h.place.admin1]
    if not regions:
        return []
    # the attacker: the party named in the clause before the trigger ("Russian forces launched
    # a new offensive"), not the claimant's side by default
    clause = max(folded.rfind(",", start, start + m.start()), folded.rfind(";", start, start + m.start()), start)
    near = countries(folded, max(clause, start + m.start() - 80), start + m.start())
    actor = near[-1][1] if near else None
    if actor is None and claimant:
        actor = claimant
    if actor is None:
        return []
    region = regions[0]
    return [_blank(type="ground_assault", actor=actor, claimed_by=claimant, country=region.country,
                   admin1=region.admin1, place=region.name if region.kind in ("city", "facility") else None)]


def arms_transfers(folded: str, start: int, end: int, claimant: str | None) -> list[dict]:
    w = _w()
    fs = folded[start:end]
    if not (w.arms.search(fs) and w.transfer.search(fs)):
        return []
    m = w.source.search(fs)
    found = countries(folded, start, end)
    if len(found) < 2 or not m:
        return []
    supplier = next((c for p, c in found if p > start + m.start()), None)
    receiver = next((c for p, c in found if p < start + m.start() and c != supplier), None)
    if not supplier or not receiver:
        return []
    by = receiver if w.admission.search(fs) else claimant
    return [_blank(type="arms_transfer", actor=supplier, target=receiver, claimed_by=by, weapon="weapons")]


MERGEABLE = ("troop_deployment", "ground_assault", "personnel_change", "diplomatic_meeting", "equipment_loss",
             "arms_transfer")


def _compatible(a: dict, b: dict) -> bool:
    if a["type"] != b["type"]:
        return False
    same_figure = bool(a["quantities"].get("count")) and a["quantities"].get("count") == b["quantities"].get("count")
    for key in ("actor", "target", "admin1", "place", "claimed_by", "date_start", "date_end"):
        if key.startswith("date") and a["type"] == "troop_deployment" and same_figure:
            continue  # the same troop figure told on another day is the same claim
        if a.get(key) and b.get(key) and a[key] != b[key]:
            return False
    qa, qb = a["quantities"], b["quantities"]
    return all(qa[k] == qb[k] for k in qa.keys() & qb.keys()) and (bool(qa) == bool(qb) or not qa or not qb)


def merge_restatements(events: list[dict]) -> list[dict]:
    """Within a document, a later statement of the same deployment, assault, meeting,
    loss or appointment (no conflicting side, place or figure) is a mention of the first;
    the event keeps the most specific value of each field."""
    kept: list[dict] = []
    for ev in events:
        home = None
        if ev["type"] in MERGEABLE:
            home = next((k for k in kept if _compatible(k, ev)), None)
        if home is None:
            kept.append(ev)
            continue
        for key, val in ev.items():
            if key in ("mentions", "evidence", "evidence_start", "evidence_end", "quantities"):
                continue
            if home.get(key) is None and val is not None:
                home[key] = val
        for k, v in ev["quantities"].items():
            home["quantities"].setdefault(k, v)
        home["mentions"] = sorted(home["mentions"] + ev["mentions"], key=lambda m: m["start"])
    return kept


def other_events(folded: str, start: int, end: int, lang: str, claimant: str | None) -> list[dict]:
    out = []
    out += deployments(folded, start, end, lang, claimant)
    out += meetings(folded, start, end, claimant)
    out += equipment_losses(folded, start, end, claimant)
    out += personnel_changes(folded, start, end, claimant)
    out += ground_assaults(folded, start, end, claimant)
    out += arms_transfers(folded, start, end, claimant)
    return out
