"""Rule-based event extraction (CONTRACT.md): air attacks with regional breakdowns,
strikes and territorial claims, in the languages that have a lexicon file.

Public API::

    extract_events(text, *, published_at, language=None) -> list[dict]

Sentences are scanned for drone/missile counts next to destroy / launch / lose verbs;
the claimant comes from the sentence's attribution (or the previous sentence's, for "it
added"), the attacking side from the weapon's nationality or the claimant's opponent,
and the region from the gazetteer. A total followed by per-region numbers gives one event
per region and one total. The same claim stated twice is one event with two mentions.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache, partial

from . import claims, dates, gazetteer, lexicon, numbers, others, strikes, words
from .text import Deferred, fold, fold_pattern, sentences

_R = None


class _Rules:
    """The air-attack and territorial rules' word lists, from every language's lexicon file
    (data/lexicons/<lang>.json, section "air_attack")."""

    def __init__(self):
        w = lexicon.union("air_attack")

        def rx(key, prefix=None, suffix=None):
            # longest first and grouped by first letter (lexicon.alternation): the same words,
            # several times faster than a plain alternation in lexicon order
            if prefix is None and suffix is None:
                return lexicon.bounded_re(w.get(key, []))  # \b(?:...)\b, opening with a set where it can
            return re.compile(prefix + lexicon.alternation(w.get(key, []))[3:-1] + suffix)

        self.drone, self.missile, self.guided = rx("drone"), rx("missile"), rx("guided")
        self.glide = rx("glide")
        self.own_of = rx("own_of", r"^\s*(?:", r")")  # "one of its sea drones": its own weapon, not a count
        self.total_word = rx("total", r"(?:", r")(?:\s+[^\W\d]+){0,2}\W{0,4}$")  # "всего за ночь — 77", "în total 121"
        persons = words.collect("person_nouns") + words.collect("casualties", "killed") + \
            words.collect("casualties", "injured")
        self.persons_after = re.compile(r"^\W{0,3}(?:\w+\s+){0,3}?" + lexicon.alternation(persons) + r"\w{0,3}(?![\w])")
        self.contrast = lexicon.word_re(words.collect("grammar", "contrast"))  # "..., iar la Harkov": a new clause
        self.ballistic, self.cruise = rx("ballistic"), rx("cruise")
        self.destroy, self.launch, self.lost = rx("destroy"), rx("launch"), rx("lost")
        self.ua_adj, self.ru_adj = rx("ua_adj"), rx("ru_adj")
        lead = "|".join(fold_pattern(x) for x in w.get("anaphora_lead", []) or ["(?!x)x"])
        verbs = "|".join(fold_pattern(x) for x in w.get("anaphora_verbs", []) or ["(?!x)x"])
        self.anaphora = re.compile(rf"^\s*(?:{lead})\b.{{0,30}}\b(?:{verbs})\b")
        self.anaphora_any = rx("continuation")
        self.one_each = rx("one_each")
        each = [e for lang in lexicon.available_languages() for e in lexicon.get(lang).data["numbers"].get("each", [])]
        # "по восемь БПЛА – над территориями Ростовской и Брянской", "câte trei", "three each"
        self.each_before = re.compile(r"(?<![\w-])" + lexicon.alternation(each) + r"\s+$")
        self.each_after = re.compile(r"^\s+(?:\w+\s+){0,2}?" + lexicon.alternation(each) + r"(?![\w])")
        self.capture = rx("capture")
        cues = words.collect("settlement_cues") + w.get("settlements_of", [])
        self.settlement_cue = re.compile(r"(?<![\w-])(?:" + "|".join(fold_pattern(x) for x in sorted(
            cues, key=len, reverse=True) or ["(?!x)x"]) + r")[\s:]+")  # longest first: "village de" before "village"
        self.conjunctions = "|".join(fold_pattern(x) for x in lexicon.union("grammar").get("conjunctions", []) or
                                     ["(?!x)x"])
        self.proximity = re.compile(r"(?<![\w-])(?:" + "|".join(fold_pattern(x) for x in words.collect(
            "grammar", "proximity") or ["(?!x)x"]) + r")\s+(?:\w+\s+){0,3}$")
        self.of_them = rx("of_them")
        # "Кроме того, ...", "Par ailleurs, ...", "Also, ...": the sentence goes on with the same report
        self.additive = re.compile(r"^\W*(?:\w+\s+){0,1}" + lexicon.alternation(words.collect("grammar", "additive")) +
                                   r"(?![\w])")
        # every weapon class in one pattern, most specific first at any one position
        self.weapon_classes = list(zip(_WEAPON_ORDER, (self.ballistic, self.cruise, self.guided, self.glide,
                                                        self.drone, self.missile)))
        self.weapon_union = lexicon.word_re([x for key in ("ballistic", "cruise", "guided", "glide", "drone", "missile")
                                             for x in w.get(key, [])])
        self.weapon_any = re.compile("|".join(
            f"(?P<{cls}>{p.pattern})" for cls, p in zip(_WEAPON_ORDER, (self.ballistic, self.cruise, self.guided,
                                                                     self.glide, self.drone, self.missile))))
        quals = lexicon.alternation([q for lang in lexicon.available_languages()
                                     for q in lexicon.get(lang).data["numbers"]["qualifiers"]])
        # "72 drones and three cruise missiles", "13 bombs, six rockets, four missiles and 412
        # drones", "și peste 30 de rachete": the figures of one list share its verb
        self.joined_before = re.compile(r"(?:,|(?<![\w-])(?:" + self.conjunctions + r"))\s*(?:" + quals +
                                        r"\s+(?:de\s+)?)?$")
        cues = []
        for path in (("triggers",), ("weapons",), ("air_attack", "drone"), ("air_attack", "missile"),
                     ("air_attack", "destroy"), ("air_attack", "launch"), ("air_attack", "lost"),
                     ("air_attack", "capture"), ("air_attack", "settlements_of"), ("casualties",), ("damage", "words"),
                     ("target_kinds",), ("troop_nouns",), ("equipment_nouns",), ("arms",), ("settlement_cues",)):
            cues += words.collect(*path)
        self.any_cue = lexicon.word_re(cues)  # a sentence without any of these states no event
        self.war_words = lexicon.word_re(words.collect("war_words") + words.collect("weapons") + words.collect("troop_nouns") +
                                         words.collect("air_attack", "drone") + words.collect("air_attack", "missile"))
        self.settlements_of = rx("settlements_of", r"(?:", r")\s+(.+)$")
        self.unverified = rx("unverified", r"(?:", r")")
        self.out_of = rx("out_of", r"\s*(?:", r")\s+\d")
        self.locative = rx("locative")
        # a locative right before a place, at most two words between ("over the", "над территорией")
        self.locative_tail = re.compile(r"(?<![\w-])(?:" + "|".join(fold_pattern(x) for x in w.get("locative", []) or
                                                                   ["(?!x)x"]) + r")(?:\s+\**[^\W\d]+\**){0,3}[\s*]+$")
        joins = lexicon.union("grammar").get("conjunctions", []) or ["(?!x)x"]
        # what may separate the items of one list of places: commas, "and", a locative again
        self.list_gap = re.compile(r"^[\s*]*(?:,[\s*]*(?:(?:" + "|".join(fold_pattern(x) for x in joins) + r")\b)?|"
                                   r"(?:" + "|".join(fold_pattern(x) for x in joins) + r")\b)[\s*]*"
                                   r"(?:(?:" + "|".join(fold_pattern(x) for x in w.get("locative", []) or ["(?!x)x"])
                                   + r")\b)?[\s*]*(?:[^\W\d]+\s+){0,2}?[\s*]*$")


def _rules() -> _Rules:
    global _R
    if _R is None:
        _R = _Rules()
    return _R


def _lang(folded: str, language: str | None) -> str:
    """The document's language for number and date conventions: the label it came with,
    else the lexicon whose cue words it uses most (no language is named in code)."""
    return language if language in lexicon.available_languages() else lexicon.guess_language(folded)


_DIGIT = re.compile(r"\d")
# the lexicon paths of the air-attack patterns searched through their gates (_Rules: union("air_attack"))
_CONTINUATION, _OF_THEM, _LOST = ("air_attack", "continuation"), ("air_attack", "of_them"), ("air_attack", "lost")
_CLAUSE_OR_FIGURE = re.compile(r"[;.:]|\d")
_PUNCT_NEXT = re.compile(r"\s*(?:[,;.]|$)")
_WORD_NEXT = re.compile(r"\s*[^\W\d]")
_TIGHT = re.compile(r"[\s*(]{0,4}")
_PUNCT = re.compile(r"[,;:.!?]")

_WEAPON_ORDER = ("ballistic_missile", "cruise_missile", "guided_missile", "glide_bomb", "drone", "missile")


def _weapon(window: str) -> str | None:
    """The weapon class named first in the window ("two ballistic missiles, of which 60
    drones" is a missile); at one position the most specific class wins. (One dispatched
    alternation finds the position, the classes are tried only there: much faster than
    one group per class.)"""
    return _weapon_at(window, _rules().weapon_union.search(window))


def _weapon_at(window: str, m: re.Match | None) -> str | None:
    """_weapon() given the window's first weapon word ``m`` (the search a caller has done)."""
    if m is None:
        return None
    for cls, pat in _rules().weapon_classes:
        if pat.match(window, m.start()):
            return cls
    return None


