"""The remaining contract types: troop deployments, diplomatic meetings, equipment
losses, personnel changes, ground assaults and arms transfers.

Each rule needs a trigger and the parties it names; sides come from country words
(nationality adjectives, country names, capitals used for governments).
"""

from __future__ import annotations

import re

from . import gazetteer, numbers

COUNTRY_WORDS = [
    ("KP", r"north korea\w*|north korean|dprk|pyongyang|coreea de nord|coreei de nord|nord-corean\w*|phenian\w*|"
           r"кндр|северн\w* коре\w*|північн\w* коре\w*|coree du nord|nord-coreen\w*"),
    ("KR", r"south korea\w*|south korean|coreea de sud|sud-corean\w*|южн\w* коре\w*"),
    ("US", r"united states|u\.s\.|\bus\b|american|americane?|sua|washington|washingtonul|сша|американск\w*|etats-unis"),
    ("CN", r"china|chinese|chinez\w*|beijing|beijingul|китай\w*|китайск\w*|chine|chinois"),
    ("UA", r"ukraine|ukrainian|ucraina|ucrainei|ucrainean\w*|kyiv|kiev|kievul|украин\w*|україн\w*|киев\w*|київ\w*"),
    ("RU", r"russia|russian|rusia|rusiei|rus\b|ruse\b|rusesc\w*|rusi\b|moscow|moscova|kremlin\w*|росси\w*|российск\w*|"
           r"москв\w*|кремл\w*|russie|russe"),
]
_COUNTRY = [(code, re.compile(r"(?<![\w-])(?:" + p + r")(?![\w])")) for code, p in COUNTRY_WORDS]
_TROOPS = re.compile(r"\b(?:troops|soldiers|servicemen|forces|soldati|soldatii|soldatilor|militari|trupe|"
                     r"военнослужащ\w*|солдат\w*|военн\w*|військов\w*|soldats|troupes)\b")
_DEPLOY = re.compile(r"\b(?:deployed|deploy\w*|sent|stationed|are in|has \d[\d,.]* \w+ in|fighting alongside|"
                     r"trimis\w*|stationat\w*|are \d[\d.]* de soldati|se afla|направ\w*|размещ\w*|развернут\w*)\b")
_MEET = re.compile(r"\b(?:meeting with|met with|talks with|held talks|a meeting|intalnir\w*|intalnire|sa discute|"
                   r"consultari|consultations|встреч\w*|переговор\w*|rencontre)\b")
_COUNTERPART = re.compile(r"\b(?:counterpart|omolog\w*|коллег\w*|homologue)\b")
_LOSS = re.compile(r"\b(?:lost|a pierdut|au pierdut|потерял\w*|втратил\w*|a perdu)\b")
_AIRCRAFT = re.compile(r"\b(?:aircraft|jet|fighter|helicopter|avion\w*|elicopter\w*|su-\d+|mig-\d+|ka-\d+|mi-\d+|"
                       r"самолет\w*|вертолет\w*|літак\w*)\b")
_APPOINT = re.compile(r"\b(?:has (?:been )?appointed|was appointed|replaced the commander|replaced its commander|"
                      r"dismissed|a fost numit|a fost demis|назначен\w*|призначен\w*|освобожден\w* от должности)\b")
_ASSAULT = re.compile(r"\b(?:assaults?|offensive|counteroffensive|counter-offensive|ofensiv\w*|contraofensiv\w*|"
                      r"наступлен\w*|контрнаступлен\w*|штурм\w*)\b")
_ARMS = re.compile(r"\b(?:arme|arms|weapons|weaponry|munitions?|оружи\w*|зброю)\b")
_RECEIVE = re.compile(r"\b(?:primeste|primesc|receiv\w*|получа\w*|supplying|supplies|furnizar\w*)\b")


def countries(folded: str, start: int, end: int) -> list[tuple[int, str]]:
    out = []
    for code, rx in _COUNTRY:
        for m in rx.finditer(folded, start, end):
            out.append((m.start(), code))
    return sorted(out)


def _blank(**kw) -> dict:
    ev = {k: None for k in ("type", "actor", "target", "claimed_by", "confirmation", "date_start", "date_end",
                            "country", "admin1", "place", "weapon", "target_kind")}
    ev["quantities"] = {}
    ev.update(kw)
    return ev


