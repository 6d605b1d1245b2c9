"""Line / block classification: is this line of a news page article text or boilerplate?

Two entry points share the same line rules:

* ``classify_lines`` for plain text: one non-empty line = one block;
* ``classify_blocks`` for the text blocks of an HTML page (``htmlclean``), which know
  their element (table cell, list item, heading) and their share of link text.

The rules: the multilingual lexicon (``lexicon.py``: widgets, prompts, pleas), structural
cues (punctuation-only lines, counters, glued section labels, short labels before the
headline, date and byline lines), caption and credit lines ("©", "Photo:", "/ Facebook",
"Reporting by"), teaser headings with the block of teasers under them, and donation /
paywall pleas (lexicon cues plus the publisher's own voice). Every removed block keeps
the rule that removed it (``Removed.rule``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon, lexicon

__all__ = ["Removed", "classify_lines", "classify_blocks", "strip_site_suffix"]

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Removed:
    """One removed block: its text, the rule that removed it and its position."""

    text: str
    rule: str
    index: int


_HAS_WORD = re.compile(r"\w", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_TERMINAL_CHARS = frozenset(".!?:;…\"”»“'’)]")
_CLOSERS = frozenset("\"”»“'’)]")
_SENTENCE_CHARS = frozenset(".!?…")
_ELLIPSIS = re.compile(r"(\.\.\.|…)\s*[\"”»’]?\s*$")
_COUNTER = re.compile(
    r"^\d+(?:[\s.,]\d+)*\s*(?:votes?|likes?|views?|shares?|comments?|replies|voturi|"
    r"vizualizări|afișări|comentarii|просмотр\w*|перегляд\w*|коммент\w*|комент\w*|"
    r"vues|partages|j'aime)?$",
    re.IGNORECASE,
)
_GLUED = re.compile(r"[a-zà-ÿăâîșțа-яёєіїґ]{3,}[A-ZÀ-ÝĂÂÎȘȚА-ЯЁЄІЇҐ][a-zà-ÿăâîșțа-яёєіїґ]+|[a-zà-ÿа-я]{2,}[A-ZА-Я]{3,}")
_CREDIT_TAIL = re.compile(
    r"(?:^|[/|,]\s*|\s[-–—]\s)(?:reuters|ap|afp|epa(?:-efe)?|getty(?: images)?|shutterstock|"
    r"facebook|telegram|twitter|x|instagram|youtube|tiktok|vk|vkontakte|tass|ria novosti|"
    r"sputnik|inquam photos|agerpres|news\.ro|unian|ukrinform|rt|anadolu)"
    r"(?:\s*/\s*[\w.\- ]+)*\s*$",
    re.IGNORECASE,
)
_CAPTION_PREFIX = re.compile(
    r"^(?:photo|photos|foto|fotografie|фото|світлина|image|images|picture|video|видео|відео|"
    r"sursa foto|credit|credits|photograph|illustration|ilustrație|иллюстрация)\s*(?:credit)?\s*[:©|/]",
    re.IGNORECASE,
)
# a caption ending in its photo credit: "Firefighters at the site. Photo: Reuters"
_CAPTION_END = re.compile(
    r"[.!?]\s+(?:photo|photos|foto|fotografie|фото|світлина|image|crédit photo|credit)\s*:\s*[^.!?:]{1,80}$",
    re.IGNORECASE)
_CRUMB_SEP = re.compile(r"\s[»›>→]\s|\s[/|]\s")
_SOURCE_LINE = re.compile(
    r"^(?:source|sources|sursa|sursă|surse|источник|источники|джерело|quelle|quellen)\b\s*:?\s*[\w .,/&'’-]{0,80}$",
    re.IGNORECASE,
)
_AGENCY_ALONE = re.compile(r"^\(\s*[\w .,/&-]{1,40}\)$")
_QUOTES = re.compile(r"[\"“”«»„]")
# contact and link lines: "Write to Jane Doe at jane@example.com", "Follow him @handle",
# "More coverage: https://...", a bare "twitter.com/name"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FOLLOW_HANDLE = re.compile(
    r"\bfollow\b.{0,60}@\w|\bon (?:twitter|x|instagram|threads|bluesky|telegram)\s*(?:at\s*)?@\w",
    re.IGNORECASE)
# a pointer to a link ("Full coverage at https://...", "More AP NBA: https://..."), not a
# reference list entry ("Redfin (2025). Data Center. https://...")
_URL_END = re.compile(r"(?::|\b(?:at|on|via|here|visit|see|follow|in))\s+(?:https?://|www\.)\S+"
                      r"(?:\s+(?:and|or|&)\s+(?:https?://|www\.)\S+)*[\s.]*$", re.IGNORECASE)
# a bare profile link ("twitter.com/janedoe"); a bare company URL may be content (a list)
_BARE_LINK = re.compile(r"^(?:https?://)?(?:www\.)?(?:twitter|x|facebook|fb|instagram|t|telegram|linkedin|"
                        r"youtube|tiktok|vk|ok|threads|bsky)\.(?:com|me|ru|net|app)/\S+$", re.IGNORECASE)
_SHORTCODE = re.compile(r"^\[\w+\b[^\]]*\].*\[/\w+\]$")
_QUOTED_SPAN = re.compile(r"[\"“„«][^\"“”„«»]*[\"”»“]")


class _Block:
    __slots__ = ("text", "folded", "words", "index", "rule", "terminal", "sentence", "tag",
                 "heading", "link_density")

    def __init__(self, text: str, index: int, tag: str = "", heading: int = 0,
                 link_density: float = 0.0) -> None:
        self.tag = tag
        self.heading = heading
        self.link_density = link_density
        self.text = text
        self.folded = text.casefold()
        self.words = len(text.split())
        self.index = index
        self.rule: str | None = None
        # the text is stripped, so its last characters say it: terminal punctuation,
        # and a sentence end (. ! ? …) possibly followed by one closing quote/bracket
        last = text[-1:]
        self.terminal = last in _TERMINAL_CHARS
        if last in _CLOSERS:
            last = text[:-1].rstrip()[-1:]
        self.sentence = last in _SENTENCE_CHARS

    @property
    def real_paragraph(self) -> bool:
        """A body paragraph: several words ending like a sentence, not a '...' teaser."""
        return (self.rule is None and self.words >= 8 and self.terminal
                and not _ELLIPSIS.search(self.text))


_CELLS = frozenset({"td", "th"})


def _line_rule(b: _Block, lex: Lexicon) -> str | None:
    t = b.text
    if not _HAS_WORD.search(t):
        return "junk"
    cell = b.tag in _CELLS  # a number or a one-letter cell is table content
    if not cell and _COUNTER.match(t):
        return "counter"
    if not cell and b.words <= 2 and len(_LETTER.findall(t)) <= 1:
        return "short_menu_line"
    if b.words <= 16 and not cell:
        rule = _date_or_byline(b, lex)
        if rule:
            return rule
    sec = lex.match(b.folded, b.words)
    if sec:
        return "lexicon:" + sec
    if 2 <= b.words <= 14 and not b.sentence and not cell:
        rule = _menu_or_crumbs(b, lex)
        if rule:
            return rule
    if lex.teaser_heading(b.folded):
        return "teaser_heading"
    # captions and credits
    if "©" in t and b.words <= 30:
        return "caption"
    if b.words <= 30 and (_CAPTION_PREFIX.search(t) or _CAPTION_END.search(t)):
        return "caption"
    if _AGENCY_ALONE.match(t):
        return "caption"
    if b.words <= 8 and not b.sentence and _SOURCE_LINE.match(t):
        return "caption"
    if b.words <= 12 and not b.sentence and _CREDIT_TAIL.search(t) and (
            "/" in t or "|" in t or b.words <= 3):
        return "caption"
    if b.words <= 5 and not b.terminal and not b.tag and _GLUED.search(t):
        return "glued_label"
    if b.words <= 40 and ("@" in t or "http" in t or "www." in t):
        if _EMAIL.search(t) or _FOLLOW_HANDLE.search(t):
            return "contact"
        if (b.words <= 20 and _URL_END.search(t)) or (b.words <= 3 and _BARE_LINK.match(t)):
            return "link_line"
    elif b.words <= 3 and "." in t and "/" in t and _BARE_LINK.match(t):
        return "link_line"
    if t[0] == "[" and _SHORTCODE.match(t):
        return "junk"
    return None


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_DIGIT = re.compile(r"\d")
_TIME = re.compile(r"^\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?$")
# a name word, or a connector between names ("De la Kiev la Moscova" is a heading, not a byline)
_CAPITALISED = re.compile(r"^(?:[A-ZÀ-ÝĂÂÎȘȚА-ЯЁЄІЇҐ][\w'’.-]*|&|and|și|si|et|und|и|і|та)$")


def _menu_or_crumbs(b: _Block, lex: Lexicon) -> str | None:
    """'Home News Politics World Log in', 'Share: Facebook Telegram Viber' (most words are
    widget labels), 'Home » World » Europe' (a path of short segments)."""
    tokens = _TOKEN.findall(b.folded)
    if len(tokens) >= 2 and sum(w in lex.menu_words for w in tokens) >= 0.6 * len(tokens):
        return "menu_line"
    seps = _CRUMB_SEP.findall(b.text)
    if len(seps) >= 2:
        parts = _CRUMB_SEP.split(b.text)
        first = _TOKEN.findall(parts[0].casefold())
        if all(len(p.split()) <= 8 for p in parts) and (
                any(s.strip() in "»›>→" for s in seps) or (first and first[0] in lex.menu_words)):
            return "breadcrumb"
    return None


def _date_or_byline(b: _Block, lex: Lexicon) -> str | None:
    """'Nov. 20, 2019, 9:28 AM UTC', 'Publicat: 12 martie 2024', 'By Jane Doe',
    'Par Jean Dupont et Marie Durand', 'Автор: Иван Петров'."""
    tokens = _TOKEN.findall(b.folded)
    if not tokens:
        return None
    if _DIGIT.search(b.text):
        rest = [w for w in tokens if not w.isdigit() and w not in lex.date_words
                and not _TIME.match(w) and not lex.date_re.fullmatch(w)]
        if len(rest) <= max(1, len(tokens) // 5) and len(tokens) - len(rest) >= 2:
            return "dateline"
    if tokens[0] in lex.byline_prefixes and 2 <= b.words <= 16:
        return _byline(b, lex)
    return None


_WORD_EDGE = ":,;|()[]—–-•·/\"'“”«»."


def _byline(b: _Block, lex: Lexicon) -> str | None:
    """'By Jane Doe', 'Par Jean Dupont et Marie Durand', and with a date after the names:
    'By Jeff Foust — November 18, 2019', 'Von Max Muster publiziert am 25. September 2018'.
    Every word after the prefix is a capitalised name, a connector, punctuation, or (only
    when the line holds a number, i.e. a real date) a date word or a number."""
    dated = bool(_DIGIT.search(b.text))
    names = 0
    for w in b.text.split()[1:]:
        core = w.strip(_WORD_EDGE)
        if not core:
            continue
        low = core.casefold().replace(".", "")
        if dated and (low.isdigit() or low in lex.date_words or _TIME.match(low)
                      or lex.date_re.fullmatch(low) or _DIGIT.search(core)):
            continue
        if _CAPITALISED.match(core):
            names += 1
            continue
        return None
    if not names or (b.sentence and not dated):
        return None
    return "byline"


def _mark_teasers(blocks: list[_Block], lex: Lexicon) -> None:
    i, n = 0, len(blocks)
    while i < n:
        b = blocks[i]
        if not (b.rule in ("teaser_heading",) or (b.rule and lex.teaser_heading(b.folded))):
            i += 1
            continue
        # a heading with the teaser on the same line ("Read also: ...") is removed alone
        if ":" in b.text and not b.text.rstrip().endswith(":") and b.words > 3:
            i += 1
            continue
        j = i + 1
        while j < n:
            c = blocks[j]
            if c.rule is not None:
                j += 1
                continue
            if _ELLIPSIS.search(c.text) or c.words <= 3:
                c.rule = "teaser_block"
                j += 1
                continue
            if not c.sentence and c.words <= 30:
                nxt = next((d for d in blocks[j + 1:] if d.rule is None or d.rule.startswith("teaser")), None)
                if nxt is not None and nxt.rule is None and nxt.real_paragraph:
                    break  # a real subheading introducing the next paragraph
                c.rule = "teaser_block"
                j += 1
                continue
            break
        i = j if j > i else i + 1


def _voice_outside_quotes(b: _Block, lex: Lexicon) -> bool:
    return lex.voice(_QUOTED_SPAN.sub(" ", b.folded))


def _mark_pleas(blocks: list[_Block], lex: Lexicon, spread: bool = True) -> None:
    plea_idx = []
    for k, b in enumerate(blocks):
        if b.rule is not None:
            continue
        cues = lex.plea_cues(b.folded)
        if not cues:
            continue
        quoted = bool(_QUOTES.search(b.text))
        if cues >= 2 or (not quoted and _voice_outside_quotes(b, lex)):
            b.rule = "plea"
            plea_idx.append(k)
    if not plea_idx or not spread:
        return
    # spread to neighbouring publisher-voice paragraphs (skipping removed lines)
    queue = list(plea_idx)
    n = len(blocks)
    while queue:
        k = queue.pop()
        for step in (-1, 1):
            m = k + step
            while 0 <= m < n and blocks[m].rule not in (None, "plea"):
                m += step
            if not (0 <= m < n) or blocks[m].rule is not None:
                continue
            b = blocks[m]
            if b.words > 150 or _QUOTES.search(b.text) or not _voice_outside_quotes(b, lex):
                continue
            b.rule = "plea"
            queue.append(m)


def _mark_head(blocks: list[_Block]) -> str | None:
    """Short labels before the headline; returns the headline (title) if found."""
    head: list[_Block] = []
    for b in blocks:
        if b.real_paragraph and b.words >= 12:
            break
        head.append(b)
    kept = [b for b in head if b.rule is None]
    title_block = next((b for b in kept if b.words >= 4 and not b.text.endswith(".")), None)
    if title_block is None:
        return None
    for b in kept:
        if b is not title_block and b.words <= 3 and not b.terminal:
            b.rule = "header_label"
    # the title must come before any body text to count as the headline
    first_kept = next((b for b in blocks if b.rule is None), None)
    return title_block.text if first_kept is title_block else None


_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")


def strip_site_suffix(title: str) -> str:
    """'Headline – The Site' -> 'Headline'."""
    m = _SITE_SUFFIX.search(title)
    if m and len(m.group(0).split()) <= 5 and len(title[: m.start()].split()) >= 3:
        return title[: m.start()].strip()
    return title


def classify_lines(lines: list[str], lex: Lexicon | None = None) -> tuple[list[str], list[Removed], str | None]:
    """Classify non-empty lines; returns (kept paragraphs, removed, title)."""
    lex = lex or lexicon()
    blocks: list[_Block] = []
    for line in lines:
        text = _WS.sub(" ", line).strip()
        if text:
            blocks.append(_Block(text, len(blocks)))
    for b in blocks:
        b.rule = _line_rule(b, lex)
    _mark_teasers(blocks, lex)
    _mark_pleas(blocks, lex)
    title = _mark_head(blocks)
    kept = [b.text for b in blocks if b.rule is None]
    removed = [Removed(b.text, b.rule, b.index) for b in blocks if b.rule is not None]
    return kept, removed, title



def classify_blocks(blocks: list[_Block], lex: Lexicon | None = None) -> None:
    """Set ``rule`` on the boilerplate blocks of an HTML page's main content.

    Like ``classify_lines`` without the plain-text guesses that structure answers
    better (headline, short labels, plea spreading), plus: a teaser heading takes the
    headline-like and link-dense blocks under it, and a comment-section heading after
    most of the article takes everything after it.
    """
    lex = lex or lexicon()
    for b in blocks:
        b.rule = _line_rule(b, lex)
    _mark_html_teasers(blocks, lex)
    _mark_pleas(blocks, lex, spread=False)
    _cut_after_comments(blocks)


def _mark_html_teasers(blocks: list[_Block], lex: Lexicon) -> None:
    n = len(blocks)
    for i, b in enumerate(blocks):
        if b.rule != "teaser_heading" or (":" in b.text and not b.text.rstrip().endswith(":") and b.words > 3):
            continue
        for c in blocks[i + 1:]:
            if c.rule is not None:
                continue
            paragraph = c.words >= 12 and c.sentence and c.link_density < 0.3
            if paragraph or (c.heading and c.heading <= b.heading and not c.link_density):
                break
            c.rule = "teaser_block"


def _cut_after_comments(blocks: list[_Block]) -> None:
    """A comment widget heading ("3 Comments", "Leave a reply") after 60 % of the
    article's text starts the comment section: nothing after it is the article."""
    sizes = [len(b.text) if b.rule is None and b.words >= 8 else 0 for b in blocks]
    total = sum(sizes)
    if not total:
        return
    seen = 0
    for i, b in enumerate(blocks):
        seen += sizes[i]
        if b.rule in ("lexicon:comment_widget", "counter") and seen >= 0.6 * total and (
                b.heading or b.words <= 6):
            if b.rule == "counter" and "comment" not in b.folded and "коммент" not in b.folded \
                    and "comentari" not in b.folded and "commentaire" not in b.folded:
                continue
            for c in blocks[i + 1:]:
                if c.rule is None:
                    c.rule = "after_comments"
            return