def _victims_after(window: str) -> bool:
    """"seven people were injured", "3 civili răniți": the figure counts victims, not weapons
    (no weapon word may come first: "two missiles killed three people" is a missile count)."""
    m = _rules().persons_after.match(window)
    return bool(m) and _weapon(window[:m.start(0) + len(m.group(0))]) is None


def _event(**kw) -> dict:
    base = {k: None for k in ("type", "actor", "target", "claimed_by", "confirmation", "date_start", "date_end",
                              "country", "admin1", "place", "weapon", "target_kind")}
    base.update(kw)
    base.setdefault("quantities", {})
    return base


def extract_events(text: str, *, published_at: dt.date | None, language: str | None = None) -> list[dict]:
    folded = fold(text)
    gazetteer.prepare(text, folded)  # one pass over the document; rules then look places up
    lang = _lang(folded, language)
    events: list[dict] = []
    prev_claimant = None
    prev_claim_no = -9
    prev_start = 0
    recent_strike = recent_meeting = None
    para_time = (None, None, None)
    headlines = _headline_paragraphs(text)
    if not any(c in words.sides() for _, _, c in claims.cues().party_mentions(folded, 0, len(folded))) \
            and not _rules().war_words.search(folded) and not gazetteer.war_places(folded):
        return []  # no side, military word or place of the war named anywhere: not war reporting
    for sentence_no, (start, end, para) in enumerate(sentences(text)):
        if para in headlines:
            continue  # a title or a teaser of another story: the body states what it reports
        fs = folded[start:end]
        nums = [n for n in numbers.find_numbers(folded, lang, start, end) if n.kind == "count"]
        if not nums and not _rules().any_cue.search(fs):
            # no figure and no event word of any lexicon: only its time can matter (it carries on)
            times = dates.find_times(folded, lang, published_at, start, end)
            if times:
                when = max(times, key=lambda t: t.priority)
                para_time = (para, when.date_start.isoformat(),
                             when.date_end.isoformat() if when.date_end != when.date_start else None)
            continue
        voice = Deferred(partial(claims.voice, folded, start, end))
        who = Deferred(partial(_sentence_claimant, text, folded, start, end, voice, prev_claimant,
                                      sentence_no - prev_claim_no <= 2))
        times = dates.find_times(folded, lang, published_at, start, end)
        when = max(times, key=lambda t: t.priority) if times else None
        d_start = when.date_start.isoformat() if when else None
        d_end = when.date_end.isoformat() if when and when.date_end != when.date_start else None
        last = next((e for e in reversed(events) if e["type"] == "air_attack" and e["admin1"] is None), None)
        places = gazetteer.find_places(folded, start, end)
        evidence = text[start:end]
        if d_start is None and last is not None and words.gated_search(_rules().anaphora_any, fs, _CONTINUATION):
            d_start, d_end = last["date_start"], last["date_end"]
        if d_start is not None:
            para_time = (para, d_start, d_end)
        elif para_time[0] == para:
            d_start, d_end = para_time[1], para_time[2]  # the paragraph's time carries on
        recent = last if last is not None and sentence_no - last.get("_sentence", -9) <= 2 else None
        made = _air_attacks(folded, start, end, nums, places, who, d_start, d_end, evidence, fs,
                            recent if recent is not None and (_rules().anaphora.search(fs) or
                                                              words.gated_search(_rules().of_them, fs, _OF_THEM) or
                                                              words.gated_search(_rules().lost, fs, _LOST)) else None,
                            last if last is not None and (words.gated_search(_rules().anaphora_any, fs, _CONTINUATION) or (
                                recent is not None and who() in (None, recent["claimed_by"]))) else None) \
            if nums else []  # an air attack states a figure (the tests only when there is an event to continue)
        for ev in made:
            ev.setdefault("_sentence", sentence_no)
        made += _territorial(text, folded, start, end, places, who, d_start, fs, evidence, lang, d_end)
        if not any(e["type"] == "air_attack" for e in made):
            made += strikes.strike_events(text, folded, start, end, lang, who, d_start, d_end)
        if not made:
            prior = Deferred(partial(_prior_region, folded, prev_start, start) if sentence_no else lambda: None)
            transfer = next((e for e in reversed(events) if e["type"] == "arms_transfer"
                             and sentence_no - e.get("_sentence", -9) <= 2), None)
            for ev in others.other_events(folded, start, end, lang, who, prior, transfer):
                if ev["type"] in ("troop_deployment", "diplomatic_meeting", "equipment_loss", "personnel_change",
                                  "ground_assault"):
                    ev["date_start"], ev["date_end"] = d_start, d_end
                made.append(ev)
        if text[start:end].rstrip().endswith(":") and strikes.trigger(fs):
            header_actor = "RU" if _rules().ru_adj.search(fs) else ("UA" if _rules().ua_adj.search(fs) else None)
            items = strikes.list_strikes(text, folded, _lines_after(text, end), lang,
                                         who() or _context_claimant(folded, start), header_actor, d_start)
            events += items
        if not made and recent_strike is not None and sentence_no - recent_strike[1] <= 2:
            # "A colonel was killed and 40 were injured, the ministry said.": figures that
            # follow a strike belong to it
            extra = strikes.casualties(folded, start, end, lang)
            target = recent_strike[0]
            for key, val in extra.items():
                if key not in target["quantities"]:
                    target["quantities"][key] = val
                    target.setdefault("extra_mentions", []).append((start, end, evidence))
        if not made and recent_meeting is not None and sentence_no - recent_meeting[1] <= 2 \
                and recent_meeting[0]["place"] is None and others.meeting_words(fs):
            # "Kim visited the country in September. He held talks with his counterpart at the
            # Vostochny Cosmodrome": where the meeting just reported took place
            site = next((h.place for h in places if h.place.kind in ("city", "facility")), None)
            if site is not None and site.country == recent_meeting[0]["target"]:
                m = recent_meeting[0]
                m["place"], m["admin1"], m["country"] = site.name, site.admin1, site.country
                m.setdefault("extra_mentions", []).append((start, end, evidence))
        if made and claims.nested_report(folded, start, end) == (True, None):
            made = []  # "...cu privire la declarațiile occidentale potrivit cărora...": nobody's claim
        for ev in made:
            if ev["type"] == "strike":
                recent_strike = (ev, sentence_no)
            if ev["type"] == "diplomatic_meeting":
                recent_meeting = (ev, sentence_no)
        if made and d_start is None:
            # a strike's next account at the same place, or an "also ..." sentence of the same
            # report, keeps its time
            additive = bool(_rules().additive.match(fs))
            for ev in made:
                if ev["date_start"] is not None:
                    continue
                src = next((e for e in reversed(events) if sentence_no - e.get("_sentence", -9) <= 2 and e["date_start"]
                            and (additive or (ev["type"] == e["type"] == "strike" and ev["admin1"]
                                              and e["admin1"] == ev["admin1"]))), None)
                if src is not None:
                    ev["date_start"], ev["date_end"] = src["date_start"], src["date_end"]
        for ev in made:
            if ev["type"] == "strike" and ev["actor"] is None:
                # "The strikes hit power generation facilities across the country": the strikes
                # of the attack just reported
                attack = next((e for e in reversed(events) if e["type"] == "air_attack" and e["actor"]
                               and sentence_no - e.get("_sentence", -9) <= 2), None)
                if attack is not None and ev["country"] in (None, attack["country"]):
                    ev["actor"], ev["country"] = attack["actor"], attack["country"]
        claimant = who() if made else None
        if made and claimant is None and voice() == "none" and prev_claimant and sentence_no - prev_claim_no <= 2 \
                and all(ev["actor"] in (prev_claimant, None) for ev in made):
            # a briefing's next line, unattributed, on that side's own actions ("Также уничтожен
            # склад боеприпасов ВСУ", "Средствами ПВО сбиты 13 авиабомб") is still the briefing
            for ev in made:
                ev["claimed_by"] = ev["claimed_by"] or prev_claimant
                if ev["actor"] is None and ev["type"] == "air_attack":
                    ev["actor"] = words.opponent(prev_claimant)  # what its air defences downed
                    ev["country"] = ev["country"] or prev_claimant
                elif ev["actor"] is None and ev["type"] == "personnel_change":
                    ev["actor"] = prev_claimant
            claimant = prev_claimant
        if made:
            prev_claimant = claimant or prev_claimant
            if claimant:
                prev_claim_no = sentence_no
        prev_start = start
        for ev in made:
            ev.setdefault("_sentence", sentence_no)
            ev.setdefault("evidence", evidence)
            ev.setdefault("evidence_start", start)
            ev.setdefault("evidence_end", end)
        events += made
    return _merge(events)


