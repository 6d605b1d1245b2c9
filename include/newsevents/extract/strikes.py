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

from . import claims, gazetteer, lexicon, numbers, victims, words


@lru_cache(maxsize=None)
def _one(lang: str) -> re.Pattern:
    """A list item opening with the indefinite article: one of that target."""
    ones = lexicon.get(lang).data.get("numbers", {}).get("articles_one", [])
    return re.compile(r"^\s*[-–•▫]?\s*" + lexicon.alternation(ones) + r"\s")


class _Words:
    """Every pattern the strike rules use, from the lexicon files of all languages."""

    def __init__(self):
        self.trigger = words.rx("triggers", "strike")
        self.killed = words.rx("casualties", "killed")
        self.injured = words.rx("casualties", "injured")
        self.damaged = words.rx("damage", "words")
        fillers = lexicon.alternation(words.collect("grammar", "fillers"))
        self.killed_tail = re.compile(r"(?<![\w-])" + lexicon.alternation(words.collect("casualties", "killed")) +
                                      r"\W*(?:" + fillers + r"\s+)?$")  # "a rănit alte trei"
        self.injured_tail = re.compile(r"(?<![\w-])" + lexicon.alternation(words.collect("casualties", "injured")) +
                                       r"\W*(?:" + fillers + r"\s+)?$")
        self.damaged_tail = re.compile(r"(?<![\w-])" + lexicon.alternation(words.collect("damage", "words")) +
                                       r"\W*$")  # "повреждены 12 частных домов"
        # "a ucis o femeie", "a rănit vineri după-amiază șapte persoane", "killing ten people"
        self.active = [(key, lexicon.word_re(words.collect("casualties", key + "_active"))) for key in ("killed", "injured")]
        persons = words.collect("person_nouns") + words.collect("people_nouns")
        self.person_after = re.compile(r"^\s*(?:[\w-]+\s+)?" + lexicon.alternation(persons) + r"\w{0,3}(?![\w])")
        ones = [o for lang in lexicon.available_languages() for o in lexicon.get(lang).data["numbers"].get("articles_one", [])]
        self.one_person = re.compile(r"^\s+(?:[\w-]+\s+){0,2}?" + lexicon.alternation(ones) + r"\s+" +
                                     lexicon.alternation(words.collect("person_nouns")) + r"(?![\w])")
        self.buildings = re.compile(r"(?<![\w-])" + lexicon.alternation(words.collect("building_nouns")) + r"\w{0,3}")
        self.ua = words.rx("air_attack", "ua_adj")
        self.ru = words.rx("air_attack", "ru_adj")
        self.drone = words.rx("weapons", "drone")
        self.missile = lexicon.word_re([w for path in _MISSILES for w in words.collect(*path)])
        self.confirmed = words.rx("confirmation", "confirmed")
        self.passive = re.compile(r"(?<![\w-])" + lexicon.alternation(words.collect("grammar", "passive_aux")) +
                                  r"\s+(?:\w+\s+)?$")
        self.count = re.compile(r"(?<![\w-])" + lexicon.alternation(words.collect("grammar", "strike_count")) +
                                r"\s+(\d+)")
        kinds = [w for ws in (p for _, p in words.classes("target_kinds")) for w in [ws.pattern]]
        self.target_noun = re.compile(r"\s+(?:\w+\s+)?(?:" + "|".join(kinds) + "|" +
                                      lexicon.alternation(words.collect("region_words")) + ")")
        speaker_before = words.collect("grammar", "source_prep") + \
            words.collect("attribution", "institutions")
        self.not_target_before = re.compile(r"(?<![\w-])" + lexicon.alternation(speaker_before) + r"\s*$")
        after = words.collect("grammar", "possessive") + words.collect("attribution", "verbs") + \
            words.collect("confirmation", "denied")  # "Kyiv denied", "Moscow says": a speaker
        self.not_target_after = re.compile(r"^(?:'s|\s+" + lexicon.alternation(after) + r"(?![\w]))")
        # "Moscow has repeatedly attacked...", "Kiev réclame...": a capital that is also a
        # party word is the government unless a preposition puts the action there
        self.locative_before = re.compile(r"(?<![\w-])" + lexicon.alternation(
            words.collect("locative") + words.collect("air_attack", "locative") + words.collect("territory") +
            words.collect("grammar", "host_prep")) + r"\s+(?:(?:the|la|le|l')\s+)?(?:\w+\s+(?:of|de|d')\s+)?$")
        self.speaker_noun = re.compile(r"\s+(?:\w+\s+)?" + lexicon.alternation(
            words.collect("attribution", "institutions") + words.collect("official_nouns")) + r"(?![\w])")
        self.background = words.rx("background")  # "repeatedly", "в последние недели": no one strike
        self.glide = words.rx("weapons", "glide_bomb")
        self.assault = words.rx("triggers", "ground_assault")
        self.toll = lexicon.word_re(words.collect("casualties") + words.collect("damage", "words"))
        self.equipment = lexicon.word_re(words.collect("equipment_nouns"))
        self.agent_prep = re.compile(r"(?<![\w-])" + lexicon.alternation(words.collect("by")) + r"\s+$")
        self.attribution = lexicon.word_re(words.collect("attribution", "verbs") +
                                           words.collect("attribution", "prepositional"))


