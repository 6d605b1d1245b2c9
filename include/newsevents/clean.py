"""Boilerplate removal for scraped news, plain text and HTML: the clean stage's entry.

Public API::

    clean_document(raw, *, is_html=None) -> CleanResult

* **Plain text** is normalised (``normalize.py``) and split into lines; text hard-wrapped
  at a fixed width has its paragraphs joined back first (``rewrap.py``), and every line
  is classified as content or boilerplate (``lines.classify_lines``: the multilingual
  lexicon, structural cues, captions and credits, pleas). The headline stays in the
  text (it is the first line of a plain-text article) and is also ``title``.
* **HTML** goes through ``htmlclean.extract`` (main-content detection on the page's
  structure); the text of its blocks is normalised and classified by
  ``lines.classify_blocks``. The headline goes to ``title`` only: the article body of
  a page does not repeat it (both public benchmarks agree).
  Markup libxml2 cannot hold (nesting past its depth limit) or any parser failure
  falls back to resiliparse's plain-text extraction plus the line classifier.

Every removal is in ``CleanResult.removed`` with the rule that fired; ``index`` is the
line's position among the non-empty lines (plain text) or the block's position among
the page's text blocks (HTML; consecutive blocks removed by one rule are merged).
Per-source recurring lines are removed later, with counts from many documents
(``recurring.py``).
"""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

from . import htmlclean
from .lexicon import Lexicon, load_lexicon
from .lines import Removed, _Block, classify_blocks, classify_lines, strip_site_suffix
from .normalize import normalize_text
from .rewrap import rejoin_wrapped

__all__ = ["Removed", "CleanResult", "clean_document", "classify_lines", "Lexicon", "load_lexicon"]


@dataclass(frozen=True)
class CleanResult:
    text: str
    paragraphs: list[str]
    removed: list[Removed]
    title: str | None
    is_html: bool
    meta: dict = field(default_factory=dict, compare=False, repr=False)


_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|p|div|article|span|br|meta|title|section|a\s)[\s>/]",
                    re.IGNORECASE)


def _sniff_html(raw: str) -> bool:
    return bool(_SNIFF.search(raw[:4096]))


def clean_document(raw: str, *, is_html: bool | None = None) -> CleanResult:
    """Remove boilerplate from *raw* (plain text or HTML); see module docstring."""
    raw = raw or ""
    if is_html is None:
        is_html = _sniff_html(raw)
    if not is_html:
        kept, removed, title = classify_lines(rejoin_wrapped(normalize_text(raw).splitlines()))
        return CleanResult("\n".join(kept), kept, removed, strip_site_suffix(title) if title else None, False)
    try:
        return _clean_html(raw)
    except RecursionError:
        return _clean_html_fallback(raw, "RecursionError")
    except htmlclean.TooDeep:
        return _clean_html_fallback(raw, "TooDeep")
    except Exception as exc:  # hostile markup must never crash the pipeline
        return _clean_html_fallback(raw, type(exc).__name__)


def _normalize_lines(texts: list[str]) -> list[str]:
    """Normalise many one-line texts in one call (same result as one by one)."""
    if not texts:
        return []
    out = normalize_text("\n".join(texts)).split("\n")
    if len(out) != len(texts):  # a text normalised to several or no lines
        out = [normalize_text(t) for t in texts]
    return [" ".join(t.split()) for t in out]


def _clean_html(raw: str) -> CleanResult:
    page = htmlclean.extract(raw)
    texts = _normalize_lines([b.text for b in page.blocks])
    blocks = [_Block(t, b.index, b.tag, b.heading, b.link_density)
              for t, b in zip(texts, page.blocks) if t]
    classify_blocks(blocks)
    kept = [b.text for b in blocks if b.rule is None]
    # the audit keeps dropped chrome as the page had it (normalising it all would cost a
    # third of the time of cleaning a page)
    dropped = [(b.index, b.rule, b.text) for b in page.removed]
    dropped += [(b.index, b.rule, b.text) for b in blocks if b.rule is not None]
    title = normalize_text(page.title).strip() if page.title else None
    meta = {"url": page.url} if page.url else {}
    return CleanResult("\n".join(kept), kept, _merge_runs(dropped), title or None, True, meta=meta)


def _merge_runs(dropped: list[tuple[int, str, str]]) -> list[Removed]:
    """One audit row per run of consecutive blocks removed by the same rule."""
    out: list[Removed] = []
    last_index, last_rule, parts = -2, None, []
    for index, rule, text in sorted(dropped):
        if not text:
            continue
        if rule == last_rule and index == last_index + 1:
            parts.append(text)
        else:
            if parts:
                out.append(Removed("\n".join(parts), last_rule, first))
            first, parts = index, [text]
        last_index, last_rule = index, rule
    if parts:
        out.append(Removed("\n".join(parts), last_rule, first))
    return out


def _clean_html_fallback(raw: str, reason: str) -> CleanResult:
    """Markup lxml cannot hold (nesting past libxml2's limit, or a parser failure): a
    linear tag strip (block tags become line breaks), then the plain-text classifier.
    Linear on purpose: HTML5 parsers are superlinear on exactly these pages."""
    title_m = _TITLE.search(raw, 0, 200_000)
    text = _strip_spans(raw, ("script", "style", "noscript", "template", "svg", "head"))
    text = _BLOCK_TAG.sub("\n", text)
    text = html_lib.unescape(_TAG.sub(" ", text))
    kept, removed, _ = classify_lines(normalize_text(text).splitlines())
    title = normalize_text(html_lib.unescape(_TAG.sub(" ", title_m.group(1)))).strip() if title_m else None
    return CleanResult("\n".join(kept), kept, removed, " ".join(title.split()) if title else None, True,
                       meta={"fallback": reason})


def _strip_spans(raw: str, tags: tuple[str, ...]) -> str:
    """Cut <tag ...>...</tag> spans with str.find (an unclosed one is cut to the end)."""
    low = raw.lower()
    out, pos = [], 0
    while True:
        starts = [i for i in (low.find("<" + t, pos) for t in tags) if i >= 0]
        if not starts:
            break
        start = min(starts)
        tag = next(t for t in tags if low.startswith("<" + t, start))
        end = low.find("</" + tag, start)
        out.append(raw[pos:start])
        if end < 0:
            pos = len(raw)
            break
        close = low.find(">", end)
        pos = len(raw) if close < 0 else close + 1
    out.append(raw[pos:])
    return "".join(out)


_TAG = re.compile(r"<[^<>]{0,2000}>")
_BLOCK_TAG = re.compile(r"<(?:/?(?:p|div|section|article|main|header|footer|aside|nav|h[1-6]|li|ul|ol|dl|dt|dd|"
                        r"table|tr|td|th|blockquote|pre|figure|figcaption|address|form|body|html)\b[^<>]{0,2000}|br\b[^<>]{0,200})>",
                        re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^<>]{0,500}>([^<]{0,1000})</title", re.IGNORECASE)