def deployments(folded: str, start: int, end: int, lang: str, claimant: str | None) -> list[dict]:
    fs = folded[start:end]
    troops = _TROOPS.search(fs)
    if not troops or not (_DEPLOY.search(fs) or re.search(r"\b(?:in|în|в)\s+(?:rusia|russia|росси)", fs)):
        return []
    near = [c for c in countries(folded, start + max(0, troops.start() - 40), start + troops.end() + 25)]
    foreign = [c for c in near if c[1] not in ("RU", "UA")]
    if not foreign:
        return []
    # the nationality nearest the troop noun ("North Korean troops", "soldați nord-coreeni")
    pos = start + troops.start()
    actor = min(foreign, key=lambda c: abs(c[0] - pos))[1]
    by = claimant
    host = "RU" if re.search(r"\b(?:russia|rusia|россии|росси\w*|kursk)\b", fs) else None
    out = []
    nums = [n for n in numbers.find_numbers(folded, lang, start, end) if n.kind == "count" and n.value >= 100]
    places = [h for h in gazetteer.find_places(folded, start, end) if h.place.admin1]
    used_region = set()
    for n in nums:
        region = next((h for h in places if 0 <= h.start - n.end <= 40 and not re.search(r"\d", folded[n.end:h.start])), None)
        if region is not None and re.search(r"\b(?:in|în|в)\b", folded[n.end:region.start]):
            used_region.add(region.start)
            out.append(_blank(type="troop_deployment", actor=actor, claimed_by=by, country=region.place.country,
                              admin1=region.place.admin1, quantities={"count": n.value}))
        else:
            out.append(_blank(type="troop_deployment", actor=actor, claimed_by=by, country=host,
                              quantities={"count": n.value}))
    if not out:
        region = next((h for h in places if h.place.kind == "region"), None)
        out.append(_blank(type="troop_deployment", actor=actor, claimed_by=by,
                          country=region.place.country if region else host,
                          admin1=region.place.admin1 if region else None))
    return out


def meetings(folded: str, start: int, end: int, claimant: str | None) -> list[dict]:
    fs = folded[start:end]
    if not _MEET.search(fs):
        return []
    found = countries(folded, start, end)
    codes = [c for _, c in found]
    foreign = [c for c in codes if c not in ("RU", "UA")]
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


def equipment_losses(folded: str, start: int, end: int) -> list[dict]:
    fs = folded[start:end]
    loss = _LOSS.search(fs)
    if not loss or not _AIRCRAFT.search(fs[loss.end():loss.end() + 60]):
        return []
    subject = countries(folded, start, start + loss.start())
    actor = subject[-1][1] if subject else None
    return [_blank(type="equipment_loss", actor=actor, weapon="aircraft", quantities={"count": 1})]


def personnel_changes(folded: str, start: int, end: int, claimant: str | None) -> list[dict]:
    fs = folded[start:end]
    if not _APPOINT.search(fs) or not re.search(r"\b(?:commander|general|chief|comandant\w*|командующ\w*|"
                                                r"командувач\w*|head of)\b", fs):
        return []
    found = countries(folded, start, end)
    actor = found[0][1] if found else None
    region = next((h.place for h in gazetteer.find_places(folded, start, end) if h.place.admin1), None)
    return [_blank(type="personnel_change", actor=actor, claimed_by=claimant or actor,
                   country=region.country if region else actor, admin1=region.admin1 if region else None)]


def ground_assaults(folded: str, start: int, end: int, claimant: str | None) -> list[dict]:
    fs = folded[start:end]
    m = _ASSAULT.search(fs)
    if not m:
        return []
    regions = [h.place for h in gazetteer.find_places(folded, start, end) if h.place.admin1]
    if not regions:
        return []
    near = countries(folded, start + max(0, m.start() - 25), start + m.start())
    actor = near[-1][1] if near else None
    if actor is None and claimant:
        actor = claimant
    if actor is None:
        return []
    region = regions[0]
    return [_blank(type="ground_assault", actor=actor, claimed_by=claimant, country=region.country,
                   admin1=region.admin1, place=region.name if region.kind in ("city", "facility") else None)]


def arms_transfers(folded: str, start: int, end: int, claimant: str | None) -> list[dict]:
    fs = folded[start:end]
    if not (_ARMS.search(fs) and _RECEIVE.search(fs)):
        return []
    m = re.search(r"\b(?:din partea|from|от|від)\b", fs)
    found = countries(folded, start, end)
    if len(found) < 2 or not m:
        return []
    supplier = next((c for p, c in found if p > start + m.start()), None)
    receiver = next((c for p, c in found if p < start + m.start() and c != supplier), None)
    if not supplier or not receiver:
        return []
    by = receiver if re.search(r"\b(?:a recunoscut|admitted|acknowledged|признал\w*)\b", fs) else claimant
    return [_blank(type="arms_transfer", actor=supplier, target=receiver, claimed_by=by, weapon="weapons")]


MERGEABLE = ("troop_deployment", "ground_assault", "personnel_change", "diplomatic_meeting", "equipment_loss",
             "arms_transfer")


def _compatible(a: dict, b: dict) -> bool:
    if a["type"] != b["type"]:
        return False
    for key in ("actor", "target", "admin1", "place", "claimed_by", "date_start", "date_end"):
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
    out += equipment_losses(folded, start, end)
    out += personnel_changes(folded, start, end, claimant)
    out += ground_assaults(folded, start, end, claimant)
    out += arms_transfers(folded, start, end, claimant)
    return out