def _prior_region(folded: str, start: int, end: int):
    """The last region of a side the previous sentence names as where something happened."""
    prior = [h.place for h in strikes.target_places(folded, start, end)
             if h.place.admin1 and h.place.country in words.sides()]
    return prior[-1] if prior else None


def _sentence_claimant(text: str, folded: str, start: int, end: int, voice, previous: str | None,
                       recent: bool) -> str | None:
    """Who claims the sentence folded[start:end]: its attribution, else (``recent``: the
    previous claimant spoke at most two sentences ago) an unnamed speaker's side."""
    claimant = claims.claimant(folded, start, end, previous)
    if claimant is None and text[start:start + 1] in "„“\"«":
        # a quotation attributed after it closes: „...”, se arată în comunicatul armatei ucrainene
        para_end = text.find("\n", end)
        claimant = claims.claimant(folded, end, len(text) if para_end == -1 else para_end, None)
    if claimant is None and previous and recent and voice() == "unnamed":
        # "..., Energy Minister Herman Halushchenko said": a speaker the lexicons do not
        # know, right after that side's statements, speaks for the same side
        claimant = previous
    return claimant


_TERMINAL = frozenset(".,!?\u2026:;\"'\u201d\u00bb)]")  # a paragraph ending so is no title


def _headline_paragraphs(text: str) -> set[int]:
    """Paragraphs that read as titles or teasers (short, no closing punctuation, not a
    list item) in a document that also has body paragraphs."""
    paras = text.split("\n")
    short = {i for i, p in enumerate(paras) if p.strip() and len(p) < 200 and p.rstrip()[-1] not in _TERMINAL
             and not p.lstrip()[:1] in "-\u2013\u2022\u25ab*"}
    body = any(p.strip() and i not in short for i, p in enumerate(paras))
    return short if body else set()


