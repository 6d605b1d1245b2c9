"""Re-join plain text hard-wrapped at a fixed width into its paragraphs.

Republished wire copies are often re-wrapped at 64-80 columns, one paragraph spread over
several lines with no blank line between them. Classified line by line, the short tail of
a paragraph ("officials said.", "Kharkiv region") looks like a menu label and is removed.
So before classification, when the text *is* hard-wrapped, lines are joined back:

* detection: take the width ``W`` under which nearly all lines end (a high percentile of
  the line lengths); the text is wrapped when many lines end close below ``W`` (a wrapping
  tool fills lines) and many of those go on with a lower-case word (it breaks inside
  sentences). Text with one paragraph per line has lines of every length, so it is never
  taken as wrapped and passes through unchanged;
* joining: a line is continued by the next one when the next line's first word would not
  have fitted on it (``len(line) + 1 + len(word) > W``): that is why a wrapping tool broke
  there. A short line (a headline, "Share", a paragraph's last line) is followed by a
  break of its own, so it stays a line. Blank lines always end a paragraph; a next line
  that starts a list item or with a symbol ("© Reuters") is never joined; nor is a short
  line without an end of sentence after a sentence end (a label: "Share", "Read more:
  ..."). Where paragraphs are not set apart by blank lines, a full line that ends a
  sentence before a capital is taken as a paragraph end: the one case lengths cannot
  tell, and a wrong guess splits a paragraph at a sentence, it never cuts one.
"""
from __future__ import annotations

import math
import re

__all__ = ["wrap_width", "rejoin_wrapped"]

MIN_WIDTH = 30        # narrower "widths" are lists and menus, not a wrapping tool
MAX_WIDTH = 160       # wire and mail wrappers use 64-80; wider lines are unwrapped text
FILL_BAND = 16        # a filled line ends within this many characters of the width
MIN_FILLED = 3        # at least this many filled lines ...
FILLED_SHARE = 0.4    # ... and this share of the lines longer than MIN_WIDTH
OVER_SHARE = 0.05     # this share of the lines may run past the width (unwrapped long lines)

LOWER_NEXT = 0.3      # share of filled lines whose next line starts in lower case
BLANK_EVERY = 8       # a blank line per this many lines: paragraphs are set apart by blank lines
_SENTENCE_END = re.compile(r"[.!?…][\"”»’)]*$")
_OPENERS = "\"'“‘«„(["
_BULLET = re.compile(r"^\s*(?:[-*•·–—]\s|\d{1,3}[.)]\s)")
_FIRST_WORD = re.compile(r"\S+")


def wrap_width(lines: list[str]) -> int | None:
    """The width the text was hard-wrapped at, or None when it was not."""
    text = [ln.rstrip() for ln in lines if ln.strip()]
    long = sorted(len(ln) for ln in text if len(ln) > MIN_WIDTH)
    if len(long) < MIN_FILLED:
        return None
    # the width: the longest line once the few lines that run past a wrapper are set aside
    width = long[max(0, math.ceil((1 - OVER_SHARE) * len(long)) - 1)]
    if not MIN_WIDTH < width <= MAX_WIDTH:
        return None
    filled = [i for i, ln in enumerate(text[:-1]) if width - FILL_BAND <= len(ln) <= width]
    if len(filled) < MIN_FILLED or len(filled) < FILLED_SHARE * len(long):
        return None
    # a wrapper breaks inside sentences: many filled lines go on with a lower-case word
    # (a list of headlines of similar length does not)
    lower = sum(1 for i in filled if text[i + 1][:1].islower() or text[i + 1][:1].isdigit())
    if lower < LOWER_NEXT * len(filled):
        return None
    return width


def rejoin_wrapped(lines: list[str]) -> list[str]:
    """``lines`` with hard-wrapped paragraphs joined back (see module docstring)."""
    width = wrap_width(lines)
    if width is None:
        return lines
    # paragraphs set apart by blank lines: a break at a sentence end is a wrap too; else
    # a full line ending a sentence before a capital may well end its paragraph
    blank_paragraphs = sum(1 for ln in lines if not ln.strip()) * BLANK_EVERY >= len(lines)
    out: list[str] = []
    parts: list[str] = []   # physical lines of the paragraph being joined
    for raw in lines:
        line = raw.strip()
        if parts and line and _continues(parts[-1], line, width, blank_paragraphs):
            parts.append(line)
            continue
        if parts:
            out.append(_join(parts))
            parts = []
        if line:
            parts.append(line)
        else:
            out.append("")
    if parts:
        out.append(_join(parts))
    return out


def _continues(previous: str, line: str, width: int, blank_paragraphs: bool) -> bool:
    """Was ``line`` broken off ``previous`` (the last physical line) by the wrapper?"""
    if _BULLET.match(line) or not (line[0].isalnum() or line[0] in _OPENERS):
        return False   # a list item, or a line led by a symbol ("© Reuters", "| Share")
    if _SENTENCE_END.search(previous) and not line[0].islower():
        if not blank_paragraphs:
            return False
        if len(line) < width - FILL_BAND and not _SENTENCE_END.search(line):
            return False   # a label after the paragraph ("Share", "Read more: ..."), not its tail
    word = _FIRST_WORD.match(line)
    return len(previous) + 1 + len(word.group(0)) > width


def _join(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        # a word hyphenated at the break ("inter-" + "national") loses no letters and
        # gains no space; a compound ("Russian-" + "held") keeps its hyphen either way
        if len(text) > 1 and text[-1] == "-" and text[-2].isalpha() and part[:1].islower():
            text += part
        else:
            text += " " + part
    return text
