"""Structure-aware main-content extraction for news pages (the HTML half of cleaning).

Why our own and not trafilatura: on both public benchmarks trafilatura's precision
mode is 3-5x too slow for the speed target and still leaks headlines, comment threads,
"Related" lists, credits and captions (see bench/clean/bench_html.py). libxml2 (lxml)
parses, and the parser's events go straight to a target (``_Segmenter``) that turns the
page into text *blocks* and block-level *frames*; no tree is built or walked. The
decisions are then made on those blocks with prefix sums:

1. chrome elements are dropped outright (script, style, forms, media, ...; scripts,
   styles and inline svg are cut from the markup before parsing);
2. elements whose class/id/role says comment, share, related, newsletter, nav, caption,
   byline, ... mark their blocks as boilerplate, unless the element holds most of the
   page's paragraph text (a wrapper named "content has-sidebar" is not a sidebar). An
   element named hidden, navigation, ads or share that is made of prose (a collapsed
   section, a streamed slot a script moves in) is content, unless it is a hidden copy
   of text the page shows anyway;
3. the main container is the element maximising paragraph text minus a penalty for the
   other text it would take in (short lines, link text); its blocks are the candidates;
4. inside it, the *body* is the smallest element holding 80 % of its paragraph text: what
   lies around the body (standfirst, byline box, author bio, "follow us", teaser rows) is
   dropped, unless that text holds paragraphs of its own (content split over containers);
5. link-dense blocks (teaser and link lists) are dropped; the headline goes to the title.

The remaining blocks go through the plain-text line classifier in ``clean.py`` (lexicon,
structural cues, captions, pleas). Every dropped block is returned with its rule.

Pathological markup (more than ``MAX_DEPTH`` elements open at once: libxml2 would go
quadratic) is reported as ``TooDeep``; the caller then falls back to a flat extraction.

Why lxml directly and not BeautifulSoup (the design's named parser): BeautifulSoup
builds a Python object per node and the walk then reads them again. Measured 2026-12-01
(``bench/clean/bench_parsers.py``, CPU time): parsing AEB alone runs at 47 pages/s on
html.parser and 69 on lxml, against 245 for this whole segmentation; on hostile pages
it is outside the 1 s/MB bound on either parser (20,000 unclosed ``<div><p><b>``
1.6-1.8 s/MB, 2 MB of ``<span>`` 1.4-1.6 s/MB), so it is no sound fallback either: the
flat fallback in ``clean.py`` is linear (0.2-0.56 s/MB on the same pages).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

__all__ = ["Block", "HtmlExtract", "TooDeep", "extract"]


class TooDeep(Exception):
    """Nesting past what real pages use (or libxml2's own limit): parse it flat instead."""


@dataclass
class Block:
    """One run of text between block-level boundaries, in document order."""

    text: str
    tag: str                 # innermost block-level element: p, li, h2, td, div, ...
    chars: int
    link_chars: int
    heading: int = 0         # 1-6 inside <hN>, else 0
    junk: tuple = ()         # indices of junk-marked ancestor frames
    rule: str | None = None  # why it was dropped, once decided
    index: int = 0           # position among the page's blocks
    frame: int = -1          # innermost block-level frame (index into the frames)

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


@dataclass
class HtmlExtract:
    title: str | None
    blocks: list[Block]            # kept candidate blocks, in order
    removed: list[Block]           # dropped blocks, each with its rule
    url: str | None = None         # canonical / og:url when the page states one
    meta: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- parsing

_PARSER_OPTS = dict(remove_comments=True, remove_pis=True, huge_tree=True, no_network=True,
                    encoding="utf-8", default_doctype=False)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# libxml2 stops at </body> or </html>; browsers (HTML5) carry on, and templates that
# close the document early and go on are common
_END_TAGS = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


_RAW = ("svg", "math", "script", "style", "noscript", "template")
_RAW_OPEN = re.compile(r"<(" + "|".join(_RAW) + r")\b", re.IGNORECASE)
_RAW_CLOSE = {t: re.compile(r"</" + t + r"\s*>", re.IGNORECASE) for t in _RAW}


def _drop_raw(html: str) -> str:
    """Cut inline <svg>/<math> and the never-text elements out before parsing, in one
    linear scan (an unclosed one is left for the parser). libxml2's HTML parser does not
    know svg's self-closing children (``<use/>``) and would nest the rest of the page
    inside them; scripts and styles are half of a news page's bytes, which the parser
    need not read nor report."""
    m = _RAW_OPEN.search(html)
    if m is None:
        return html
    out, pos = [], 0
    while m is not None:
        close = _RAW_CLOSE[m.group(1).lower()].search(html, m.end())
        if close is None:
            break
        out.append(html[pos:m.start()])
        pos = close.end()
        m = _RAW_OPEN.search(html, pos)
    out.append(html[pos:])
    return "".join(out)


def _parse(html: str) -> "_Segmenter":
    """Parse *html* into a ``_Segmenter`` (blocks, frames, metadata); ``TooDeep`` when
    libxml2 stopped at its nesting limit."""
    html = _END_TAGS.sub("", _drop_raw(_XML_DECL.sub("", html, count=1)))
    parser = etree.HTMLParser(target=_Segmenter(), **_PARSER_OPTS)
    seg = etree.fromstring(html.encode("utf-8", "surrogatepass"), parser)
    for err in parser.error_log:
        if err.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in err.message:
            raise TooDeep(err.message)
    return seg


# Elements whose content is never article text.
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object",
             "embed", "canvas", "video", "audio", "select", "textarea", "input",
             "option", "datalist", "map", "dialog", "link", "meta", "base", "head")
