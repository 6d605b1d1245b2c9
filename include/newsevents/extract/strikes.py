"""Strikes on specific targets (with casualties and damage), including the bulleted
target lists of defence-ministry briefings ("Forces hit, on 17 January: - two radar
stations - a fuel depot").

A sentence yields a strike when a strike trigger meets something specific: a named
settlement or facility, a target kind, or casualty/damage figures. The attacking side
comes from the weapon's or strike's nationality, else it is the opponent of the country
where the target is.
"""

from __future__ import annotations

import re

from functools import lru_cache

from . import gazetteer, lexicon, numbers, victims


@lru_cache(maxsize=None)
def _one(lang: str) -> re.Pattern:
    """A list item opening with the indefinite article: one of that target."""
    ones = lexicon.get(lang).data.get("numbers", {}).get("articles_one", [])
    return re.compile(r"^\s*[-–•▫]?\s*" + lexicon.alternation(ones) + r"\s")

TRIGGER = re.compile(
    r"\b(?:strikes? (?:on|at|against|hit)|struck|hit|hitting|attack(?:ed)? on|attack on|set (?:fire|ablaze)|"
    r"ablaze|carried out \d+|conducted strikes|targeted|targeting|atacul asupra|atac asupra|au lovit|a lovit|"
    r"lovit\w*|bombard\w*|удар\w* по|поразил\w*|нанес\w* удар|уражен\w*|frapp\w*)\b")
TARGET_KINDS = [
    ("oil_depot", r"oil (?:depot|refinery|terminal|storage)|depozit\w* petrolier\w*|нефтебаз\w*|нпз|depot petrolier"),
    ("fuel_depot", r"fuel (?:depot|storage)|depozit\w* de combustibil|склад\w* (?:горючего|топлива)|dépôt de carburant"),
    ("ammunition_depot", r"ammunition (?:depot|dump|warehouse)s?|depozit\w* de munit\w*|склад\w* боеприпас\w*|"
                         r"склад\w* боєприпас\w*"),
    ("radar_station", r"radar(?: station)?s?|statii radar|stati\w* radar|радиолокацион\w*|рлс"),
    ("command_center", r"command (?:and control )?cent(?:er|re)s?|command post|centru de comanda|пункт\w* управления"),
    ("police_facility", r"police (?:officers|headquarters|station|facility)|sediul politiei"),
    ("energy", r"energy infrastructure|power (?:plant|station|grid)|infrastructur\w* energetic\w*|энергетическ\w*"),
    ("military_positions", r"firing positions|pozit\w* de tragere|military positions|огневы\w* позици\w*"),
    ("airfield", r"airfields?|aerodrom\w*|аэродром\w*"),
    ("transport", r"railroads?|railways?|cai ferate|железнодорожн\w*"),
    ("residential", r"apartment (?:buildings?|blocks?)|residential|family'?s? home|homes?\b|houses?\b|blocuri|"
                    r"жил\w* дом\w*|многоквартирн\w*"),
]
_KINDS = [(k, re.compile(r"\b(?:" + p + r")")) for k, p in TARGET_KINDS]
_KILLED = re.compile(r"\b(?:killed|dead|died|death|deaths|ucis\w*|morti|decedat\w*|погиб\w*|убит\w*|загинул\w*)\b")
_INJURED = re.compile(r"\b(?:injur\w*|wounded|hospitali[sz]ed|ranit\w*|ранен\w*|поранен\w*)\b")
_DAMAGED = re.compile(r"\b(?:damage[ds]?|sustained damage|avariat\w*|distrus\w*|поврежден\w*|пошкоджен\w*)\b")
_UA = re.compile(r"\b(?:ukrainian|ucrainean\w*|украинск\w*|українськ\w*|kyiv'?s)\b")
_RU = re.compile(r"\b(?:russian|rusesc\w*|rusa\b|российск\w*|російськ\w*|moscow'?s)\b")
_DRONE = re.compile(r"\b(?:drones?|drona|drone|беспилотн\w*|бпла|дрон\w*)\b")
_MISSILE = re.compile(r"\b(?:missiles?|rachet\w*|ракет\w*|s-[34]00)\b")
_OFFICIALS_RU = re.compile(r"(?:installed by moscow|russian (?:defen[cs]e )?ministry|defen[cs]e ministry in moscow|"
                           r"the ministry|ministerul apararii|минобороны|russian governor|governor (?:of )?(?:belgorod|"
                           r"kursk|oryol|bryansk|rostov)|regional governor,? yuri|local governor)")