def _lines_after(text: str, pos: int) -> list[tuple[int, int]]:
    """(start, end) of the lines after the one holding ``pos``."""
    out = []
    nl = text.find("\n", pos)
    while nl != -1:
        nxt = text.find("\n", nl + 1)
        end = len(text) if nxt == -1 else nxt
        if text[nl + 1:end].strip():
            out.append((nl + 1, end))
        nl = nxt
    return out


def _context_claimant(folded: str, pos: int) -> str | None:
    """Who the nearest preceding headline or sentence says is claiming ("Moscow says...")."""
    line_start = folded.rfind("\n", 0, max(0, pos - 1))
    prev_start = folded.rfind("\n", 0, max(0, line_start))
    return claims.claimant(folded, max(0, prev_start + 1, pos - 300), pos)


def _air_attacks(folded, start, end, nums, places, who, d_start, d_end, evidence, fs, last_event=None,
                 context=None) -> list[dict]:
    """The air attacks of a sentence's figures (``who()``: its claimant, read when needed)."""
    out = []
    pending_destroyed = None
    denominator_at = -1
    numerators: set[int] = set()  # "12 of 15 missiles": the 12 belongs to the 15's claim
    prev_end = start
    total = None
    first_regional = None
    seen_roles: set[tuple] = set()  # (weapon, role) of the figures read so far
    pending_total = None
    chain_role = None  # the verb governing a list of figures ("shot down 31 of 45 drones and two missiles")
    shared: dict[int, list] = {}  # figures of one list after a region take its region
    prev_region = None
    # per figure, computed once: both loops below ask (the same arguments, the same answers)
    victims: dict[int, bool] = {}
    regions: dict[int, list] = {}

    def victims_after(n) -> bool:
        if n.start not in victims:
            victims[n.start] = _victims_after(folded[n.end:min(end, n.end + 45)])
        return victims[n.start]

    def regions_after(n) -> list:
        if n.start not in regions:
            regions[n.start] = _regions_after(folded, n, nums, places)
        return regions[n.start]

    for n in nums:
        window = folded[n.end:min(end, n.end + 45)]
        w = _rules().weapon_union.search(window)  # the weapon word nearest the number
        weapon = _weapon_at(window, w)
        before = folded[max(start, n.start - 80):n.start]
        after = folded[n.end:min(end, n.end + 80)]
        joined = _rules().joined_before.search(folded, max(prev_end, n.start - 20), n.start) is not None
        if _rules().own_of.match(window) or victims_after(n):
            numerators.add(n.start)  # nor a region's figure below
            continue  # "one of its sea drones", "seven people were injured": not a count of the attack
        of = _rules().out_of.match(window)
        if of and weapon is not None and (_rules().destroy.search(before[-35:]) or
                                          _rules().destroy.search(folded, n.end, end)):
            # "destroyed 56 out of 108 drones": 56 destroyed, the 108 is read as launched below
            pending_destroyed = n.value
            denominator_at = n.end + of.end() - 1  # where the "of N" figure starts
            numerators.add(n.start)
            chain_role = "destroyed"
            continue
        adjacent = bool(w) and w.start() <= 24 and not _DIGIT.search(window, 0, w.start()) \
            and not words.first_class(("target_kinds",), window[:w.start()])  # "два пункта управления БпЛА"
        right_after = after[w.end():w.end() + 20] if adjacent else ""
        right_after = _CLAUSE_OR_FIGURE.split(right_after, maxsplit=1)[0]  # not the next clause's or figure's verb
        if weapon is None or not adjacent:
            # "another 49 were 'locationally lost'", "shot down 71 of them": a bare number
            # continues the last claim; "всего за ночь — 77", "în total 121": the total of it
            target = out[-1] if out else last_event
            own = after[:next((m.start - n.end for m in nums if m.start > n.end), len(after))]  # up to the next figure
            if target is not None and target["claimed_by"] is None and (
                    _rules().lost.search(own[:40]) or _rules().destroy.search(before[-20:])) and who():
                # "Вночі ворог атакував 52 дронами. Збито 30, ..., повідомили Повітряні сили."
                target["claimed_by"] = who()
                target["actor"] = target["actor"] or words.opponent(who())
                target["country"] = target["country"] or words.opponent(target["actor"])
            if target is not None and _rules().lost.search(own[:40]):
                target["quantities"].setdefault("lost", n.value)
            elif target is not None and (
                    (_rules().of_them.match(folded, n.end + len(after) - len(after.lstrip())) and
                     (_rules().destroy.search(before[-35:]) or _rules().destroy.search(after[:50])))
                    or (_PUNCT_NEXT.match(own) and _rules().destroy.search(before[-15:]))):
                # "shot down 71 of them", "Збито 30, ще 20 ...": the claim's destroyed figure
                target["quantities"].setdefault("destroyed", n.value)
            elif weapon is None and _rules().total_word.search(before[-35:]) and not _WORD_NEXT.match(after):
                pending_total = n  # made once the claim it totals is known (below)
            continue
        q = {}
        if _rules().lost.search(right_after) or _rules().lost.search(before[-25:]):
            q["lost"] = n.value
        elif _rules().launch.search(right_after):
            q["launched"] = n.value
        elif _rules().destroy.search(before[-35:]) or _rules().destroy.search(right_after):
            q["destroyed"] = n.value
        elif joined and (chain_role or out):
            # "launched 72 drones and three cruise missiles": the figures share the verb
            q[chain_role or next(iter(out[-1]["quantities"]))] = n.value
        elif _rules().launch.search(before[-45:]) or _rules().launch.search(after[:70]):
            q["launched"] = n.value
        elif _rules().destroy.search(before) or _rules().destroy.search(after[:60]):
            q["destroyed"] = n.value
        elif _rules().launch.search(_clause_before(folded, start, n.start)):
            # "a lancé dans la nuit de dimanche à lundi plus de 100 missiles": the clause's verb
            q["launched"] = n.value
        else:
            continue
        if pending_destroyed is not None and n.start == denominator_at and "lost" not in q:
            # "downed 47 of 106 Russian drones": the verb before the 47 is not the 106's; the
            # figure it is a part of is how many came
            q = {"launched": n.value}
        if pending_destroyed is not None and "launched" in q:
            q["destroyed"] = pending_destroyed
            pending_destroyed = None
        elif not joined:
            chain_role = next(iter(q))
        prev_end = n.end
        where = regions_after(n)
        if not where and joined and prev_region is not None:
            where = shared[n.start] = [prev_region]  # "над Белгородской областью 11 БПЛА и две ракеты"
        role = (weapon, next(iter(q)))
        if not where and role in seen_roles:
            # a later figure of a breakdown whose region cannot be read ("... и 9 БПЛА – над
            # территорией Белгоро" cut off): not a second total
            numerators.add(n.start)
            continue
        seen_roles.add(role)
        prev_region = where[0] if len(where) == 1 else None
        if len(where) == 1:
            first_regional = first_regional or n
            continue  # the regional loop below makes it a per-region event
        if len(where) > 1 and (_each(folded, n) or total is not None or last_event is not None or context is not None):
            # "eight each over Rostov and Bryansk", or a figure for several regions inside a
            # breakdown: the regional loop gives each region its own (or none), no new total
            first_regional = first_regional or n
            continue
        actor = _figure_actor(folded, n, end, who())
        country = words.opponent(actor)
        ev = _event(type="air_attack", actor=actor, claimed_by=who(), weapon=weapon, country=country,
                    date_start=d_start, date_end=d_end, quantities=q)
        if n.qualifier:  # "more than 2,000", "about 40": the figure is a bound, not a count
            ev["qualifiers"] = {k: n.qualifier for k in q if q[k] == n.value}
        total = ev
        out.append(ev)
    # "36 ... in the Kursk region, 20 in Bryansk": bare numbers right before a region
    fs_weapon = _weapon(fs) if total is None and not out else None
    if fs_weapon and (_rules().destroy.search(fs) or _rules().launch.search(fs)):
        claimant = who()
        actor = _figure_actor(folded, first_regional, end, claimant) if first_regional else None
        if actor is None:
            nat = "UA" if _rules().ua_adj.search(fs) else ("RU" if _rules().ru_adj.search(fs) else None)
            actor = nat or (words.opponent(claimant))
        verb = "launched" if _rules().launch.search(fs) and not _rules().destroy.search(fs) else "destroyed"
        if context is not None and context["weapon"] == fs_weapon:
            # the regions of the total just stated ("42 drones overnight. 18 over Kursk, ...")
            actor, claimant = context["actor"], context["claimed_by"] or claimant
            d_start, d_end = d_start or context["date_start"], d_end or context["date_end"]
        out_anchor = _event(type="air_attack", actor=actor, claimed_by=claimant, weapon=fs_weapon,
                            country=words.opponent(actor), date_start=d_start, date_end=d_end,
                            quantities={verb: 0})
    else:
        out_anchor = None
    if total is not None or out or out_anchor is not None:
        anchor = total or (out[-1] if out else out_anchor)
        for n in nums:
            if n.start in numerators:
                continue
            near = shared.get(n.start) or regions_after(n)
            if victims_after(n):
                continue
            if len(near) > 1 and _each(folded, n):
                for h in near:  # "по восемь ... над территориями Ростовской и Брянской областей"
                    p = h.place
                    qty = {k: n.value for k in anchor["quantities"] if k != "lost"} or {"destroyed": n.value}
                    out.append(_event(type="air_attack", actor=anchor["actor"], claimed_by=anchor["claimed_by"],
                                      weapon=anchor["weapon"], country=p.country, admin1=p.admin1,
                                      date_start=anchor["date_start"], date_end=anchor["date_end"], quantities=qty))
                continue
            if len(near) != 1:
                continue  # none, or a list of regions sharing one figure (that is a total)
            p = near[0].place
            if p.admin1 is None and p.kind != "sea":
                continue
            if p.country is None and p.kind != "sea":
                continue
            qty = {k: n.value for k in anchor["quantities"] if k != "lost"} or {"destroyed": n.value}
            own = folded[n.end:min(end, n.end + 30)]
            weapon = _weapon(own[:own.find(",")] if "," in own else own) or anchor["weapon"]
            out.append(_event(type="air_attack", actor=anchor["actor"], claimed_by=anchor["claimed_by"],
                              weapon=weapon, country=p.country, admin1=p.admin1,
                              date_start=anchor["date_start"], date_end=anchor["date_end"], quantities=qty))
        m = _rules().one_each.search(fs)
        if m:
            for p in places:
                if p.start > start + m.end() and p.place.admin1:
                    out.append(_event(type="air_attack", actor=anchor["actor"], claimed_by=anchor["claimed_by"],
                                      weapon=anchor["weapon"], country=p.place.country, admin1=p.place.admin1,
                                      date_start=anchor["date_start"], quantities={"destroyed": 1}))
    if pending_total is not None and total is None:
        # "над Саратовской областью уничтожены девять беспилотников, всего за ночь — 77"
        base = (out[-1] if out else None) or out_anchor or last_event
        if base is not None:
            key = next((k for k in base["quantities"] if k != "lost"), "destroyed")
            total = _event(type="air_attack", actor=base["actor"], claimed_by=base["claimed_by"] or who(),
                           weapon=base["weapon"], country=words.opponent(base["actor"]),
                           date_start=base["date_start"] or d_start, date_end=base["date_end"] or d_end,
                           quantities={key: pending_total.value})
            out.append(total)
    if total is not None and not any(ev["admin1"] for ev in out) and not _country_wide(folded, start, end):
        # "Moscow Mayor Sergei Sobyanin said two more drones flying towards the capital were
        # shot down": a regional official's figure is his region's
        ruled = strikes.governed_place(folded, start, end)
        if ruled is not None and ruled.place.admin1:
            total["admin1"], total["country"] = ruled.place.admin1, ruled.place.country
    # the total is the event with no region; drop region events duplicated by a total
    for ev in out:
        if ev["admin1"] is None and ev is not total and ev["quantities"] == (total or {}).get("quantities"):
            continue
    seen = set()
    uniq = []
    for ev in out:
        key = (ev["admin1"], ev["weapon"], tuple(sorted(ev["quantities"].items())))
        if key in seen:
            continue
        seen.add(key)
        uniq.append(ev)
    # numbers of one weapon in one sentence (destroyed 56 of 108 launched, 49 lost) are one event
    merged: dict[tuple, dict] = {}
    for ev in uniq:
        key = (ev["admin1"], ev["weapon"])
        if key in merged and not (set(merged[key]["quantities"]) & set(ev["quantities"])):
            merged[key]["quantities"].update(ev["quantities"])
        elif key in merged:
            merged[(key, len(merged))] = ev
        else:
            merged[key] = ev
    return list(merged.values())


