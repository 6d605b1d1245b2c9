"""Boilerplate removal for scraped news: plain text and HTML.

Public API::

    clean_document(raw, *, is_html=None) -> CleanResult

Plain text is split into blocks (one non-empty line = one block) and every block is
classified as content or boilerplate by

* the multilingual lexicon in ``data/boilerplate/<lang>.txt`` (format in the README
  there; every language file is applied to every document),
* structural cues: punctuation-only lines, counters, close buttons, glued section labels
  ("DiplomacyUntil Victory"), short labels before the headline, teaser headings and the
  block of teasers under them,
* caption / credit lines ("©", "Photo:", "/ Facebook", "Source X/AP", "(Reuters)"),
* donation / paywall / subscription pleas (lexicon cues plus the publisher's own voice,
  spreading over neighbouring publisher-voice paragraphs).

HTML is parsed with BeautifulSoup (lxml, or html.parser), chrome elements are dropped
(script, nav, footer, comment/share/related/... containers), the main content element is
chosen (``<article>``, ``<main>``, or the densest paragraph container) and its text runs
through the same line classifier. On RecursionError (or any parser failure) a flat
regex extraction is used instead.

Every removal is recorded in ``CleanResult.removed`` with the rule that fired. For HTML
element removals ``Removed.index`` is the element's position in document order; for line
removals it is the position of the line among the non-empty lines.
"""
from __future__ import annotations

import html as _html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Removed", "CleanResult", "clean_document", "classify_lines", "Lexicon", "load_lexicon"]

LEXICON_DIR = Path(__file__).resolve().parent / "data" / "boilerplate"


@dataclass(frozen=True)
class Removed:
    text: str
    rule: str
    index: int


@dataclass(frozen=True)
class CleanResult:
    text: str
    paragraphs: list[str]
    removed: list[Removed]
    title: str | None
    is_html: bool
    meta: dict = field(default_factory=dict, compare=False, repr=False)


# ----------------------------------------------------------------------------- lexicon

_WS = re.compile(r"\s+")
_EXACT_STRIP = " \t:.!»›>…|-–—•·"


def _fold(line: str) -> str:
    return _WS.sub(" ", line).strip().casefold()


def _exact_key(folded: str) -> str:
    return folded.strip(_EXACT_STRIP)