_OFFICIALS_UA = re.compile(r"(?:ukrainian (?:interior|officials|general staff|air force)|kyiv'?s chief of staff|"
                           r"general staff|ukraine'?s general staff|sinegub|kharkov regional governor|"
                           r"kharkiv regional governor)")
_CONFIRMED = re.compile(r"\bconfirmed\b|\ba confirmat\b|\bподтвердил\w*\b")
_LIST_ITEM = re.compile(r"^\s*[-–•▫]\s*")


def _number_before(folded: str, lo: int, pos: int, lang: str, window: int = 25):
    nums = [n for n in numbers.find_numbers(folded, lang, max(lo, pos - window), pos) if n.kind == "count"]
    return nums[-1].value if nums else None


def casualties(folded: str, start: int, end: int, lang: str) -> dict:
    """killed / injured / damaged figures stated in folded[start:end]."""
    q: dict[str, int] = {}
    nums = [n for n in numbers.find_numbers(folded, lang, start, end) if n.kind in ("count",)]
    for n in nums:
        after = folded[n.end:min(end, n.end + 45)]
        before = folded[max(start, n.start - 30):n.start]
        if "killed" not in q and (_KILLED.search(after[:25]) or re.search(r"(?:killed|ucis\w*)\s*$", before)):
            q["killed"] = n.value
        elif _INJURED.search(after[:45]) or re.search(r"(?:injur\w*|wounded)\s*(?:and\s*)?$", before):
            q["injured"] = q.get("injured", 0) + n.value
        elif _DAMAGED.search(after[:45]) and re.search(r"\b(?:buildings?|blocks?|houses?|homes?|blocuri|case|дом\w*)\b",
                                                      after[:40]):
            q["damaged"] = n.value
    # "a 43-year-old police colonel was killed": one person without a figure
    if "killed" not in q and re.search(r"\b(?:a|an|one)\b[^.,;]{0,40}\b(?:was|were)\s+killed\b|\bboy died\b|"
                                       r"\b(?:one|a) (?:person|man|woman|civilian) (?:was )?killed\b", folded[start:end]):
        q["killed"] = 1
    q.update(victims.counts(folded, start, end, lang))  # coordinated subjects add up
    return q


_TARGET_NOUN = re.compile(r"\s+(?:\w+\s+)?(?:" + "|".join(p for _, p in TARGET_KINDS) +
                          r"|city|town|territory|border|region|soil|oblast)")
_NOT_A_TARGET_BEFORE = re.compile(r"(?:\bby|ministry in|ministry|minister|de la|officials in|from)\s*$")
_NOT_A_TARGET_AFTER = re.compile(r"^(?:'s|’s|\s+(?:says|said|has|have|announced|claimed|afirma|a anuntat))")


def _target_places(folded: str, start: int, end: int):
    """Places named as where something happened, not as a speaker ("Moscow says",
    "officials installed by Moscow", "Kyiv's chief of staff")."""
    out = []
    for h in gazetteer.find_places(folded, start, end):
        before = folded[max(start, h.start - 20):h.start]
        after = folded[h.end:min(end, h.end + 14)]
        if _NOT_A_TARGET_BEFORE.search(before) or _NOT_A_TARGET_AFTER.search(after):
            continue
        out.append(h)
    return out