def _each(folded: str, n) -> bool:
    """'по восемь', 'câte trei', 'three each': one figure for each of the regions listed."""
    return bool(_rules().each_before.search(folded, max(0, n.start - 12), n.start)) or \
        bool(_rules().each_after.match(folded[n.end:n.end + 30]))


def _country_wide(folded: str, start: int, end: int) -> bool:
    """'over Russia', 'across Ukraine', 'над территорией России': a figure for a whole country."""
    for a, _, code in claims.cues().party_mentions(folded, start, end):
        if code in words.sides() and _rules().locative_tail.search(folded, max(start, a - 40), a):
            return True
    return False


def _clause_before(folded: str, start: int, pos: int) -> str:
    """The clause leading to ``pos``: from the last comma, semicolon or colon (at most 120
    characters back)."""
    lo = max(start, pos - 120)
    cut = max(folded.rfind(",", lo, pos), folded.rfind(";", lo, pos), folded.rfind(":", lo, pos))
    return folded[max(lo, cut + 1):pos]


def _figure_actor(folded, n, end, claimant):
    """Who launched the weapons of a figure: the nationality after it ("42 украинских БПЛА"),
    the party named as their launcher ("fired by Russia"), else the claimant's opponent."""
    nationality = folded[n.end:min(end, n.end + 40)]
    actor = "UA" if _rules().ua_adj.search(nationality) else ("RU" if _rules().ru_adj.search(nationality) else None)
    if actor is None:  # "15 missiles fired by Russia", "ракет, выпущенных Россией"
        agent = [c for _, _, c in claims.cues().party_mentions(folded, n.end, min(end, n.end + 50))
                 if c in words.sides() and c != claimant]
        actor = agent[0] if agent else None
    if actor is None and claimant:
        actor = words.opponent(claimant)
    return actor