class Lexicon:
    """Compiled boilerplate lexicon (all languages merged)."""

    SPECIAL = ("teaser_heading", "plea_cue", "we_voice")

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self._prefix: dict[str, list[str]] = {}
        self._contains: dict[str, list[str]] = {}
        self._regex: dict[str, list[str]] = {}
        self.sections: list[str] = []
        self.teaser_exact: set[str] = set()
        self._teaser_regex: list[str] = []
        self._plea: list[str] = []
        self._voice: list[str] = []

    def add(self, section: str, kind: str, value: str, source: str = "?") -> None:
        if section == "teaser_heading":
            if kind == "=":
                self.teaser_exact.add(_exact_key(_fold(value)))
            elif kind == "~":
                self._teaser_regex.append(value)
            else:
                self._teaser_regex.append(("^" if kind == "^" else "") + re.escape(_fold(value)))
            return
        if section in ("plea_cue", "we_voice"):
            pat = value if kind == "~" else r"\b" + re.escape(_fold(value)) + r"\b"
            (self._plea if section == "plea_cue" else self._voice).append(pat)
            return
        if section not in self.sections:
            self.sections.append(section)
        if kind == "=":
            self.exact.setdefault(_exact_key(_fold(value)), section)
        elif kind == "^":
            self._prefix.setdefault(section, []).append(re.escape(_fold(value)))
        elif kind == "*":
            self._contains.setdefault(section, []).append(re.escape(_fold(value)))
        elif kind == "~":
            re.compile(value)  # validate early, with a useful traceback
            self._regex.setdefault(section, []).append(value)
        else:
            raise ValueError(f"{source}: unknown entry kind {kind!r}")

    def compile(self) -> "Lexicon":
        flags = re.IGNORECASE
        # combined patterns for all prefix and regex entries (group name = section);
        # entries anchored with ^ go into a pattern used with .match() (no scanning)
        anch, free = [], []
        for k, sec in enumerate(self.sections):
            a = list(self._prefix.get(sec, [])) + [p[1:] for p in self._regex.get(sec, []) if p.startswith("^")]
            f = [p for p in self._regex.get(sec, []) if not p.startswith("^")]
            if a:
                anch.append(f"(?P<s{k}>{'|'.join(f'(?:{x})' for x in a)})")
            if f:
                free.append(f"(?P<s{k}>{'|'.join(f'(?:{x})' for x in f)})")
        self.anchored_re = re.compile("|".join(anch) or r"(?!x)x", flags)
        self.free_re = re.compile("|".join(free) or r"(?!x)x", flags)
        t_anch = [p[1:] for p in self._teaser_regex if p.startswith("^")]
        t_free = [p for p in self._teaser_regex if not p.startswith("^")]
        self.teaser_anch = re.compile("|".join(f"(?:{p})" for p in t_anch) or r"(?!x)x", flags)
        self.teaser_free = re.compile("|".join(f"(?:{p})" for p in t_free) or r"(?!x)x", flags)
        short = [f"(?P<s{k}>{'|'.join(self._contains[sec])})" for k, sec in enumerate(self.sections) if sec in self._contains]
        self.short_re = re.compile("|".join(short) or r"(?!x)x", flags)
        self.plea_res = [re.compile(p, flags) for p in self._plea]
        self.plea_any = _factor_b(self._plea, flags)
        self.voice_re = _factor_b(self._voice, flags)
        return self

    def match(self, folded: str, n_words: int) -> str | None:
        """Section name of the first rule matching the folded line, else None."""
        sec = self.exact.get(_exact_key(folded))
        if sec:
            return sec
        m = self.anchored_re.match(folded) or self.free_re.search(folded)
        if m is None and n_words <= 12:
            m = self.short_re.search(folded)
        if m is None:
            return None
        return self.sections[int(m.lastgroup[1:])]

    def teaser_heading(self, folded: str) -> bool:
        return (_exact_key(folded) in self.teaser_exact or bool(self.teaser_anch.match(folded))
                or bool(self.teaser_free.search(folded)))

    def plea_cues(self, folded: str) -> int:
        if not self.plea_any.search(folded):
            return 0
        return sum(1 for r in self.plea_res if r.search(folded))

    def voice(self, folded: str) -> bool:
        return bool(self.voice_re.search(folded))


def _factor_b(patterns: list[str], flags: int) -> re.Pattern[str]:
    """Alternation with a common leading \\b factored out (much faster to scan)."""
    b = [p[2:] for p in patterns if p.startswith(r"\b")]
    rest = [p for p in patterns if not p.startswith(r"\b")]
    alts = []
    if b:
        alts.append(r"\b(?:" + "|".join(f"(?:{p})" for p in b) + ")")
    alts += [f"(?:{p})" for p in rest]
    return re.compile("|".join(alts) or r"(?!x)x", flags)


_ENTRY = re.compile(r"^([=^*~])\s?(.*)$")


def load_lexicon(directory: str | os.PathLike | None = None) -> Lexicon:
    lex = Lexicon()
    folder = Path(directory) if directory else LEXICON_DIR
    for path in sorted(folder.glob("*.txt")):
        section = "misc"
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1].strip()
                continue
            m = _ENTRY.match(line)
            if not m or not m.group(2).strip():
                raise ValueError(f"{path.name}:{n}: bad lexicon entry {raw!r}")
            lex.add(section, m.group(1), m.group(2).strip(), f"{path.name}:{n}")
    return lex.compile()


_LEXICON: Lexicon | None = None


def _lexicon() -> Lexicon:
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = load_lexicon()
    return _LEXICON


# ------------------------------------------------------------------ structural patterns