def strike_events(text: str, folded: str, start: int, end: int, lang: str, claimant: str | None,
                  date_start: str | None, date_end: str | None) -> list[dict]:
    fs = folded[start:end]
    trig = TRIGGER.search(fs)
    hits = _target_places(folded, start, end)
    places = [h for h in hits if h.place.kind in ("city", "facility")]
    regions = [h for h in hits if h.place.kind == "region"]
    kind = next((k for k, rx in _KINDS if rx.search(fs)), None)
    q = casualties(folded, start, end, lang)
    if trig is None:
        # "14 apartment buildings sustained damage in Rostov-on-Don": damage with a place
        if not (("damaged" in q or "killed" in q) and places):
            return []
        trig = re.search(r"damage|killed|dead", fs)
    if not (places or kind or q):
        return []
    if re.search(r"\bstrikes? into\b|\bwith western\b", fs) and not (places or q):
        return []
    place = places[-1].place if places else None
    region = place or (regions[0].place if regions else None)
    country = region.country if region else None
    actor = None
    before = fs[max(0, trig.start() - 60):trig.start() + 8]   # the attacker is named before the verb
    def attacker_mentions(rx):  # "a Russian oil depot" names the target's side, not the attacker's
        return [m for m in rx.finditer(before)
                if not _TARGET_NOUN.match(before[m.end():m.end() + 30])]

    if re.search(r"\b(?:was|were|been|fost|был\w*)\s+(?:\w+\s+)?$", fs[:trig.start()]):
        before = fs[trig.end():trig.end() + 80]  # passive: the attacker comes after ("... after Ukrainian troops")
    ua, ru = attacker_mentions(_UA), attacker_mentions(_RU)
    if ua or ru:
        actor = "UA" if (ua[-1].start() if ua else -1) > (ru[-1].start() if ru else -1) else "RU"
    if re.search(r"\b(?:it|forces|military) (?:has )?(?:carried out|conducted)\b", fs) and claimant and actor is None:
        actor = claimant
    if actor is None and country in ("UA", "RU"):
        actor = "RU" if country == "UA" else "UA"
    if country is None and actor in ("UA", "RU"):
        country = "RU" if actor == "UA" else "UA"
    by = claimant
    if by is None and _OFFICIALS_UA.search(fs):
        by = "UA"
    elif by is None and _OFFICIALS_RU.search(fs):
        by = "RU"
    weapon = "drone" if _DRONE.search(fs) else ("missile" if _MISSILE.search(fs) else None)
    confirmation = "confirmed" if by and actor and by == actor and _CONFIRMED.search(folded[end:end + 400]) else None
    count = None
    m = re.search(r"carried out (\d+)", fs)
    if m:
        count = int(m.group(1))
        q["count"] = count
    return [{"type": "strike", "actor": actor, "target": None, "claimed_by": by, "confirmation": confirmation,
             "date_start": date_start, "date_end": date_end, "country": country,
             "admin1": region.admin1 if region else None, "place": place.name if place else None,
             "weapon": weapon, "target_kind": kind, "quantities": q}]


def merge_strikes(events: list[dict]) -> list[dict]:
    """Restatements of one strike in a document (same attacker and target kind, no
    conflicting place) become mentions of the most specific statement."""
    strikes = [e for e in events if e["type"] == "strike"]
    others = [e for e in events if e["type"] != "strike"]
    kept: list[dict] = []
    for ev in strikes:
        home = None
        for k in kept:
            if (k["actor"] and ev["actor"] and k["actor"] != ev["actor"]) or not k["target_kind"] \
                    or k["target_kind"] != ev["target_kind"]:
                continue
            if k["claimed_by"] and ev["claimed_by"] and k["claimed_by"] != ev["claimed_by"]:
                continue
            if k["place"] and ev["place"] and k["place"] != ev["place"]:
                continue
            if k["admin1"] and ev["admin1"] and k["admin1"] != ev["admin1"]:
                continue
            home = k
            break
        if home is None:
            kept.append(ev)
            continue
        specific = ev if (ev["place"] and not home["place"]) or (len(ev["quantities"]) > len(home["quantities"])) else home
        other = home if specific is ev else ev
        for key in ("actor", "place", "admin1", "country", "weapon", "claimed_by", "date_start", "confirmation"):
            if specific.get(key) is None and other.get(key) is not None:
                specific[key] = other[key]
        for key, val in other["quantities"].items():
            specific["quantities"].setdefault(key, val)
        specific["mentions"] = sorted(specific["mentions"] + other["mentions"], key=lambda m: m["start"])
        if specific is ev:
            kept[kept.index(home)] = ev
    return others + kept


def list_strikes(text: str, folded: str, lines: list[tuple[int, int]], lang: str, claimant: str | None,
                 actor: str | None, date_start: str | None) -> list[dict]:
    """Bulleted targets under a strike header: one strike per item with a target kind."""
    out = []
    for lo, hi in lines:
        item = folded[lo:hi]
        if not _LIST_ITEM.match(item):
            break
        kind = next((k for k, rx in _KINDS if rx.search(item)), None)
        if kind is None:
            continue
        nums = [n for n in numbers.find_numbers(folded, lang, lo, hi) if n.kind == "count"]
        q = {"count": nums[0].value} if nums and nums[0].start - lo < 12 else {}
        if not q and _one(lang).match(item):
            q = {"count": 1}  # "- un depozit de combustibil", "- a fuel depot"
        lead = len(text[lo:hi]) - len(text[lo:hi].lstrip("-–•▫ "))
        out.append({"type": "strike", "actor": actor, "target": None, "claimed_by": claimant,
                    "confirmation": None, "date_start": date_start, "date_end": None,
                    "country": "UA" if actor == "RU" else ("RU" if actor == "UA" else None),
                    "admin1": None, "place": None, "weapon": None, "target_kind": kind, "quantities": q,
                    "evidence": text[lo + lead:hi], "evidence_start": lo + lead, "evidence_end": hi})
    return out