def _regions_after(folded, n, nums, places, reach=110):
    """The regions a figure is stated for: "36 in the Kursk region" -> [Kursk];
    "11 drones over the Moscow, Tula and Kaluga regions" -> all three (a shared total);
    else a region just before it ("Брянской (5 БПЛА)", "over the Kursk region 46 were
    downed"). No other figure may stand between the number and the region."""
    def free(a, b):
        return not any(a <= m.start < b for m in nums if m is not n)

    def regional(p):
        return p.place.admin1 or p.place.kind == "sea"

    def owned_by_next(p):  # "над территорией Брянской области 34": that region is the next figure's
        return any(m.start >= p.end and _TIGHT.fullmatch(folded, p.end, m.start) for m in nums)

    def locative_before(p):  # "над территорией Курской", "over the Black Sea", "în regiunea Kursk"
        return bool(_rules().locative_tail.search(folded, max(0, p.start - 40), p.start))

    first = next((p for p in places if 0 <= p.start - n.end <= reach and free(n.end, p.start)
                  and not _PUNCT.search(folded, n.end, p.start) and locative_before(p) and regional(p)), None)
    if first is not None and owned_by_next(first):
        first = None
    if first is None:
        p = next((p for p in reversed(places) if p.end <= n.start and regional(p) and free(p.end, n.start)), None)
        if p is None:
            return []
        gap = folded[p.end:n.start]
        verb = _rules().destroy.search(gap) or _rules().launch.search(gap)
        if _TIGHT.fullmatch(gap) or (len(gap) <= 70 and verb and not _PUNCT.search(gap)
                                                 and locative_before(p)):
            return [p]
        return []
    out = [first]
    for p in places:
        if p.start <= out[-1].start:
            continue
        gap = folded[out[-1].end:p.start]
        if len(gap) > 40 or not free(out[-1].end, p.start) or not _rules().list_gap.match(gap) \
                or _rules().contrast.search(gap):
            break
        if regional(p):
            out.append(p)
    return out


_CAPITALISED = re.compile(r"[^\W\d_][\w'\u2019-]*(?:[ -][A-Z\u0400-\u042f\u0404\u0406\u0407][\w'\u2019-]*)?")


def _named_settlements(text, folded, start, end, places):
    """Settlements the gazetteer does not know, named after a settlement word ("the
    villages of Kotlyne and Udachne", "населенный пункт Мирный"): capitalised names,
    in a list joined by commas and conjunctions."""
    out = []
    known = [(h.start, h.end) for h in places]
    sep = re.compile(r"[\s\"'\u00bb\u201d]*(?:,\s*(?:(?:" + _rules().conjunctions + r")\s+)?|\s+(?:" +
                     _rules().conjunctions + r")\s+)")
    for cue in _rules().settlement_cue.finditer(folded, start, end):
        pos = cue.end()
        while pos < end:
            while pos < end and text[pos] in " \t\u00ab\u201e\u201c\"'":
                pos += 1
            m = _CAPITALISED.match(text, pos)
            if m is None or not text[pos].isupper() or m.end() > end:
                break
            possessive = m.group(0).endswith(("'s", "\u2019s")) or folded.startswith("'s", m.end())
            if not any(a <= m.start() < b for a, b in known) and not possessive and \
                    not _rules().proximity.search(folded, max(start, m.start() - 35), m.start()):
                out.append((m.start(), m.end(), m.group(0).rstrip("'\u2019")))
            nxt = sep.match(folded, m.end(), end)
            if not nxt:
                break
            pos = nxt.end()
    return out