_HAS_WORD = re.compile(r"\w", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_TERMINAL = re.compile(r"[.!?:;…\"”»“'’)\]]\s*$")
_SENTENCE_END = re.compile(r"[.!?…]\s*[\"”»“'’)\]]?\s*$")
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
_SOURCE_LINE = re.compile(
    r"^(?:source|sources|sursa|sursă|surse|источник|источники|джерело|quelle|quellen)\b\s*:?\s*[\w .,/&'’-]{0,80}$",
    re.IGNORECASE,
)
_AGENCY_ALONE = re.compile(r"^\(\s*[\w .,/&-]{1,40}\)$")
_QUOTES = re.compile(r"[\"“”«»„]")
_QUOTED_SPAN = re.compile(r"[\"“„«][^\"“”„«»]*[\"”»“]")


class _Block:
    __slots__ = ("text", "folded", "words", "index", "rule", "terminal", "sentence")

    def __init__(self, text: str, index: int) -> None:
        self.text = text
        self.folded = text.casefold()
        self.words = len(text.split())
        self.index = index
        self.rule: str | None = None
        self.terminal = bool(_TERMINAL.search(text))
        self.sentence = bool(_SENTENCE_END.search(text))

    @property
    def real_paragraph(self) -> bool:
        """A body paragraph: several words ending like a sentence, not a '...' teaser."""
        return (self.rule is None and self.words >= 8 and self.terminal
                and not _ELLIPSIS.search(self.text))


def _line_rule(b: _Block, lex: Lexicon) -> str | None:
    t = b.text
    if not _HAS_WORD.search(t):
        return "junk"
    if _COUNTER.match(t):
        return "counter"
    letters = len(_LETTER.findall(t))
    if letters <= 1 and b.words <= 2:
        return "short_menu_line"
    sec = lex.match(b.folded, b.words)
    if sec:
        return "lexicon:" + sec
    if lex.teaser_heading(b.folded):
        return "teaser_heading"
    # captions and credits
    if "©" in t and b.words <= 30:
        return "caption"
    if b.words <= 30 and _CAPTION_PREFIX.search(t):
        return "caption"
    if _AGENCY_ALONE.match(t):
        return "caption"
    if b.words <= 8 and not b.sentence and _SOURCE_LINE.match(t):
        return "caption"
    if b.words <= 12 and not b.sentence and _CREDIT_TAIL.search(t) and (
            "/" in t or "|" in t or b.words <= 3):
        return "caption"
    if b.words <= 5 and not b.terminal and _GLUED.search(t):
        return "glued_label"
    return None


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


def _mark_pleas(blocks: list[_Block], lex: Lexicon) -> None:
    plea_idx = []
    for k, b in enumerate(blocks):
        if b.rule is not None:
            continue
        cues = lex.plea_cues(b.folded)
        if not cues:
            continue
        quoted = bool(_QUOTES.search(b.text))
        if cues >= 3 or (not quoted and _voice_outside_quotes(b, lex)):
            b.rule = "plea"
            plea_idx.append(k)
    if not plea_idx:
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


def _strip_site_suffix(title: str) -> str:
    m = _SITE_SUFFIX.search(title)
    if m and len(m.group(0).split()) <= 5 and len(title[: m.start()].split()) >= 3:
        return title[: m.start()].strip()
    return title


def classify_lines(lines: list[str], lex: Lexicon | None = None) -> tuple[list[str], list[Removed], str | None]:
    """Classify non-empty lines; returns (kept paragraphs, removed, title)."""
    lex = lex or _lexicon()
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


# ------------------------------------------------------------------------------- HTML

_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|p|div|article|span|br|meta|title|section|a\s)[\s>/]", re.IGNORECASE)

DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "form", "button", "nav",
    "footer", "header", "aside", "select", "textarea", "input", "object", "embed", "canvas",
    "video", "audio", "figcaption", "head", "math", "dialog", "menu", "label", "option",
})
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "blockquote",
    "pre", "hr", "figure", "address", "center", "caption", "details", "summary", "body",
    "html", "fieldset", "legend",
})
_JUNK_ATTR = re.compile(
    r"(?:^|[\s_\-])(?:comments?|comment-?\w+|disqus|share|sharing|sharer|social|socials|"
    r"related|recommend\w*|newsletter|subscri\w*|cookies?|consent|gdpr|paywall|breadcrumbs?|"
    r"captions?|credits?|ads?|adv|advert\w*|sponsor\w*|promo\w*|banner|sidebar|widget|popup|"
    r"modal|footer|masthead|navbar|nav|navigation|menu|toolbar|tags|byline|outbrain|taboola|"
    r"most-?read|mostread|trending|signup|login|print|skip|sr-only|visually-hidden|"
    r"read-?more|more-?stories|teaser|author-bio|bio|rating)(?:$|[\s_\-])",
    re.IGNORECASE,
)
_PROTECT_TAGS = frozenset({"html", "body", "article", "main"})
_JUNK_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "dialog", "alert", "search", "menu", "menubar"})
_SPACE_RUN = re.compile(r"\s+")