_MISSILES = (("weapons", "missile"), ("weapons", "ballistic_missile"), ("weapons", "cruise_missile"),
             ("weapons", "guided_missile"))  # the lists of _Words.missile


@lru_cache(maxsize=1)
def _w() -> _Words:
    return _Words()


def trigger(folded: str, start: int = 0, end: int | None = None):
    return _w().trigger.search(folded, start, len(folded) if end is None else end)


def target_kind(text: str) -> str | None:
    return words.first_class(("target_kinds",), text)


_LIST_ITEM = re.compile(r"^\s*[-–•▫]\s*")


def casualties(folded: str, start: int, end: int, lang: str) -> dict:
    """killed / injured / damaged figures stated in folded[start:end]."""
    w = _w()
    q: dict[str, int] = {}
    taken: dict[int, str] = {}
    nums = [n for n in numbers.find_numbers(folded, lang, start, end) if n.kind == "count"]
    for n in nums:
        after = folded[n.end:min(end, n.end + 45)]
        before = folded[max(start, n.start - 30):n.start]
        if "killed" not in q and (w.killed.search(after[:25]) or w.killed_tail.search(before)):
            q["killed"] = n.value
            taken[n.start] = "killed"
        elif w.injured.search(after[:45]) or w.injured_tail.search(before):
            q["injured"] = q.get("injured", 0) + n.value
            taken[n.start] = "injured"
        elif (w.damaged.search(after[:45]) or w.damaged_tail.search(before)) and w.buildings.search(after[:40]):
            q["damaged"] = n.value
    found = victims.counts(folded, start, end, lang, taken)  # coordinated subjects add up
    q.update(found)
    for key, verb in w.active:  # the victims as the verb's object
        if key in q:
            continue
        for m in verb.finditer(folded, start, end):
            obj = next((n for n in nums if 0 <= n.start - m.end() <= 30 and
                        not re.search(r"[,.;:]", folded[m.end():n.start]) and
                        len(folded[m.end():n.start].split()) <= 2), None)
            if obj is not None and w.person_after.match(folded[obj.end:min(end, obj.end + 30)]):
                q[key] = obj.value
                break
            if w.one_person.match(folded[m.end():min(end, m.end() + 40)]):
                q[key] = 1
                break
    return q


def target_places(folded: str, start: int, end: int):
    """Places named as where something happened, not as a speaker ("Moscow says",
    "officials installed by Moscow", "Kyiv's chief of staff")."""
    w = _w()
    out = []
    parties = {(a, b) for a, b, _ in claims.cues().party_mentions(folded, start, end)}
    for h in gazetteer.find_places(folded, start, end):
        before = folded[max(start, h.start - 20):h.start]
        after = folded[h.end:min(end, h.end + 20)]
        if w.not_target_before.search(before) or w.not_target_after.search(after):
            continue
        if h.place.country not in words.sides() and h.place.kind != "sea":
            continue  # a foreign capital is where talks are held, not a target
        if any(a <= h.start and h.end <= b for a, b in parties) and \
                not w.locative_before.search(folded, max(start, h.start - 30), h.start):
            continue  # "Moscow has attacked", "ce que Kiev n'a pas confirmé": the government
        out.append(h)
    return out


