"""Who makes a claim: the party named at a sentence's attribution.

"X said", "according to X", "potrivit X", "за даними X", "selon X": the claimant is the
party (a country, its government, its officials by name) in the subject of the
attribution verb, or in the object of the attributing preposition. A bare institution
("the ministry said", "the MOD said") is the most recent institution the document tied
to a party; a regional official ("Oryol governor", "the Kharkiv regional governor") is
the side of the place they govern; "he said" / "it added" continue the previous claimant.

Every word list comes from the lexicon files (data/lexicons/<lang>.json) of all
languages at once: a Romanian article quoting an English agency still gets its claimant.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from dataclasses import dataclass
from typing import Callable

from . import gazetteer, lexicon, words
from .text import DocMemo, in_window

_QUOTE_OR_CLAUSE = re.compile(r"[\"“”«»]")

Who = Callable[[], "str | None"]  # a sentence's claimant, read only when a rule makes an event


class _Cues:
    def __init__(self):
        verbs, preps, insts, regional, anaphora, media, unofficial = [], [], [], [], [], [], []
        self.defaults: dict[str, str] = {}
        parties: dict[str, list[str]] = {}
        for lang in lexicon.available_languages():
            d = lexicon.get(lang).data
            att = d.get("attribution", {})
            preps += att.get("prepositional", [])
            verbs += [v for v in att.get("verbs", []) if v not in att.get("prepositional", [])]
            insts += att.get("institutions", [])
            regional += att.get("regional_institutions", [])
            anaphora += att.get("anaphora", [])
            media += att.get("media", [])
            unofficial += att.get("unofficial", [])
            self.defaults.update(att.get("default_sides", {}))
            for code, words in d.get("countries", {}).items():
                parties.setdefault(code, []).extend(words)
        self.verb = lexicon.word_re(verbs)
        self.prep = lexicon.word_re(preps)
        self.institution = lexicon.word_re(insts)
        self.regional = lexicon.word_re(regional)
        self.anaphora = re.compile(r"(?:^|[,;:]\s*|[\"”»]\s*)" + lexicon.alternation(anaphora) + r"\s*(?:\w+\s*){0,2}$")
        # one pass over the text for every party: one dispatched alternation finds the
        # mentions (much faster than a named group per country), each is then classified
        every = [w for ws in parties.values() for w in ws]
        self.party = lexicon.word_re(every)
        self.party_codes = [(code, re.compile(lexicon.alternation(ws))) for code, ws in parties.items()]
        self.unofficial = lexicon.word_re(unofficial)  # bloggers, analysts: not a party's statement
        self.media = re.compile(r"^\s*(?:the\s+)?" + lexicon.alternation(media) + r"\b")
        self._recent: dict = {}

    def default_side(self, institution: str) -> str | None:
        words = institution.split()
        for i in range(len(words)):  # "the ukrainian air force" -> "air force"
            side = self.defaults.get(" ".join(words[i:]))
            if side:
                return side
        return None

    def media_only(self, folded: str, pos: int, end: int) -> bool:
        """'potrivit Reuters': a news agency relays a claim, it does not make it."""
        return bool(self.media.match(folded[pos:min(end, pos + 40)]))

    def party_mentions(self, folded: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """(start, end, code) of each party named wholly inside folded[lo:hi], in order
        (the document is scanned once)."""
        items, starts = _MEMO.get(folded, "parties", lambda: _scan(self.party, folded, True))
        return [(m.start, m.end, m.code) for m in in_window(items, starts, lo, hi)]

    def verbs(self, folded: str, lo: int, hi: int) -> list:
        """The attribution verbs inside folded[lo:hi] (one scan per sentence, shared by
        claimant(), voice() and nested_report())."""
        return self._cues(folded, lo, hi, self.verb)

    def preps(self, folded: str, lo: int, hi: int) -> list:
        """The attributing prepositions ("according to", "potrivit") inside folded[lo:hi]."""
        return self._cues(folded, lo, hi, self.prep)

    def _cues(self, folded: str, lo: int, hi: int, pattern: re.Pattern) -> list:
        key = (id(folded), len(folded), lo, hi, id(pattern))
        hit = self._recent.get(key)
        if hit is not None and hit[0] is folded:
            return hit[1]
        found = [m for m in pattern.finditer(folded, lo, hi)]
        if len(self._recent) > 64:
            self._recent.clear()
        self._recent[key] = (folded, found)
        return found

    def institutions(self, folded: str, lo: int, hi: int) -> list:
        items, starts = _MEMO.get(folded, "institutions", lambda: _scan(self.institution, folded, False))
        return in_window(items, starts, lo, hi)


class _Hit:
    """A cue a document scan found (a plain slotted class: a document has hundreds)."""

    __slots__ = ("start", "end", "code", "text")

    def __init__(self, start: int, end: int, code: str | None, text: str):
        self.start, self.end, self.code, self.text = start, end, code, text


_MEMO = DocMemo()


class _Cue:
    """A cue found by a document scan, shaped like a match (start(), end(), group()), with
    the .s / .e positions in_window() needs through _Pos."""

    __slots__ = ("s", "e", "text")

    def __init__(self, m: re.Match):
        self.s, self.e, self.text = m.start(), m.end(), m.group(0)

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e

    def group(self, _=0) -> str:
        return self.text


class _Pos:
    __slots__ = ("start", "end", "cue")

    def __init__(self, cue: _Cue):
        self.start, self.end, self.cue = cue.s, cue.e, cue


def _scan_cues(pattern: re.Pattern, folded: str):
    items = [_Pos(_Cue(m)) for m in pattern.finditer(folded)]
    return items, [p.start for p in items]


@lru_cache(maxsize=8192)
def _party_code(text: str) -> str | None:
    """The country a matched party word belongs to (the first whose words match it whole)."""
    for code, pat in cues().party_codes:
        if pat.fullmatch(text):
            return code
    return None


def _scan(pattern: re.Pattern, folded: str, named: bool):
    items = [_Hit(m.start(), m.end(), _party_code(t) if named else "", t)
             for m in pattern.finditer(folded) for t in (m.group(0),)]
    items = [h for h in items if h.code is not None]
    return items, [h.start for h in items]


@lru_cache(maxsize=1)
def cues() -> _Cues:
    return _Cues()


def _governed_side(folded: str, lo: int, hi: int) -> str | None:
    """'Oryol governor', 'the Kharkiv regional governor', 'guvernatorul regiunii Belgorod'."""
    c = cues()
    for m in c.regional.finditer(folded, lo, hi):
        hits = gazetteer.find_places(folded, max(lo, m.start() - 30), min(hi, m.end() + 30))
        hits = [h for h in hits if h.place.country in words.sides()]
        if hits:
            nearest = min(hits, key=lambda h: min(abs(h.end - m.start()), abs(h.start - m.end())))
            return nearest.place.country
    return None


def _institution_party(folded: str, doc_lo: int, pos: int, head: str | None = None) -> str | None:
    """The party the document last tied to an institution ('Russia's defence ministry'),
    preferring one with the same head word ('ministry')."""
    lo = max(doc_lo, pos - 4000)
    items, starts = _MEMO.get(folded, "tied", lambda: _tied_institutions(folded))
    i = bisect.bisect_left(starts, lo)
    best = same = None
    while i < len(items) and items[i].end <= pos:
        item = items[i]
        if item.near_lo >= lo and item.near_hi <= pos:  # its party lies in the window too
            best = item.code
            if head and item.text.split()[-1] == head:
                same = best
        i += 1
    return same or best


@dataclass(frozen=True)
class _Tied:
    start: int
    end: int
    text: str
    code: str
    near_lo: int
    near_hi: int


def _tied_institutions(folded: str):
    """Every institution the document ties to a party ("Russia's defence ministry", "the
    Ukrainian air force"), found once per document: (institution, party) in text order."""
    c = cues()
    out = []
    for m in c.institutions(folded, 0, len(folded)):
        near = c.party_mentions(folded, max(0, m.start - 25), min(len(folded), m.end + 3))
        if near:
            out.append(_Tied(m.start, m.end, m.text, near[-1][2], near[-1][0], near[-1][1]))
    return out, [t.start for t in out]


def _bare_institution(folded: str, doc_lo: int, m: re.Match) -> str | None:
    """'the ministry said': the party the document tied it to, else the lexicons' default
    side of that institution in war reporting ('the air force' is Ukraine's)."""
    tied = _institution_party(folded, doc_lo, m.start(), m.group(0).split()[-1])
    if tied:
        return tied
    return cues().default_side(m.group(0))


def _subject_party(folded: str, lo: int, cue_start: int, doc_lo: int,
                   scope: tuple[int, int] | None = None) -> tuple[str | None, bool]:
    """(party, institution_seen) named between the clause start and an attribution verb
    (``scope``: the text being attributed, holding both; with no institution word in it,
    none is looked for: the verb starts a word, so the clause holds only its words)."""
    c = cues()
    parties = c.party_mentions(folded, lo, cue_start)
    insts = list(c.institution.finditer(folded, lo, cue_start)) if scope is None or words.may_match(
        folded[scope[0]:scope[1]], ("attribution", "institutions")) else []
    last_party = parties[-1] if parties else None
    last_inst = insts[-1] if insts else None
    if last_inst is not None and (last_party is None or last_party[1] <= last_inst.start() - 25
                                  or "," in folded[last_party[1]:last_inst.start()]):
        # a bare institution nearer the verb than any party: a regional official, or the
        # institution this document already tied to a party
        side = _governed_side(folded, lo, cue_start)
        if side:
            return side, True
        tied = [p for p in parties if 0 <= last_inst.start() - p[1] <= 25 and "," not in folded[p[1]:last_inst.start()]]
        if tied:
            return tied[-1][2], True
        return _bare_institution(folded, doc_lo, last_inst), True
    if last_party is not None:
        return last_party[2], False
    return None, bool(insts)


@lru_cache(maxsize=1)
def _relative() -> re.Pattern:
    """'potrivit cărora', 'according to which': a relative clause, not an attribution."""
    return re.compile(r"\s*" + lexicon.alternation(words.collect("grammar", "relative_pronouns")) + r"(?![\w])")


@lru_cache(maxsize=1)
def _that() -> re.Pattern:
    return words.rx("attribution", "complementizers")


@lru_cache(maxsize=1)
def _that_near() -> re.Pattern:
    return re.compile(r"\s*(?:\w+\s+){0,2}?" + lexicon.alternation(words.collect("attribution", "complementizers"))
                      + r"(?![\w])")


def _that_follows(folded: str, pos: int, end: int) -> bool:
    """'said that', 'a avertizat că', 'заявил, что': a verb opening a reported clause."""
    return bool(_that_near().match(folded[pos:min(end, pos + 30)].replace(",", " ")))


def _from_preposition(folded: str, m: re.Match, end: int, previous: str | None, doc_lo: int):
    c = cues()
    hi = min(end, m.end() + 90)
    stop = re.search(r"[,;]", folded[m.end():hi])
    obj_hi = m.end() + stop.start() if stop else hi
    side = _governed_side(folded, m.end(), obj_hi)
    if side:
        return side
    parties = c.party_mentions(folded, m.end(), obj_hi)
    if parties:
        return parties[0][2]
    inst = c.institution.search(folded, m.end(), obj_hi)
    if inst:
        return _bare_institution(folded, doc_lo, inst) or previous
    return None


def _from_verb(folded: str, m: re.Match, start: int, end: int, previous: str | None, doc_lo: int):
    c = cues()
    lo = start
    quotes = list(_QUOTE_OR_CLAUSE.finditer(folded, start, m.start()))
    if quotes and len(quotes) % 2 == 0:
        lo = quotes[-1].end()  # “...,” he said: the subject follows the quotation
    ana_lo = max(lo, m.start() - 40)
    ana = c.anaphora.search(folded[ana_lo:m.start()])
    if ana:
        inst = c.institution.search(folded, ana_lo + ana.start(), m.start())  # "the ministry said"
        return (_bare_institution(folded, doc_lo, inst) if inst else None) or previous
    comma = folded.rfind(",", lo, m.start())
    if comma != -1 and not folded[comma + 1:m.start()].strip():
        # "..., claimed Moscow", "..., a declarat joi secretarul de stat american": inverted
        hi = min(end, m.end() + 100)
        stop = re.search(r"[,;]", folded[m.end():hi])
        hi = m.end() + stop.start() if stop else hi
        after = c.party_mentions(folded, m.end(), hi)
        if after:
            return after[0][2]
        side = _governed_side(folded, m.end(), hi)
        if side:
            return side
        if c.regional.search(folded, m.end(), hi):
            # "..., a anunțat primarul orașului": the official of the place the sentence is about
            place = next((h.place for h in gazetteer.find_places(folded, start, m.start())
                          if h.place.country in words.sides()), None)
            if place is not None:
                return place.country
        inst = c.institution.search(folded, m.end(), hi)
        if inst:
            return _bare_institution(folded, doc_lo, inst) or previous
    # (no unofficial voice in the text at all: none before the verb either)
    unofficial = words.may_match(folded[start:end], ("attribution", "unofficial"))
    if comma != -1 and folded[comma + 1:m.start()].strip():
        if unofficial and c.unofficial.search(folded, comma + 1, m.start()):
            return None
        clause_party, clause_inst = _subject_party(folded, comma + 1, m.start(), doc_lo, (start, end))
        if clause_party or clause_inst:
            return clause_party or previous
    if unofficial and c.unofficial.search(folded, max(lo, m.start() - 60), m.start()):
        return None  # "Russian military blogger Boris Rozhin wrote": a voice, not a party
    party, inst = _subject_party(folded, lo, m.start(), doc_lo, (start, end))
    if party:
        return party
    if inst:
        return previous
    after = c.party_mentions(folded, m.end(), min(end, m.end() + 40))  # "said Peskov"
    if after and not _that().search(folded[m.end():after[0][0]]):
        return after[0][2]
    return None


def voice(folded: str, start: int, end: int) -> str:
    """Whether folded[start:end] is attributed at all: "none" (no attribution cue),
    "unofficial" (a blogger, an analyst, a news agency or a Telegram channel speaks), else
    "unnamed" (someone said it; whether a party is named is claimant()'s job)."""
    if not words.may_match(folded[start:end], ("attribution", "verbs"), ("attribution", "prepositional")):
        return "none"
    c = cues()
    preps = c.preps(folded, start, end)
    if not preps and not c.verbs(folded, start, end):
        return "none"
    if c.unofficial.search(folded, start, end) or any(c.media_only(folded, m.end(), end) for m in preps):
        return "unofficial"
    return "unnamed"


def nested_report(folded: str, start: int, end: int) -> tuple[bool, str | None]:
    """(found, party) for a claim reported inside another statement by a relative clause:
    "Peskov a respins informațiile NIS, potrivit cărora...", "reports by Kyiv according to
    which...", "заявления, согласно которым...". The claim is the party named in the noun
    phrase before the relative (the last one there), not the speaker who mentions it; with
    no party there, the claim's source is nobody the text names."""
    c = cues()
    for m in c.preps(folded, start, end):
        if _relative().match(folded, m.end()):
            lo = max(start, m.start() - 90)
            said = [v for v in c.verbs(folded, lo, m.start()) if v.end() <= m.start()]
            if said:
                lo = said[-1].end()  # the speaker who mentions the report is not its source
            parties = [p for p in c.party_mentions(folded, lo, m.start())]
            return True, (parties[-1][2] if parties else None)
    return False, None


def claimant(folded: str, start: int, end: int, previous: str | None = None, doc_lo: int = 0) -> str | None:
    """The party claiming what folded[start:end] states, or None when nobody is named.

    Attribution cues are tried in the order they appear: the first one naming a party wins,
    except that a statement reported inside another ("China said that ... after Washington
    warned that ...", "X a respins informațiile Y, potrivit cărora ...") is the inner
    party's claim.
    """
    if not words.may_match(folded[start:end], ("attribution", "verbs"), ("attribution", "prepositional")):
        return None  # no attribution word at all
    c = cues()
    nested, inner = nested_report(folded, start, end)
    if nested:
        return inner
    found = [(m.start(), 0, m) for m in c.preps(folded, start, end)
             if not c.media_only(folded, m.end(), end)]
    found += [(m.start(), 1, m) for m in c.verbs(folded, start, end)]
    taken: list[tuple[int, int]] = []
    framed: list[str] = []  # parties of "X said that ..." frames, in order
    first = None
    for pos, kind, m in sorted(found, key=lambda t: (t[0], t[1])):
        if any(a <= pos < b for a, b in taken):
            continue  # a verb inside a prepositional cue ("se arata in")
        taken.append((m.start(), m.end()))
        if kind == 0:
            who = _from_preposition(folded, m, end, previous, doc_lo)
        else:
            who = _from_verb(folded, m, start, end, previous, doc_lo)
        if who and first is None:
            first = who
        if who and kind == 1 and _that_follows(folded, m.end(), end) and \
                who in [p[2] for p in c.party_mentions(folded, max(start, m.start() - 60), m.start())]:
            framed.append(who)  # a party named in its own clause: "Washingtonul a avertizat că"
    if len(framed) >= 2:
        return framed[-1]  # the innermost report
    if first:
        return first
    if taken and c.regional.search(folded, start, end):
        # "..., a annoncé le gouverneur local", "the city's mayor said": the official of the
        # place the sentence is about
        place = next((h.place for h in gazetteer.find_places(folded, start, end) if h.place.country in words.sides()),
                     None)
        if place is not None:
            return place.country
    return None


@lru_cache(maxsize=1)
def _confirmation_words():
    keys = ("unverified", "confirmed", "denied")
    # every cue word in one pattern: most claims have none, and one scan then says so
    every = lexicon.word_re([w for key in keys for w in words.collect("confirmation", key)] +
                            words.collect("air_attack", "unverified"))
    return {key: words.rx("confirmation", key) for key in keys}, \
        words.rx("air_attack", "unverified"), words.tail("grammar", "negation"), every


_SENTENCE_END = re.compile(r"[.!?\u2026](?=[\s\"')\]]|$)|\n")


def next_sentence_end(folded: str, end: int, reach: int = 400) -> int:
    """Where the sentence after the one ending at ``end`` ends (the scope of "The claim
    could not be verified." and "Kyiv denied it." that follow a claim)."""
    m = _SENTENCE_END.search(folded, end + 1, min(len(folded), end + reach))
    if m is None:
        return min(len(folded), end + reach)
    m2 = _SENTENCE_END.search(folded, m.end() + 1, min(len(folded), end + reach))
    return m2.start() + 1 if m2 else min(len(folded), end + reach)


def _confirmer_is_other_side(folded: str, cue: re.Match, claimant: str) -> bool:
    """The confirming clause names the other side ("the Bryansk governor confirmed", "Moscow
    confirmed"), or a regional official of the place hit ("Губернатор області підтвердив")."""
    c = cues()
    lo = max(0, folded.rfind(".", 0, cue.start()) + 1, cue.start() - 120)
    side = _governed_side(folded, lo, cue.start())
    if side is None:
        named = [p[2] for p in c.party_mentions(folded, lo, cue.start()) if p[2] in words.sides()]
        side = named[-1] if named else None
    if side is not None:
        return side == words.opponent(claimant)
    return bool(c.regional.search(folded, lo, cue.start()))


def confirmation(folded: str, start: int, end: int, claimant: str | None, actor: str | None) -> str | None:
    """How sure the claim is, from the sentence and the one after it, whichever cue comes
    first: the other side denied it ("Kyiv denied the claim", "a dezmințit"), nobody could
    verify it ("could not independently verify", "nu a putut verifica", "не удалось
    проверить"), or the other side confirmed it (the target's governor confirming the
    attacker's claim)."""
    pats, unverified, negation, every = _confirmation_words()
    scope = next_sentence_end(folded, end)
    if every.search(folded, start, scope) is None:
        return None  # no cue word of any kind in the scope (each cue below is one of them)
    found = []
    for m in pats["denied"].finditer(folded, start, scope):
        if not negation.search(folded, max(0, m.start() - 25), m.start()):  # "nici nu a infirmat" is no denial
            found.append((m.start(), "denied"))
            break
    for pat in (pats["unverified"], unverified):
        m = pat.search(folded, start, scope)
        if m:
            found.append((m.start(), "unverified"))
    if claimant and actor and claimant == actor:
        for m in pats["confirmed"].finditer(folded, end, scope):
            if not negation.search(folded, max(0, m.start() - 25), m.start()) and \
                    _confirmer_is_other_side(folded, m, claimant):
                found.append((m.start(), "confirmed"))
                break
    return min(found)[1] if found else None