# Elements that begin and end a text block.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2",
    "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th",
    "thead", "tbody", "tfoot", "caption", "blockquote", "pre", "figure", "figcaption", "hr",
    "address", "form", "fieldset", "legend", "details", "summary", "center", "body", "html",
    "menu", "br", "label", "picture", "noscript",
})
# Structural elements that are chrome by themselves (when not inside the main element).
_CHROME_TAGS = {"nav": "navigation", "aside": "sidebar", "footer": "footer", "figcaption": "caption",
                "menu": "navigation", "label": "label", "legend": "label"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

# class / id / role vocabulary of page chrome, one family per removal rule. Tokens are
# matched at the start of a word of the attribute (split on space, "-" and "_"), so
# "comment-list", "social_share" and "relatedPosts" match, "uncommented" does not.
_JUNK_FAMILIES = {
    "comments": r"comments?|commentlist|disqus|respond|replies|reply|discussion|talkback|reactions",
    "share": r"share|sharing|sharer|sharebar|social|sociable|addthis|shariff|follow-?us",
    "related": r"related|recommend\w*|more-?(?:stories|news|articles|from|on)|read-?(?:more|next|also)|"
               r"also-?read|see-?also|you-?may|most-?(?:read|popular|viewed)|popular|trending|"
               r"next-?(?:post|article)|prev(?:ious)?-?(?:post|article)|post-?nav\w*|outbrain|taboola|"
               r"teasers?|promo\w*|partner\w*|sponsor\w*|recirc\w*|further-?reading",
    "newsletter": r"newsletter|subscri\w*|signup|sign-?up|mailing|paywall|premium|membership|donat\w*",
    "navigation": r"nav|navbar|navigation|menu|breadcrumbs?|crumbs?|pagination|pager|skip|toolbar|masthead|"
                  r"site-?header|topbar|header-?(?:bar|nav)|jump-?links?",
    "footer": r"footer|site-?info|colophon|copyright|disclaimer",
    "sidebar": r"sidebar|side-?bar|rail|right-?col\w*|aside",
    "ads": r"ads?|adv|advert\w*|adslot|dfp|banner|commercial|ad-?unit",
    "caption": r"captions?|credits?|figcaption|image-?caption|photo-?credit|wp-caption-text|copyright",
    "byline": r"byline|author-?(?:bio|info|box|card|details)|about-?(?:the-?)?author|bio|dateline|"
              r"post-?meta|entry-?meta|article-?meta|meta-?data|timestamp|date-?line|published",
    "tags": r"tags|tag-?(?:list|cloud|links|box)|tagcloud|keywords|topics|categories|cat-?links|filed-?under",
    "consent": r"cookies?|consent|gdpr|privacy-?(?:banner|notice)|modal|popup|overlay|lightbox",
    "dek": r"dek|deck|standfirst|sub-?title|sub-?headline|strapline|kicker|excerpt|lede|chap(?:o|eau)",
    "print": r"print|sr-?only|screen-?reader(?:-text)?|(?:is-|u-)?(?:visually-)?hidden|invisible|offscreen|d-none",
}
# families whose word must end the attribute word ("hidden-xs" is only hidden on phones)
_WHOLE_WORD = {"print"}
_WORD_END = {True: r"(?=$|\s)", False: r"(?=$|[\s_\-0-9])"}
_WORD_START = {True: r"(?:^|\s)", False: r"(?:^|[\s_\-])"}
_JUNK_RE = re.compile("|".join(
    f"{_WORD_START[k in _WHOLE_WORD]}(?P<{k}>(?:{v}){_WORD_END[k in _WHOLE_WORD]})"
    for k, v in _JUNK_FAMILIES.items()))
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_JUNK_ROLES = {"navigation": "navigation", "banner": "navigation", "contentinfo": "footer",
               "complementary": "sidebar", "dialog": "consent", "alertdialog": "consent",
               "search": "navigation", "menu": "navigation", "menubar": "navigation",
               "toolbar": "navigation", "tablist": "navigation"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Words of class/id that mark the article body itself (schema.org and common CMS names).
_BODY_HINT = re.compile(
    r"(?:^|[\s_\-])(?:article-?body|articlebody|article-?content|article-?text|entry-?content|"
    r"post-?content|post-?body|post-?entry|story-?body|story-?content|body-?text|main-?content|"
    r"single-?content|text-?content|content-?body|article__body|article__content|rich-?text|"
    r"field-?body|node-?content)(?=$|[\s_\-])", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _names(attrs: str) -> tuple[str | None, bool]:
    """(chrome family, names the article body) of a class + id string; pages repeat the
    same few names, so this is cached."""
    if _BODY_HINT.search(attrs):
        return None, True
    m = _JUNK_RE.search(_CAMEL.sub("-", attrs).lower())
    return (m.lastgroup if m else None), False


_NAMED: dict[tuple, tuple[str | None, bool]] = {}   # (class, id) -> _names(...), bounded


def _attr_family(attrs) -> tuple[str | None, bool]:
    """(chrome family or None, names the article body) of an element's attributes."""
    get = attrs.get
    cls, ident = get("class"), get("id")
    if cls or ident:
        key = (cls, ident)
        named = _NAMED.get(key)
        if named is None:
            named = _names(f"{cls or ''} {ident or ''}")
            if len(_NAMED) < 65536:
                _NAMED[key] = named
        fam, hint = named
    else:
        fam, hint = None, False
    if len(attrs) > (cls is not None) + (ident is not None):  # rarer attributes too
        if get("hidden") is not None or get("aria-hidden") == "true":
            return "hidden", hint
        style = get("style")
        if style and _HIDDEN_STYLE.search(style):
            return "hidden", hint
        role = get("role")
        if role:
            fam = _JUNK_ROLES.get(role.strip().lower()) or fam
        if get("itemprop") == "articleBody":
            return None, True
    return fam, hint


# ---------------------------------------------------------------------- segmentation

_WS = re.compile(r"\s+")


class _Frame:
    """One block-level element: the blocks [start, end) it holds and what it is named."""

    __slots__ = ("tag", "start", "end", "junk", "depth", "hint", "parent")

    def __init__(self, tag, start, junk, depth, hint, parent=-1):
        self.tag, self.start, self.end = tag, start, start
        self.junk, self.depth, self.hint, self.parent = junk, depth, hint, parent


_DROP = frozenset(DROP_TAGS)
_MAX_JUNK = 16     # junk-marked ancestors a block remembers (bounded on pathological nesting)
MAX_DEPTH = 2048   # open elements at once; libxml2's own tree limit (real pages stay under 100)
# inline elements whose own text is chrome (a hidden span, a credit, a share link)
_INLINE_CHROME = frozenset({"hidden", "print", "share", "caption", "byline", "ads"})
# what each open element was, so that its end event undoes the right thing
_IGNORED, _SKIP_ROOT, _INLINE, _LINK, _BLOCK, _NONE = range(6)


class _Segmenter:
    """An lxml parser target: the page's text blocks, its block-level frames and its
    metadata, straight from the parser's events (no tree is built or walked).

    Dropped elements (script, style, head, ...) and inline chrome (a hidden span, a
    credit, a button's label) are skipped with their subtree; their tail text stays. A
    ``<button>`` that turns out to hold paragraphs (a button that swallowed the page) is
    not skipped past its first block."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.frames: list[_Frame] = []
        self.stack: list[int] = []        # indices into frames of the open block-level elements
        self.junk_stack: list[int] = []   # the open junk-marked frames
        self.kinds: list[int] = []        # what every open element is (_IGNORED, _BLOCK, ...)
        self.buf: list[str] = []
        self.link_chars = 0
        self.link_depth = 0
        self.heading = 0
        self.heading_stack: list[int] = []
        self.skip = 0                     # open elements of the subtree being skipped
        self.button = False               # the skipped subtree is a button's
        self.title_parts: list[str] | None = None
        self.in_title = False
        self.meta: dict[str, str] = {}

    def flush(self) -> None:
        buf = self.buf
        if buf:
            text = " ".join("".join(buf).split())
            buf.clear()
            if text:
                stack = self.stack
                f = self.frames[stack[-1]] if stack else None
                n = len(text)
                self.blocks.append(Block(text, f.tag if f else "body", n, min(self.link_chars, n),
                                         self.heading, tuple(self.junk_stack[:_MAX_JUNK]),
                                         frame=stack[-1] if stack else -1))
        self.link_chars = 0

    def start(self, tag, attrib) -> None:
        if tag in _META_TAGS:
            self._meta(tag, attrib)
        kinds = self.kinds
        if len(kinds) >= MAX_DEPTH:
            # libxml2 walks its stack of open elements at every tag: past real pages'
            # depths that is quadratic, so such markup goes to the linear fallback
            raise TooDeep(f"nesting deeper than {MAX_DEPTH} elements")
        if self.skip:
            if not (self.button and (tag == "p" or tag == "div")):
                self.skip += 1
                kinds.append(_IGNORED)
                return
            self.skip, self.button = 0, False   # a button holding paragraphs is no label
        if tag in _DROP:
            self.skip = 1
            kinds.append(_SKIP_ROOT)
            return
        if tag in BLOCK_TAGS:
            self.flush()
            if tag == "html":
                kinds.append(_NONE)
                return
            if tag == "body" or not attrib:
                fam, hint = None, tag == "article" or tag == "main"
            else:
                fam, hint = _attr_family(attrib)
                hint = hint or tag == "article" or tag == "main"
            if fam is None:
                fam = _CHROME_TAGS.get(tag)
            stack = self.stack
            idx = len(self.frames)
            self.frames.append(_Frame(tag, len(self.blocks), fam, len(stack), hint,
                                      stack[-1] if stack else -1))
            stack.append(idx)
            if fam:
                self.junk_stack.append(idx)
            h = _HEADINGS.get(tag)
            if h:
                self.heading_stack.append(self.heading)
                self.heading = h
            kinds.append(_BLOCK)
            return
        fam = _attr_family(attrib)[0] if attrib else None
        if fam in _INLINE_CHROME or tag == "button":
            # an inline chrome element (a hidden span, a credit): drop its text, keep its tail
            self.skip = 1
            self.button = tag == "button" and fam not in _INLINE_CHROME
            kinds.append(_SKIP_ROOT)
            return
        if tag == "a":
            self.link_depth += 1
            kinds.append(_LINK)
        else:
            kinds.append(_INLINE)

    def end(self, tag) -> None:
        if tag == "title":
            self.in_title = False
        kind = self.kinds.pop() if self.kinds else _NONE
        if kind == _IGNORED:
            if self.skip:
                self.skip -= 1
        elif kind == _SKIP_ROOT:
            self.skip, self.button = 0, False
        elif kind == _BLOCK:
            self.flush()
            idx = self.stack.pop()
            self.frames[idx].end = len(self.blocks)
            if self.junk_stack and self.junk_stack[-1] == idx:
                self.junk_stack.pop()
            if tag in _HEADINGS:
                self.heading = self.heading_stack.pop() if self.heading_stack else 0
        elif kind == _LINK:
            self.link_depth -= 1

    def data(self, text) -> None:
        if self.skip:
            if self.in_title:
                self.title_parts.append(text)
            return
        self.buf.append(text)
        if self.link_depth:
            self.link_chars += len(text.strip())

    def close(self) -> "_Segmenter":
        self.flush()
        return self

    def _meta(self, tag, attrib) -> None:
        meta = self.meta
        if tag == "meta":
            prop = (attrib.get("property") or attrib.get("name") or "").lower()
            content = attrib.get("content")
            if content and prop in _META_PROPS:
                meta.setdefault(_META_PROPS[prop], content)
        elif tag == "link":
            if (attrib.get("rel") or "").lower() == "canonical" and attrib.get("href"):
                meta.setdefault("canonical", attrib.get("href"))
        elif self.title_parts is None:   # the first <title>
            self.title_parts = []
            self.in_title = True


_META_TAGS = frozenset({"meta", "link", "title"})
_META_PROPS = {"og:title": "title", "og:url": "url", "og:site_name": "site"}


# ---------------------------------------------------------------------- main content

_SENTENCE = re.compile(r"[.!?…:;\"”»)]\s*$|[.!?]\s")
LAMBDA = 0.6          # penalty per char of link text taken into the container
SHORT_COST = 0.15     # the same, relative, for other non-paragraph text
PROTECT_SHARE = 0.5   # a junk-named element holding this share of the paragraph text is a wrapper
# names that say the text is never shown or never the article, whatever its size
_UNPROTECTED = frozenset({"comments"})
WRAPPER_GAIN = 0.5    # junk-named text must double the main text to be taken as a wrapper


def _is_paragraph(b: Block) -> bool:
    """Paragraph-like text: several words, few of them links, sentence punctuation."""
    if b.heading or b.link_chars > 0.5 * b.chars:
        return False
    words = b.text.count(" ") + 1
    return words >= 10 or (words >= 6 and bool(_SENTENCE.search(b.text)))


def _prefix(values: list[int]) -> list[int]:
    out = [0]
    total = 0
    for v in values:
        total += v
        out.append(total)
    return out


def _best_frame(blocks, frames, good, junk_of, skip):
    """The frame maximising paragraph text minus the cost of the other text it holds."""
    clean_good = [g if j is None else 0 for g, j in zip(good, junk_of)]
    # link text is what navigation and teaser lists are made of; other short text (table
    # cells, labels, dates) costs little
    clean_bad = [0 if j is not None or g else b.link_chars + SHORT_COST * (b.chars - b.link_chars)
                 for b, g, j in zip(blocks, clean_good, junk_of)]
    cg, cb = _prefix(clean_good), _prefix(clean_bad)
    best, best_score = None, 0.0
    for i, f in enumerate(frames):
        if i in skip:
            continue
        g = cg[f.end] - cg[f.start]
        if g <= 0:
            continue
        score = g - LAMBDA * (cb[f.end] - cb[f.start])
        if f.hint:
            score *= 1.15
        if score > best_score:
            best, best_score = i, score
    return best, best_score


HIDDEN_PROSE = 0.6     # an element with this share of paragraph text is prose, not chrome ...
_PROSE_NOT_CHROME = frozenset({"hidden", "navigation", "ads", "share"})  # ... when named so


def _unhide_prose(blocks, frames, good):
    """Elements named hidden, navigation, ads or share that are made of prose are not
    chrome: a hidden one is shown on interaction (a collapsed section, a streamed slot a
    script moves in), and menus, ad slots and share bars are links and labels, never
    paragraphs ("skip-item" sections, "nav-tabs" panels of an article). A hidden copy of
    text the page shows anyway (a teaser duplicate) stays hidden."""
    pg = pc = seen = None
    changed = False
    for f in frames:
        if f.junk not in _PROSE_NOT_CHROME:
            continue
        if pg is None:
            pg, pc = _prefix(good), _prefix([b.chars for b in blocks])
            seen = {b.text[:40] for b, g in zip(blocks, good) if g and not b.junk}
        g = pg[f.end] - pg[f.start]
        if g >= 200 and g >= HIDDEN_PROSE * (pc[f.end] - pc[f.start]) and not (
                f.junk == "hidden" and any(good[i] and blocks[i].text[:40] in seen
                                           for i in range(f.start, f.end))):
            f.junk = None
            changed = True
    if changed:
        for b in blocks:
            if b.junk:
                b.junk = tuple(j for j in b.junk if frames[j].junk)


def _choose(blocks: list[Block], frames: list[_Frame]):
    """Pick the main frame and say which junk mark applies to each block.

    First without any junk-named text; if that leaves much less than the page offers
    with it (the article sits in a wrapper whose name only looks like chrome: React's
    hidden streaming slots, "content has-sidebar"), the best frame over all text wins
    and only the junk-named elements inside it count.
    """
    good = [b.chars if _is_paragraph(b) else 0 for b in blocks]
    _unhide_prose(blocks, frames, good)
    outer = [frames[b.junk[0]].junk if b.junk else None for b in blocks]
    junk_frames = {i for i, f in enumerate(frames) if f.junk}
    best, score = _best_frame(blocks, frames, good, outer, junk_frames)
    raw_best, raw_score = _best_frame(blocks, frames, good, [None] * len(blocks), set())
    if raw_best is not None and (best is None or score < WRAPPER_GAIN * raw_score) \
            and frames[raw_best].junk not in _UNPROTECTED:
        best = raw_best
    if best is None:
        return None, outer
    main = frames[best]
    # inside the main element, a junk-named element holding most of its paragraph text
    # is a layout wrapper ("content-with-sidebar"), not chrome
    pg = _prefix(good)
    main_good = pg[main.end] - pg[main.start]
    wrappers = {j for j in junk_frames if j >= best and frames[j].end <= main.end
                and frames[j].junk not in _UNPROTECTED
                and pg[frames[j].end] - pg[frames[j].start] >= PROTECT_SHARE * main_good}
    junk_of = []
    for i, b in enumerate(blocks):
        if not main.start <= i < main.end:
            junk_of.append(outer[i])
            continue
        junk_of.append(next((frames[j].junk for j in b.junk if j > best and j not in wrappers), None))
    return main, junk_of



BODY_SHARE = 0.8      # the article body: the smallest element inside the main one with this share
REGION_MIN = 600      # paragraph chars before / after the body that make that text content too


def _body_span(blocks, frames, main, junk_of):
    """The smallest element inside the main one holding most of its paragraph text."""
    good = [b.chars if j is None and _is_paragraph(b) else 0 for b, j in zip(blocks, junk_of)]
    pg = _prefix(good)
    need = BODY_SHARE * (pg[main.end] - pg[main.start])
    best = main
    for f in frames:
        if f.start >= main.start and f.end <= main.end and f.end - f.start < best.end - best.start \
                and pg[f.end] - pg[f.start] >= need:
            best = f
    lo, hi = best.start, best.end
    # text around the body with paragraphs of its own is content split over containers
    if pg[lo] - pg[main.start] >= REGION_MIN:
        lo = main.start
    if pg[main.end] - pg[hi] >= REGION_MIN:
        hi = main.end
    return lo, hi


# -------------------------------------------------------------------------- metadata

def _fold(text: str) -> str:
    return _WS.sub(" ", text).strip().casefold()


_SITE_SUFFIX = re.compile(r"\s+[|–—:-]\s+[^|–—]{2,60}$")


def _strip_site(title: str, site: str | None) -> str:
    if site and title.casefold().endswith(site.casefold()) and len(title) > len(site) + 8:
        return title[: -len(site)].rstrip(" |–—:-·").strip()
    m = _SITE_SUFFIX.search(title)
    if m and len(m.group(0).split()) <= 6 and len(title[: m.start()].split()) >= 3:
        return title[: m.start()].strip()
    return title


# ------------------------------------------------------------------------- extraction

def extract(html: str) -> HtmlExtract:
    """Main content blocks of an HTML page (see module docstring)."""
    seg = _parse(html)
    blocks, frames = seg.blocks, seg.frames
    clean = lambda v: " ".join(v.split()) or None if v else None
    meta = seg.meta
    url = clean(meta.get("canonical") or meta.get("url"))
    site = clean(meta.get("site"))
    meta_title = clean(meta.get("title") or ("".join(seg.title_parts) if seg.title_parts else None))
    main, junk_of = _choose(blocks, frames)
    lo, hi = (main.start, main.end) if main is not None else (0, len(blocks))
    blo, bhi = _body_span(blocks, frames, main, junk_of) if main is not None else (lo, hi)

    # headline: the first h1 (inside the main element if it has one), else og:title / <title>
    h1 = next((b for b in blocks[lo:hi] if b.heading == 1), None) or next(
        (b for b in blocks if b.heading == 1 and junk_of[blocks.index(b)] is None), None)
    title = h1.text if h1 is not None else (_strip_site(meta_title, site) if meta_title else None)
    title_key = _fold(title) if title else None

    kept: list[Block] = []
    removed: list[Block] = []
    for i, b in enumerate(blocks):
        b.index = i
        if junk_of[i]:
            b.rule = "html:" + junk_of[i]
        elif not lo <= i < hi:
            b.rule = "html:outside_main"
        elif not blo <= i < bhi:
            b.rule = "html:outside_body"
        elif title_key and (b.heading == 1 or _fold(b.text) == title_key):
            b.rule = "headline"
        elif b.link_chars >= 0.6 * b.chars and b.chars < 400:
            b.rule = "html:link_text"
        if b.rule:
            removed.append(b)
        else:
            kept.append(b)
    return HtmlExtract(title, kept, removed, url, {"site_name": site})