def _attr_text(tag) -> str:
    parts = []
    for key in ("class", "id", "role", "aria-label", "data-component", "itemprop"):
        v = tag.attrs.get(key)
        if not v:
            continue
        parts.append(" ".join(v) if isinstance(v, (list, tuple)) else str(v))
    return " ".join(parts)


def _drop_reason(tag) -> str | None:
    name = tag.name
    if name in DROP_TAGS:
        return "html:" + name
    if name in _PROTECT_TAGS:
        return None
    attrs = tag.attrs
    if not attrs:
        return None
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return "html:hidden"
    style = attrs.get("style")
    if style and re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", str(style), re.I):
        return "html:hidden"
    role = attrs.get("role")
    if role and str(role).lower() in _JUNK_ROLES:
        return "html:role_" + str(role).lower()
    a = _attr_text(tag)
    if a:
        m = _JUNK_ATTR.search(a)
        if m:
            word = m.group(0).strip(" _-").lower()
            return "html:attr_" + re.sub(r"[^a-z]+", "_", word)[:24]
    return None


def _is_text_node(node, NavigableString, PreformattedString) -> bool:
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def _html_parse(raw: str):
    from bs4 import BeautifulSoup  # local import keeps plain-text cleaning dependency-free
    try:
        import lxml  # noqa: F401
        return BeautifulSoup(raw, "lxml")
    except ImportError:
        return BeautifulSoup(raw, "html.parser")


_BREAK = object()


def _clean_html(raw: str) -> CleanResult:
    from bs4 import NavigableString
    from bs4.element import PreformattedString, Tag

    soup = _html_parse(raw)
    tags = soup.find_all(True)  # iterative (uses .descendants)
    order = {id(t): i for i, t in enumerate(tags)}

    # title
    title = None
    h1 = soup.find("h1")
    if h1 is not None:
        title = _SPACE_RUN.sub(" ", h1.get_text(" ")).strip() or None
    if title is None and soup.title is not None and soup.title.string:
        title = _strip_site_suffix(_SPACE_RUN.sub(" ", str(soup.title.string)).strip()) or None

    # per-element text and link-text length, bottom-up without recursion
    text_len: dict[int, int] = {}
    link_len: dict[int, int] = {}
    dropped: dict[int, str] = {}
    for t in tags:
        r = _drop_reason(t)
        if r:
            dropped[id(t)] = r
    for t in reversed(tags):
        tl = ll = 0
        for c in t.contents:
            if isinstance(c, Tag):
                if id(c) in dropped:
                    continue
                tl += text_len.get(id(c), 0)
                ll += link_len.get(id(c), 0)
            elif _is_text_node(c, NavigableString, PreformattedString):
                tl += len(c.strip())
        if t.name == "a":
            ll = tl
        text_len[id(t)] = tl
        link_len[id(t)] = ll

    # link lists inside content: mostly-link blocks
    for t in tags:
        if id(t) in dropped or t.name not in ("ul", "ol", "div", "p", "section", "table", "li"):
            continue
        tl = text_len.get(id(t), 0)
        if tl and tl < 2000 and link_len.get(id(t), 0) > 0.6 * tl and t.name not in _PROTECT_TAGS:
            dropped[id(t)] = "html:link_list"

    # main content choice
    root = _choose_main(soup, tags, text_len, dropped, Tag, NavigableString, PreformattedString)

    removed: list[Removed] = []
    # audit trail: dropped elements (outermost only) and text outside the main element
    for t in tags:
        if id(t) in dropped and t.name not in ("script", "style", "head", "noscript", "template", "svg"):
            parent = t.parent
            nested = False
            while parent is not None:
                if id(parent) in dropped:
                    nested = True
                    break
                parent = parent.parent
            if not nested:
                txt = _SPACE_RUN.sub(" ", t.get_text(" ")).strip()
                if txt:
                    removed.append(Removed(txt[:1000], dropped[id(t)], order[id(t)]))

    lines = _walk_lines(root, dropped, Tag, NavigableString, PreformattedString)
    body = soup.body or soup
    if title and root is not soup and root is not body:
        if not any(title == ln.strip() for ln in lines[:5]):
            lines.insert(0, title)
    kept, rem2, _ = classify_lines(lines)
    removed.extend(rem2)
    return CleanResult("\n".join(kept), kept, removed, title, True)


