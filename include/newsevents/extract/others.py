"""The remaining contract types: troop deployments, diplomatic meetings, equipment
losses, personnel changes, ground assaults and arms transfers.

Each rule needs a trigger and the parties it names; sides come from country words
(nationality adjectives, country names, capitals used for governments).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from . import claims, gazetteer, lexicon, numbers, strikes, words


class _Words:
    """The trigger and noun patterns of these rules, from every lexicon file."""

    def __init__(self):
        t = ("triggers",)
        self.troops = words.rx("troop_nouns")
        self.deploy = words.rx(*t, "troop_deployment")
        self.meet = words.rx(*t, "diplomatic_meeting")
        self.loss = words.rx(*t, "equipment_loss")
        self.aircraft = words.rx("equipment_nouns", "aircraft")
        self.equipment = lexicon.word_re(words.collect("equipment_nouns"))
        self.appoint = words.rx(*t, "personnel_change")
        self.official = words.rx("official_nouns")
        self.assault = words.rx(*t, "ground_assault")
        self.arms = lexicon.word_re([w for path in _ARMS for w in words.collect(*path)])
        self.transfer = lexicon.word_re(words.collect(*t, "arms_receive") + words.collect(*t, "arms_supply"))
        self.receive = words.rx(*t, "arms_receive")
        self.supply = words.rx(*t, "arms_supply")
        self.source = words.rx("grammar", "source_prep")
        self.admission = words.rx("grammar", "admission")
        self.host = re.compile(r"(?<![\w-])" + lexicon.alternation(words.collect("grammar", "host_prep") +
                                                                    words.collect("locative")) + r"\s+$")
        self.hedge = words.rx("hedges")
        self.host_in = lexicon.word_re(words.collect("grammar", "host_prep") + words.collect("locative") +
                                       words.collect("grammar", "proximity"))
        self.to = re.compile(r"(?<![\w-])" + lexicon.alternation(words.collect("grammar", "receiver_prep") +
                                                                  words.collect("grammar", "host_prep")) +
                             r"\s+(?:(?:the|la|le|l')\s+)?(?:\w+\s+)?$")
        self.by = re.compile(r"(?<![\w-])" + lexicon.alternation(words.collect("grammar", "agent_prep") +
                                                                  words.collect("grammar", "source_prep")) + r"\s+$")
        self.repel = words.rx("grammar", "repel")
        self.background = words.rx("background")
        self.victims = lexicon.word_re(words.collect("casualties", "killed") + words.collect("casualties", "injured"))
        self.ua = words.rx("air_attack", "ua_adj")
        self.ru = words.rx("air_attack", "ru_adj")
        self.attribution = lexicon.word_re(words.collect("attribution", "verbs") +
                                           words.collect("attribution", "prepositional"))
        self.arms_class = [(cls, lexicon.word_re(words.collect("arms", cls))) for cls in
                           ("aircraft", "artillery", "missile")]
        self.ballistic = words.rx("weapons", "ballistic_missile")
        self.lost_own = words.rx("triggers", "equipment_lost_own")
        self.money = re.compile(r"\s*(?:de\s+)?" + lexicon.alternation(words.collect("money")))  # "375 de milioane"
        self.cruise = words.rx("weapons", "cruise_missile")


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


def _nationality(folded: str, lo: int, hi: int, pos: int) -> str | None:
    """The party named nearest ``pos`` in folded[lo:hi] ("North Korean troops", "soldați
    nord-coreeni", "un avion rusesc Su-25")."""
    near = countries(folded, lo, hi)
    return min(near, key=lambda c: abs(c[0] - pos))[1] if near else None


def deployments(folded: str, start: int, end: int, lang: str, who: claims.Who) -> list[dict]:
    w = _w()
    fs = folded[start:end]
    if not words.may_match(fs, ("troop_nouns",)):
        return []
    troops = w.troops.search(fs)
    if not troops:
        return []
    host = _host(folded, start, end)
    deploy = words.gated_search(w.deploy, fs, ("triggers", "troop_deployment"))
    if not (deploy or host):
        return []
    pos = start + troops.start()
    # figures of troops, not of casualties ("300 soldiers had been killed and 2,700 wounded")
    nums = [n for n in numbers.find_numbers(folded, lang, start, end) if n.kind == "count" and n.value >= 100
            and not w.victims.search(folded, n.end, min(end, n.end + 40))]
    near = countries(folded, max(start, pos - 40), min(end, pos + troops.end() - troops.start() + 25))
    foreign = [c for c in near if c[1] not in words.sides()]
    if foreign:  # the nationality nearest the troop noun ("North Korean troops", "soldați nord-coreeni")
        actor = min(foreign, key=lambda c: abs(c[0] - pos))[1]
    elif deploy and nums:
        # a side's own troops count only when they are sent or massed somewhere, with a figure:
        # the subject of the verb ("Moscow had concentrated more than 40,000 troops")
        clause = max(folded.rfind(",", start, start + deploy.start()), start)
        subject = [c for p, c in countries(folded, clause, start + deploy.start())]
        own = [c for p, c in near if c in words.sides()]
        actor = (subject or own or [None])[-1]
        if actor is None:
            return []
    else:
        # "... ar fi trimis încă 3.000 de soldați": the sender named before the verb
        subject = [c for p, c in countries(folded, start, start + deploy.start()) if c not in words.sides()] \
            if deploy else []
        if not subject:
            return []
        actor = subject[-1]
    out = []
    claimant = who()
    places = [h for h in gazetteer.find_places(folded, start, end) if h.place.admin1]
    for n in nums:
        region = next((h for h in places if 0 <= h.start - n.end <= 60 and not re.search(r"\d", folded[n.end:h.start])
                       and w.host_in.search(folded, n.end, h.start)), None)
        if region is None:  # "a concentrat în regiunea Kursk aproximativ 50.000 de militari"
            region = next((h for h in reversed(places) if 0 <= n.start - h.end <= 40
                           and not re.search(r"[\d,;.]", folded[h.end:n.start])), None)
        if region is not None:
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


def meetings(folded: str, start: int, end: int) -> list[dict]:
    fs = folded[start:end]
    if not words.may_match(fs, ("triggers", "diplomatic_meeting")):
        return []
    if not _w().meet.search(fs):
        return []
    found = countries(folded, start, end)
    places = [h for h in gazetteer.find_places(folded, start, end) if h.place.kind in ("city", "facility")]
    # where: a place after a locative ("in Kyiv", "la București", "в Кремле", "à l'Élysée")
    at = [h for h in places if _w().host.search(folded, max(start, h.start - 20), h.start)] or places
    place = at[0].place if at else None
    spans = {(h.start, h.end) for h in places}
    codes = [c for p, c in found if not any(a <= p < b for a, b in spans)] or [c for _, c in found]
    if place is not None and place.country:
        host = place.country
        visitor = next((c for c in codes if c != host), None)
    else:
        foreign = [c for c in codes if c not in words.sides()]
        if not foreign:
            return []
        visitor = foreign[0]
        host = next((c for c in codes if c != visitor), None)
    if visitor is None or host is None:
        return []
    return [_blank(type="diplomatic_meeting", actor=visitor, target=host, country=place.country if place else host,
                   admin1=place.admin1 if place else None, place=place.name if place else None)]


def equipment_losses(folded: str, start: int, end: int, who: claims.Who) -> list[dict]:
    w = _w()
    fs = folded[start:end]
    if not (words.may_match(fs, ("triggers", "equipment_loss")) and words.may_match(fs, ("equipment_nouns",))):
        return []
    loss = w.loss.search(fs) if w.equipment.search(fs) else None
    if not loss:
        return []
    item = w.equipment.search(fs, loss.end(), min(len(fs), loss.end() + 60))
    if not item:
        return []
    aircraft = w.aircraft.search(fs, loss.end(), min(len(fs), loss.end() + 60))
    claimant = who()
    # the side that lost it: the nationality attached to the item ("a Russian Su-34", "un
    # elicopter rusesc Ka-52", "украинский самолет"), else the subject that "lost" it, else
    # the opponent of the side that shot it down
    lo, hi = start + loss.end(), min(end, start + item.end() + 30)
    actor = _nationality(folded, lo, hi, start + item.start())
    if actor is None:
        subject = countries(folded, start, start + loss.start())
        if subject:
            own = w.lost_own.fullmatch(fs, loss.start(), loss.end()) is not None  # "Russia lost a Su-34"
            actor = subject[-1][1] if own else words.opponent(subject[-1][1])
        elif claimant:
            actor = words.opponent(claimant)
    region = next((h.place for h in gazetteer.find_places(folded, start + loss.end(), end) if h.place.admin1), None)
    return [_blank(type="equipment_loss", actor=actor, claimed_by=claimant, weapon="aircraft" if aircraft else None,
                   quantities={"count": 1}, country=region.country if region else None,
                   admin1=region.admin1 if region else None)]


def personnel_changes(folded: str, start: int, end: int, who: claims.Who) -> list[dict]:
    fs = folded[start:end]
    if not words.may_match(fs, ("triggers", "personnel_change")):
        return []
    trig = _w().appoint.search(fs)
    if not trig or not words.gated_search(_w().official, fs, ("official_nouns",)):
        return []
    # the side whose official changed: the subject of the change ("Ukraine has replaced ...",
    # "le président ukrainien a limogé"), else the side the sentence names, else the claimant
    subject = countries(folded, start, start + trig.start())
    official = _w().official.search(fs)
    attached = [c for p, c in countries(folded, max(start, start + official.start() - 25),
                                        min(end, start + official.end() + 25))] if official else []
    claimant = who()
    actor = subject[-1][1] if subject else (attached[0] if attached else claimant)
    region = next((h.place for h in gazetteer.find_places(folded, start, end) if h.place.admin1), None)
    return [_blank(type="personnel_change", actor=actor, claimed_by=claimant or actor,
                   country=region.country if region else actor, admin1=region.admin1 if region else None)]


def ground_assaults(folded: str, start: int, end: int, who: claims.Who, lang: str = "en",
                    context_region: Callable[[], gazetteer.Place | None] = lambda: None) -> list[dict]:
    w = _w()
    fs = folded[start:end]
    if not words.may_match(fs, ("triggers", "ground_assault")):
        return []
    m = w.assault.search(fs)
    if not m:
        return []
    if words.gated_search(_weapon_words(), fs, *_WEAPON_WORDS):
        return []  # "attacks" of drones and missiles are air attacks
    nums = [n for n in numbers.find_numbers(folded, lang, start, end) if n.kind == "count"]
    count = next((n for n in nums if start + m.start() <= n.start < start + m.end()), None) or \
        next((n for n in nums if 0 <= start + m.start() - n.end <= 12), None)
    if count is None and w.background.search(fs):
        return []  # "Russia has intensified its offensive in recent weeks": no one assault
    regions = [h.place for h in strikes.target_places(folded, start, end) if h.place.admin1
               and h.place.country in words.sides()]
    if not regions and count is not None and context_region() is not None:
        regions = [context_region()]  # "... repelled 14 Russian assaults in the area": the place just named
    if not regions:
        return []
    # the attacker: the party named next to the assault ("14 Russian assaults", "assauts
    # russes") or in the clause before the trigger ("Russian forces launched a new
    # offensive"); assaults someone repelled are the repeller's opponent's
    clause = max(folded.rfind(",", start, start + m.start()), folded.rfind(";", start, start + m.start()), start)
    around = [c for c in countries(folded, max(clause, start + m.start() - 80), start + m.start())
              if c[1] in words.sides()]
    around += [c for c in countries(folded, start + m.end(), min(end, start + m.end() + 15))
               if c[1] in words.sides() and not w.host.search(folded, max(start, c[0] - 20), c[0])]  # "assauts russes"
    actor = None
    claimant = who()
    inside = [c for p, c in countries(folded, start + m.start(), start + m.end()) if c in words.sides()]
    if inside:
        actor = inside[-1]  # "repelled 26 Russian attacks"
    elif around:
        actor = min(around, key=lambda c: abs(c[0] - (start + m.start())))[1]
        repel = w.repel.search(folded, max(clause, start + m.start() - 60), start + m.start())
        if repel and around[0][0] < repel.start() and len({c for _, c in around}) == 1:
            actor = words.opponent(actor)  # "Ukrainian troops had repelled 14 assaults"
    elif words.gated_search(w.repel, fs, ("grammar", "repel")) and claimant:
        actor = words.opponent(claimant)
    elif claimant:
        actor = claimant
    if actor is None:
        return []
    region = regions[0]
    return [_blank(type="ground_assault", actor=actor, claimed_by=claimant, country=region.country,
                   admin1=region.admin1, place=region.name if region.kind in ("city", "facility") else None,
                   quantities={"count": count.value} if count else {})]


_WEAPON_WORDS = (("air_attack", "drone"), ("air_attack", "missile"), ("air_attack", "glide"))
_ARMS = (("arms",),) + tuple(("weapons", cls) for cls in ("missile", "ballistic_missile", "cruise_missile", "drone",
                                                         "artillery"))  # the lists of _Words.arms


@lru_cache(maxsize=1)
def _weapon_words() -> re.Pattern:
    return lexicon.word_re([w for path in _WEAPON_WORDS for w in words.collect(*path)])


def _arms_weapon(folded: str, lo: int, hi: int) -> str:
    w = _w()
    text = folded[lo:hi]
    if w.ballistic.search(text):
        return "ballistic_missile"
    if w.cruise.search(text):
        return "cruise_missile"
    for cls, pat in w.arms_class:
        if pat.search(text):
            return cls
    return "weapons"


def arms_transfers(folded: str, start: int, end: int, who: claims.Who, lang: str = "en",
                   context: dict | None = None) -> list[dict]:
    """"Britain will supply Ukraine with 650 missiles", "Germania a livrat Ucrainei 12
    obuziere", "Russia received from Iran 200 ballistic missiles", "le système Patriot donné
    par la Roumanie", "a new military aid package for Ukraine": the supplier is the subject
    of a supply verb (or the party after "by"/"from"), the receiver the party after it (or
    after "to"/"for"), or the subject of a receive verb; a sentence naming neither continues
    the transfer just reported."""
    w = _w()
    fs = folded[start:end]
    if not words.may_match(fs, ("triggers", "arms_supply"), ("triggers", "arms_receive")) or not w.transfer.search(fs):
        return []  # (one scan for both verb lists: most sentences have neither)
    verbs = [m for m in (words.gated_search(w.supply, fs, ("triggers", "arms_supply")),
                         words.gated_search(w.receive, fs, ("triggers", "arms_receive"))) if m]
    arms = words.gated_search(w.arms, fs, *_ARMS) if verbs else None
    if not (arms and verbs) or w.background.search(fs):
        return []  # "North Korea has been supplying artillery": background, not a transfer
    verb = min(verbs, key=lambda m: m.start())  # "primește furnizări de arme": the receive verb governs
    receive = bool(w.receive.match(fs, verb.start())) and not w.supply.match(fs, verb.start())
    found = [(p, c) for p, c in countries(folded, start, end)]
    vpos, vend = start + verb.start(), start + verb.end()
    before = [(p, c) for p, c in found if p < vpos]
    after = [(p, c) for p, c in found if p >= vend]
    by = [(p, c) for p, c in after if w.by.search(folded, max(start, p - 15), p)]
    supplier = receiver = None
    if receive:
        receiver = before[-1][1] if before else None
        supplier = by[0][1] if by else next((c for p, c in after if c != receiver), None)
    else:
        if by:  # "rachete furnizate de Coreea de Nord", "le système donné par la Roumanie"
            supplier = by[0][1]
            receiver = next((c for p, c in reversed(before) if c != supplier), None) or \
                next((c for p, c in after if c != supplier), None)
        else:
            supplier = before[-1][1] if before else None
            receiver = next((c for p, c in after if c != supplier), None)
    if context is not None and supplier in (None, context["actor"]) and receiver in (None, context["target"]):
        supplier, receiver = context["actor"], context["target"]  # the transfer just reported, continued
    if not supplier or not receiver or supplier == receiver:
        return []
    by_whom = receiver if words.gated_search(w.admission, fs, ("grammar", "admission")) else who()
    if by_whom is None and context is not None:
        by_whom = context["claimed_by"]
    nums = [n for n in numbers.find_numbers(folded, lang, start, end) if n.kind == "count"]
    noun = w.arms.search(folded, start, end)
    count = next((n for n in nums if 0 <= noun.start() - n.end <= 30 and
                  not re.search(r"[,;]", folded[n.end:noun.start()])), None)
    q = {"count": count.value} if count is not None and not w.money.match(folded, count.end) else {}
    return [_blank(type="arms_transfer", actor=supplier, target=receiver, claimed_by=by_whom,
                   weapon=_arms_weapon(folded, start + arms.start() - 20 if arms.start() > 20 else start, end),
                   quantities=q)]


MERGEABLE = ("troop_deployment", "ground_assault", "personnel_change", "diplomatic_meeting", "equipment_loss",
             "arms_transfer")


def _compatible(a: dict, b: dict) -> bool:
    if a["type"] != b["type"]:
        return False
    same_figure = bool(a["quantities"].get("count")) and a["quantities"].get("count") == b["quantities"].get("count")
    for key in ("actor", "target", "admin1", "place", "claimed_by", "weapon", "date_start", "date_end"):
        if key.startswith("date") and a["type"] == "troop_deployment" and same_figure:
            continue  # the same troop figure told on another day is the same claim
        if key == "weapon" and "weapons" in (a.get(key), b.get(key)):
            continue  # unspecified arms are any class
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


def other_events(folded: str, start: int, end: int, lang: str, who: claims.Who,
                 context_region: Callable[[], gazetteer.Place | None] = lambda: None,
                 recent_transfer: dict | None = None) -> list[dict]:
    if not words.may_match(folded[start:end], ("troop_nouns",), ("triggers", "diplomatic_meeting"),
                           ("triggers", "equipment_loss"), ("triggers", "personnel_change"),
                           ("triggers", "ground_assault"), ("triggers", "arms_supply"), ("triggers", "arms_receive")):
        return []
    out = []
    out += deployments(folded, start, end, lang, who)
    out += meetings(folded, start, end)
    out += equipment_losses(folded, start, end, who)
    out += personnel_changes(folded, start, end, who)
    out += ground_assaults(folded, start, end, who, lang, context_region)
    out += arms_transfers(folded, start, end, who, lang, recent_transfer)
    confirmation = claims.confirmation(folded, start, end, who(), None) if out else None
    for ev in out:
        ev["confirmation"] = ev["confirmation"] or confirmation
    return out