def governed_place(folded: str, start: int, end: int):
    """The place whose official speaks: "Ternopil's regional governor", "Мэр Москвы",
    "guvernatorul regiunii Riazan" (the official of the place the sentence is about)."""
    c = claims.cues()
    for m in c.regional.finditer(folded, start, end):
        hits = [h for h in gazetteer.find_places(folded, max(start, m.start() - 30), min(end, m.end() + 30))
                if h.place.country in words.sides()]
        if hits:
            return min(hits, key=lambda h: min(abs(h.end - m.start()), abs(h.start - m.end())))
    return None


def _owner(folded: str, start: int, end: int, fs: str, kind_match) -> str | None:
    """The side the target belongs to: "a Russian oil depot", "un depozit rusesc",
    "склад боеприпасов ВСУ", "facilities supporting Ukraine's military industry" (a party
    named after the target, before the attribution and not as the agent)."""
    w = _w()
    lo = start + kind_match.start()
    hi = start + kind_match.end()
    near = folded[max(start, lo - 25):lo]
    adj = [("UA", m.end()) for m in w.ua.finditer(near)] + [("RU", m.end()) for m in w.ru.finditer(near)]
    adj = [a for a in adj if re.fullmatch(r"\s+(?:[\w']+\s+)?", near[a[1]:])]  # attached to the target noun
    if adj:
        return max(adj, key=lambda t: t[1])[0]
    post = folded[hi:min(end, hi + 16)]
    if w.ua.match(post.lstrip()) or w.ru.match(post.lstrip()):  # "un depozit de muniții rusesc"
        return "UA" if w.ua.match(post.lstrip()) else "RU"
    att = w.attribution.search(folded, hi, end)
    stop = att.start() if att else end
    for a, _, code in claims.cues().party_mentions(folded, hi, stop):
        if code in words.sides() and not w.agent_prep.search(folded, max(start, a - 12), a):
            return code
    return None