def _territorial(text, folded, start, end, places, who, d_start, fs, evidence, lang=None, d_end=None) -> list[dict]:
    if not words.may_match(fs, ("air_attack", "capture"), ("air_attack", "settlements_of")):
        return []
    trig = _rules().capture.search(fs)
    if not trig and not (_rules().settlements_of.search(fs) and not strikes.trigger(fs) and
                         _rules().capture.search(folded, max(0, start - 300), start)):
        return []  # "the villages of Condrieu": settlements named, nothing taken
    out = []
    # the side that took it: the subject's nationality ("Ukrainian forces", "Armata rusă"),
    # else the claimant, else the opponent of the country the place is in
    subject = claims.cues().party_mentions(folded, start, start + (trig.start() if trig else 0))
    region_hits = [h for h in places if h.place.kind == "region" and h.place.country in words.sides()]
    places = strikes.target_places(folded, start, end)  # not "installed by Moscow", "Kyiv's officials"
    named = [h for h in places if h.place.kind in ("city", "facility") and h.place.country in words.sides()
             and not _rules().proximity.search(folded, max(start, h.start - 35), h.start)]
    near = [h for h in places if h.place.kind in ("city", "facility") and h.place.admin1 and h not in named]
    extra = _named_settlements(text, folded, start, end, places)

    def region_of(pos):
        """The region a settlement is stated in: the first named after it ("Novohrodivka, din
        regiunea Donețk, și Ivanivka, din regiunea Harkov"), else the last before it, else
        the region of a town it is said to be near ("Dachenske, près de Pokrovsk")."""
        after = next((r for r in region_hits if r.start >= pos), None)
        before = [r for r in region_hits if r.end <= pos]
        if after or before:
            r = (after or before[-1]).place
            return r.country, r.admin1
        ref = next((h for h in near if h.start > pos), None) or (near[-1] if near else None)
        return (ref.place.country, ref.place.admin1) if ref else (None, None)

    settled = []
    for h in named:
        country, admin1 = region_of(h.start)
        name = h.place.name
        mention = folded[h.start:h.end]
        if admin1 is None:
            country, admin1 = h.place.country, h.place.admin1
        # the namesake in the stated region, whose own name this is ("Петровка" in Donetsk is
        # Petrivka, not the village that was once called so)
        if h.place.admin1 != admin1 or gazetteer.skeleton(mention) != gazetteer.skeleton(name):
            alt = gazetteer.by_skeleton(mention, {admin1})
            if alt and gazetteer.skeleton(alt[0].name) == gazetteer.skeleton(mention):
                name = alt[0].name
        settled.append((name, country, admin1))
    for pos, _, nm in extra:
        country, admin1 = region_of(pos)
        if country == "UA" and lang != "uk" and any("\u0400" <= ch <= "\u04ff" for ch in nm):
            latin = words.latin(words.ukrainian_form(nm), "uk")  # "Новодмитровку" -> Novodmytrivka
        else:
            latin = words.latin(nm, lang)
        alt = gazetteer.by_skeleton(nm, {admin1}) if admin1 else []
        settled.append((alt[0].name if alt else latin, country, admin1))
    claimant = who() if settled else None
    confirmation = claims.confirmation(folded, start, end, claimant, None) if settled else None
    for name, country, admin1 in settled:
        actor = subject[-1][2] if subject and subject[-1][2] in words.sides() else None
        if actor is None:
            actor = claimant if claimant in words.sides() else words.opponent(country)
        if country is None:
            country = words.opponent(actor)
        out.append(_event(type="territorial_claim", actor=actor, claimed_by=claimant or actor,
                          confirmation=confirmation, country=country, admin1=admin1, place=name,
                          date_start=d_start, date_end=d_end))
    return out


def _compatible_value(a, b) -> bool:
    return a is None or b is None or a == b


def _absorb(home: dict, ev: dict) -> None:
    """``ev`` is another statement of ``home``'s claim: its fields fill home's blanks, its
    figures are added, its mentions join home's."""
    for key, val in ev.items():
        if key in ("quantities", "mentions", "evidence", "evidence_start", "evidence_end", "extra_mentions",
                   "_sentence", "_sentences"):
            continue
        if home.get(key) is None and val is not None:
            home[key] = val
    for k, v in ev["quantities"].items():
        home["quantities"].setdefault(k, v)
    home.setdefault("extra_mentions", []).append((ev["evidence_start"], ev["evidence_end"], ev["evidence"]))
    home["extra_mentions"] += ev.get("extra_mentions", [])


_SAME_CLAIM = ("actor", "claimed_by", "admin1", "place", "weapon", "date_start", "date_end")


def _possible(q: dict, qualifiers: dict) -> bool:
    """No more downed or lost than launched: "4 missiles at the airfield. Air defences
    downed 13 missiles overnight" are two figures of two claims, not one attack (a launched
    figure that is a bound, "more than 100", says nothing against 102 downed)."""
    launched = q.get("launched")
    return launched is None or "launched" in qualifiers or q.get("destroyed", 0) + q.get("lost", 0) <= launched


def _join_statements(events: list[dict]) -> list[dict]:
    """A claim told in pieces is one event: the same figures restated without (or with) the
    date or the claimant ("Summary: Russia attacked with 117 drones" and the entry it sums
    up), and an air attack whose figures follow in the next sentences of the same side
    ("Russia launched 188 drones. The air force said its units shot down 76 of the drones,
    while 95 were lost"): same weapon and region, no field in conflict, no figure twice."""
    kept: list[dict] = []
    # the kept events by type, region, weapon and place (only those can be one claim; a
    # statement absorbed never changes them): a long breakdown compares each event with its
    # own few, not with every one before it
    alike: dict[tuple, list[dict]] = {}
    for ev in events:
        ev["_sentences"] = {ev.get("_sentence", -9)}
        home = None
        same = alike.setdefault((ev["type"], ev["admin1"], ev["weapon"], ev["place"]), [])
        for k in reversed(same):
            if not all(_compatible_value(k.get(f), ev.get(f)) for f in _SAME_CLAIM):
                continue
            if k["quantities"] == ev["quantities"] and k["type"] in ("air_attack", "territorial_claim") \
                    and (k["quantities"] or k["place"]):
                home = k  # the same figures (or settlement) stated again
                break
            if ev["type"] == "air_attack" and k["quantities"] and ev["quantities"] \
                    and not set(k["quantities"]) & set(ev["quantities"]) \
                    and any(0 < ev.get("_sentence", 0) - n <= 2 for n in k.get("_sentences", ())) \
                    and _possible({**k["quantities"], **ev["quantities"]},
                                  {**k.get("qualifiers", {}), **ev.get("qualifiers", {})}):
                home = k  # the next figures of the same claim
                break
        if home is None:
            kept.append(ev)
            same.append(ev)
        else:
            _absorb(home, ev)
            home["_sentences"] |= ev["_sentences"]  # a later statement's next sentences continue it too
    for ev in kept:
        ev.pop("_sentences", None)
    return kept