def _choose_main(soup, tags, text_len, dropped, Tag, NavigableString, PreformattedString):
    body = soup.body or soup
    total = text_len.get(id(body), 0) or 1
    articles = [t for t in tags if t.name == "article" and id(t) not in dropped]
    if articles:
        best = max(articles, key=lambda t: text_len.get(id(t), 0))
        if text_len.get(id(best), 0) >= 0.25 * total and text_len.get(id(best), 0) > 200:
            return best
    mains = [t for t in tags if (t.name == "main" or t.attrs.get("role") == "main") and id(t) not in dropped]
    if mains:
        best = max(mains, key=lambda t: text_len.get(id(t), 0))
        if text_len.get(id(best), 0) >= 0.25 * total:
            return best
    # readability-lite: paragraph text scores flow to parent (1) and grandparent (1/2)
    score: dict[int, float] = {}
    holder: dict[int, object] = {}
    for t in tags:
        if t.name not in ("p", "pre", "blockquote", "h2", "h3", "li", "td") or id(t) in dropped:
            continue
        n = text_len.get(id(t), 0)
        if n < 25:
            continue
        s = 1 + min(n / 100.0, 3) + t.get_text().count(",") if n < 5000 else 4
        p = t.parent
        if p is None:
            continue
        score[id(p)] = score.get(id(p), 0) + s
        holder[id(p)] = p
        g = p.parent
        if g is not None:
            score[id(g)] = score.get(id(g), 0) + s / 2
            holder[id(g)] = g
    if not score:
        return body
    best_id = max(score, key=lambda k: score[k])
    best = holder[best_id]
    if text_len.get(id(best), 0) < 0.1 * total:
        return body
    return best


def _walk_lines(root, dropped, Tag, NavigableString, PreformattedString) -> list[str]:
    out: list[str] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node is _BREAK:
            out.append("\n")
            continue
        if isinstance(node, Tag):
            if id(node) in dropped:
                continue
            name = node.name
            if name == "br":
                out.append("\n")
                continue
            if name in BLOCK_TAGS:
                out.append("\n")
                stack.append(_BREAK)
            stack.extend(reversed(node.contents))
        elif _is_text_node(node, NavigableString, PreformattedString):
            out.append(_SPACE_RUN.sub(" ", str(node)))
    return [ln.strip() for ln in "".join(out).split("\n") if ln.strip()]


# flat fallback for pathological markup
_FLAT_DROP = re.compile(
    r"<(script|style|noscript|template|iframe|svg|nav|footer|header|aside|form|button|head)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_FLAT_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FLAT_BLOCK = re.compile(
    r"</?(?:p|div|section|article|main|h[1-6]|li|ul|ol|dl|dt|dd|table|tr|td|th|blockquote|pre|hr|br|figure|address|center|caption|body|html)\b[^>]*>",
    re.IGNORECASE,
)
_FLAT_TAG = re.compile(r"<[^>]{0,2000}>")
_FLAT_TITLE = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>|<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def _clean_html_flat(raw: str, reason: str) -> CleanResult:
    m = _FLAT_TITLE.search(raw)
    title = None
    if m:
        t = _html.unescape(_FLAT_TAG.sub(" ", m.group(1) or m.group(2) or ""))
        title = _SPACE_RUN.sub(" ", t).strip() or None
    text = _FLAT_COMMENT.sub(" ", raw)
    text = _FLAT_DROP.sub("\n", text)
    text = _FLAT_BLOCK.sub("\n", text)
    text = _FLAT_TAG.sub(" ", text)
    text = _html.unescape(text)
    kept, removed, _ = classify_lines(text.split("\n"))
    return CleanResult("\n".join(kept), kept, removed, title, True, meta={"fallback": reason})


# ------------------------------------------------------------------------------- entry

def _sniff_html(raw: str) -> bool:
    head = raw[:4096]
    return bool(_SNIFF.search(head))


def clean_document(raw: str, *, is_html: bool | None = None) -> CleanResult:
    """Remove boilerplate from *raw* (plain text or HTML); see module docstring."""
    raw = raw or ""
    if is_html is None:
        is_html = _sniff_html(raw)
    if not is_html:
        kept, removed, title = classify_lines(raw.splitlines())
        if title:
            title = _strip_site_suffix(title)
        return CleanResult("\n".join(kept), kept, removed, title, False)
    try:
        return _clean_html(raw)
    except RecursionError:
        return _clean_html_flat(raw, "RecursionError")
    except Exception as exc:  # hostile markup must never crash the pipeline
        return _clean_html_flat(raw, type(exc).__name__)