def strike_events(text: str, folded: str, start: int, end: int, lang: str, who: claims.Who,
                  date_start: str | None, date_end: str | None) -> list[dict]:
    """The strike folded[start:end] reports, if any (``who()``: its claimant, read when needed)."""
    w = _w()
    fs = folded[start:end]
    if not words.may_match(fs, ("triggers", "strike"), ("casualties",), ("damage", "words")):
        return []
    trig = words.gated_search(w.trigger, fs, ("triggers", "strike"))
    toll = words.gated_search(w.toll, fs, ("casualties",), ("damage", "words"))  # only then are figures read
    if trig is None and toll is None:
        return []
    hits = target_places(folded, start, end)
    places = [h for h in hits if h.place.kind in ("city", "facility")]
    regions = [h for h in hits if h.place.kind == "region"]
    kind = target_kind(fs) if words.may_match(fs, ("target_kinds",)) else None
    q = casualties(folded, start, end, lang) if toll is not None else {}
    if not q and w.background.search(fs):
        return []  # "Moscow has repeatedly attacked the grid since 2022": background, not a strike
    if trig is None:
        # "14 apartment buildings sustained damage in Rostov-on-Don", "В Киеве в результате
        # падения обломков пострадали два человека": damage or casualties with a place
        if not (("damaged" in q or "killed" in q or "injured" in q) and places):
            return []
        trig = w.damaged.search(fs) or w.killed.search(fs) or w.injured.search(fs)
        if trig is None:
            return []
    if kind is None and not q and words.may_match(fs, ("equipment_nouns",)) and w.equipment.search(fs, trig.end()):
        return []  # "destroyed a Russian S-400 system", "shot down a Su-25": an equipment loss
    if kind is None and not q and words.gated_search(w.assault, fs, ("triggers", "ground_assault")):
        return []  # "отражены 17 атак противника", "repelled 9 assaults": ground assaults
    if not places and not regions:
        ruled = governed_place(folded, start, end)  # "Ternopil's governor said a drone hit ... the city"
        if ruled is not None:
            (places if ruled.place.kind in ("city", "facility") else regions).append(ruled)
    count = words.gated_search(w.count, fs, ("grammar", "strike_count"))
    if count:
        q["count"] = int(count.group(1))  # "carried out 44 group strikes"
    if not (places or kind or q):
        return []
    place = places[-1].place if places else None
    region = place or (regions[0].place if regions else None)
    country = region.country if region else None
    actor = None
    before = fs[max(0, trig.start() - 60):trig.start() + 8]   # the attacker is named before the verb

    def attacker_mentions(pattern):  # "a Russian oil depot" names the target's side, not the attacker's;
        # "the Russian governor" names a speaker
        return [m for m in pattern.finditer(before) if not w.target_noun.match(before[m.end():m.end() + 30])
                and not (w.speaker_noun.match(before[m.end():m.end() + 30]) and w.attribution.search(before, m.end()))]

    if w.passive.search(fs[:trig.start()]):
        before = fs[trig.end():trig.end() + 80]  # passive: the attacker comes after ("... after Ukrainian troops")
    ua, ru = attacker_mentions(w.ua), attacker_mentions(w.ru)
    if ua or ru:
        actor = "UA" if (ua[-1].start() if ua else -1) > (ru[-1].start() if ru else -1) else "RU"
    else:  # "une frappe russe", "un atac rusesc", "o dronă rusească a lovit": the adjective follows
        post = fs[trig.end():trig.end() + 14]
        if w.ua.match(post.lstrip()) or w.ru.match(post.lstrip()):
            actor = "UA" if w.ua.match(post.lstrip()) else "RU"
    if actor is None:  # "ЗС України знищили", "Moscow struck": the side named as subject
        lo = start + max(0, trig.start() - 60)
        subject = [c for a, e, c in claims.cues().party_mentions(folded, lo, start + trig.start())
                   if c in words.sides() and not w.target_noun.match(folded, e)
                   and start + trig.start() - e <= 25 and not re.search(r"[,;:]", folded[e:start + trig.start()])
                   and not w.attribution.search(folded, e, start + trig.start())]  # "Бусаргин сообщил о пожаре"
        actor = subject[-1] if subject else None
    if actor is None and kind is not None:
        # "склади боєприпасів росіян", "an ammunition depot of the Russian army": the owner
        # of the target is the other side
        km = words.classes("target_kinds")
        owner = None
        for _, pat in km:
            m = pat.search(fs)
            if m:
                owner = _owner(folded, start, end, fs, m)
                break
        actor = words.opponent(owner)
    claimant = who()
    if count and claimant and actor is None:
        actor = claimant  # "the forces carried out 44 strikes": the claimant's own
    if actor is None and country in words.sides():
        actor = words.opponent(country)
    if country is None and actor in words.sides():
        country = words.opponent(actor)
    weapon = "glide_bomb" if words.gated_search(w.glide, fs, ("weapons", "glide_bomb")) else \
        ("drone" if words.gated_search(w.drone, fs, ("weapons", "drone")) else
         ("missile" if words.gated_search(w.missile, fs, *_MISSILES) else None))
    confirmation = claims.confirmation(folded, start, end, claimant, actor)
    return [{"type": "strike", "actor": actor, "target": None, "claimed_by": claimant, "confirmation": confirmation,
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
        kind = target_kind(item)
        if kind is None:
            continue
        nums = [n for n in numbers.find_numbers(folded, lang, lo, hi) if n.kind == "count"]
        q = {"count": nums[0].value} if nums and nums[0].start - lo < 12 else {}
        if not q and _one(lang).match(item):
            q = {"count": 1}  # "- un depozit de combustibil", "- a fuel depot"
        lead = len(text[lo:hi]) - len(text[lo:hi].lstrip("-–•▫ "))
        out.append({"type": "strike", "actor": actor, "target": None, "claimed_by": claimant,
                    "confirmation": None, "date_start": date_start, "date_end": None,
                    "country": words.opponent(actor),
                    "admin1": None, "place": None, "weapon": None, "target_kind": kind, "quantities": q,
                    "evidence": text[lo + lead:hi], "evidence_start": lo + lead, "evidence_end": hi})
    return out