_MERGE_KEY = ("type", "actor", "claimed_by", "admin1", "place", "weapon", "date_start", "date_end")


def _merge(events: list[dict]) -> list[dict]:
    """The same claim stated twice is one event with two mentions."""
    out: dict[tuple, dict] = {}
    events = _join_statements(events)
    for ev in events:
        key = tuple([(k, str(ev.get(k))) for k in _MERGE_KEY]) + tuple(sorted(ev["quantities"].items()))
        mention = {"start": ev["evidence_start"], "end": ev["evidence_end"], "evidence": ev["evidence"]}
        if key in out:
            if mention not in out[key]["mentions"]:
                out[key]["mentions"].append(mention)
            continue
        ev["mentions"] = [mention] + [{"start": a, "end": b, "evidence": t} for a, b, t in ev.pop("extra_mentions", ())]
        out[key] = ev
    merged = _merge_bounds(others.merge_restatements(strikes.merge_strikes(list(out.values()))))
    for ev in merged:  # the first statement is the evidence
        first = ev["mentions"][0]
        ev["evidence"], ev["evidence_start"], ev["evidence_end"] = first["evidence"], first["start"], first["end"]
    for ev in merged:
        ev.pop("_sentence", None)
    merged = [ev for ev in merged if _specific(ev)]
    _confirmed_by_the_other_side(merged)
    merged.sort(key=lambda e: (e["evidence_start"], e["type"], str(e.get("admin1"))))
    _check_sums(merged)
    return merged


def _confirmed_by_the_other_side(events: list[dict]) -> None:
    """A side's claim of its own strike is confirmed when the document also carries the
    target side's account of that strike (the governor reporting the fire at the same
    place or region): CONTRACT.md's "the other side confirmed it"."""
    for ev in events:
        if ev["type"] != "strike" or ev["confirmation"] or not ev["actor"] or ev["claimed_by"] != ev["actor"]:
            continue
        other = words.opponent(ev["actor"])
        for o in events:
            if o is ev or o["type"] != "strike" or o["claimed_by"] != other or o["actor"] != ev["actor"]:
                continue
            if (ev["place"] and o["place"] == ev["place"]) or (ev["admin1"] and o["admin1"] == ev["admin1"]):
                ev["confirmation"] = "confirmed"
                break


def _specific(ev: dict) -> bool:
    """An event must say who and what: a strike needs an attacker, a weapon or a claimant
    and a target, place or toll ("the 100F hits the sweet spot" is none); a settlement
    taken needs the taking side and the country; an appointment needs whose official."""
    t = ev["type"]
    if t == "strike":
        return bool(ev["actor"] or ev["weapon"] or ev["claimed_by"]) and \
            bool(ev["place"] or ev["admin1"] or ev["target_kind"] or ev["quantities"])
    if t == "territorial_claim":
        return ev["actor"] in words.sides() and ev["country"] in words.sides()
    if t == "personnel_change":
        return bool(ev["actor"] or ev["claimed_by"])
    if t == "diplomatic_meeting":
        return bool(ev["actor"] and ev["target"])
    return True


def _consistent(bound: int, qualifier: str, exact: int) -> bool:
    if qualifier == "gt":
        return bound < exact <= bound * 1.5
    if qualifier == "ge":
        return bound <= exact <= bound * 1.5
    if qualifier == "approx":
        return abs(exact - bound) <= 0.15 * bound
    if qualifier in ("le", "lt"):
        return bound * 0.5 <= exact <= bound
    return False


def _merge_bounds(events: list[dict]) -> list[dict]:
    """"More than 2,000 drones last month" and "2,023 drones last month" from the same
    party are one claim: the rounded statement becomes a mention of the exact one."""
    same = ("type", "actor", "claimed_by", "admin1", "place", "weapon", "date_start", "date_end")
    drop = set()
    for i, ev in enumerate(events):
        quals = ev.get("qualifiers")
        if ev["type"] != "air_attack" or not quals:
            continue
        for j, other in enumerate(events):
            if j == i or j in drop or other.get("qualifiers") or any(other[f] != ev[f] for f in same):
                continue
            q, oq = ev["quantities"], other["quantities"]
            if all(k in oq and (oq[k] == v or (k in quals and _consistent(v, quals[k], oq[k]))) for k, v in q.items()):
                other["mentions"] = sorted(other["mentions"] + ev["mentions"], key=lambda m: m["start"])
                drop.add(i)
                break
    return [e for i, e in enumerate(events) if i not in drop]


def _check_sums(events: list[dict]) -> None:
    """A total and the regional figures stated with it should add up (36 + 20 + 12 + 8 +
    4 + 3 = 83): each total gets ``checks`` = {parts, parts_sum, adds_up}. A breakdown
    that does not add up is still reported as stated, and the check says so."""
    air = [e for e in events if e["type"] == "air_attack"]
    for i, total in enumerate(air):
        if total["admin1"] is not None:
            continue
        key = next((k for k in ("destroyed", "launched") if k in total["quantities"]), None)
        if key is None:
            continue
        same = ("actor", "claimed_by", "weapon", "date_start")
        parts = []
        for other in air[i + 1:]:
            if other["evidence_start"] > total["evidence_start"] + 1500:
                break
            if other["admin1"] is None and all(other[f] == total[f] for f in same):
                break  # the next total of the same claim starts its own breakdown
            if other["admin1"] is not None and all(other[f] == total[f] for f in same) and key in other["quantities"]:
                parts.append(other["quantities"][key])
        if parts:
            total["checks"] = {"parts": len(parts), "parts_sum": sum(parts),
                               "adds_up": sum(parts) == total["quantities"][key],
                               "above_total": sum(parts) > total["quantities"][key]}
