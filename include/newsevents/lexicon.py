"""The multilingual boilerplate lexicon: data files in ``data/boilerplate/<lang>.txt``.

Every language file is loaded and applied to every document (a Romanian site may carry
English widgets), so a new language is a new file, not new code. The format is
described in ``data/boilerplate/README.md``. Besides removal rules the files hold word
lists the cleaner's structural rules read: teaser headings, plea cues, the publisher's
voice, date words and byline prefixes.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["Lexicon", "load_lexicon", "lexicon", "fold", "LEXICON_DIR"]

LEXICON_DIR = Path(__file__).resolve().parent / "data" / "boilerplate"

_WS = re.compile(r"\s+")
# unanchored rules (``~`` without ``^``) name promo and disclosure lines, which are short;
# a longer paragraph holding such words is article text (pleas have their own cues)
FREE_MAX_WORDS = 60
_EXACT_STRIP = " \t:.!»›>…|-–—•·"


def fold(line: str) -> str:
    return _WS.sub(" ", line).strip().casefold()


def _exact_key(folded: str) -> str:
    return folded.strip(_EXACT_STRIP)


class Lexicon:
    """Compiled boilerplate lexicon (all languages merged)."""

    SPECIAL = ("teaser_heading", "plea_cue", "we_voice", "date_word", "byline_prefix")

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
        self.date_words: set[str] = set()
        self._date_regex: list[str] = []
        self.byline_prefixes: set[str] = set()
        # the words of short widget labels (menu items, share targets, buttons): a line
        # made mostly of them is a menu or a share bar
        self.menu_words: set[str] = set()

    def add(self, section: str, kind: str, value: str, source: str = "?") -> None:
        if section == "teaser_heading":
            if kind == "=":
                self.teaser_exact.add(_exact_key(fold(value)))
            elif kind == "~":
                self._teaser_regex.append(_check_regex(value, source))
            else:
                self._teaser_regex.append(("^" if kind == "^" else "") + re.escape(fold(value)))
            return
        if section == "date_word":
            if kind == "~":
                self._date_regex.append(_check_regex(value, source))
            else:
                self.date_words.update(fold(value).split())
            return
        if section == "byline_prefix":
            self.byline_prefixes.add(fold(value))
            return
        if section in ("plea_cue", "we_voice"):
            pat = _check_regex(value, source) if kind == "~" else r"\b" + re.escape(fold(value)) + r"\b"
            (self._plea if section == "plea_cue" else self._voice).append(pat)
            return
        if section not in self.sections:
            self.sections.append(section)
        if kind == "=" and section in _MENU_SECTIONS:
            words = fold(value).split()
            if len(words) <= 3:
                self.menu_words.update(w for w in words if len(w) >= 3)
        if kind == "=":
            self.exact.setdefault(_exact_key(fold(value)), section)
        elif kind == "^":
            self._prefix.setdefault(section, []).append(re.escape(fold(value)))
        elif kind == "*":
            self._contains.setdefault(section, []).append(re.escape(fold(value)))
        elif kind == "~":
            _check_regex(value, source)
            self._regex.setdefault(section, []).append(value)
        else:
            raise ValueError(f"{source}: unknown entry kind {kind!r}")

    def compile(self) -> "Lexicon":
        # every rule is matched against the case-folded line (``fold``), so no pattern
        # needs IGNORECASE, which would make the scans several times slower
        flags = 0
        # combined patterns for all prefix and regex entries (group name = section);
        # entries anchored with ^ go into a pattern used with .match() (no scanning)
        # unanchored ones starting at a word boundary share one leading \b (a scan then
        # tries the alternatives only at word starts)
        anch, free_b, free = [], [], []
        for k, sec in enumerate(self.sections):
            a = list(self._prefix.get(sec, [])) + [p[1:] for p in self._regex.get(sec, []) if p.startswith("^")]
            rest = [p for p in self._regex.get(sec, []) if not p.startswith("^")]
            fb = [p[2:] for p in rest if p.startswith(r"\b")]
            f = [p for p in rest if not p.startswith(r"\b")]
            for out, pats in ((anch, a), (free_b, fb), (free, f)):
                if pats:
                    out.append(f"(?P<s{k}>{'|'.join(f'(?:{x})' for x in pats)})")
        self.anchored_re = re.compile("|".join(anch) or r"(?!x)x", flags)
        self.free_b_re = re.compile(r"\b(?:" + "|".join(free_b) + ")" if free_b else r"(?!x)x", flags)
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
        self.date_re = re.compile("|".join(f"(?:{p})" for p in self._date_regex) or r"(?!x)x", flags)
        return self

    def match(self, folded: str, n_words: int) -> str | None:
        """Section name of the first rule matching the folded line, else None."""
        sec = self.exact.get(_exact_key(folded))
        if sec:
            return sec
        m = self.anchored_re.match(folded)
        if m is None and n_words <= FREE_MAX_WORDS:
            m = self.free_b_re.search(folded) or self.free_re.search(folded)
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


def _check_regex(value: str, source: str) -> str:
    """A ``~`` entry: valid, and in lower case (lines are matched case-folded)."""
    re.compile(value)  # fails early, with a useful traceback
    literal = re.sub(r"\\.", "", value)
    if literal != literal.casefold():
        raise ValueError(f"{source}: regex entries are matched against the case-folded line; "
                         f"write {value!r} in lower case")
    return value


def _factor_b(patterns: list[str], flags: int) -> re.Pattern[str]:
    """Alternation with a common leading \\b factored out (much faster to scan)."""
    b = [p[2:] for p in patterns if p.startswith(r"\b")]
    rest = [p for p in patterns if not p.startswith(r"\b")]
    alts = []
    if b:
        alts.append(r"\b(?:" + "|".join(f"(?:{p})" for p in b) + ")")
    alts += [f"(?:{p})" for p in rest]
    return re.compile("|".join(alts) or r"(?!x)x", flags)


_MENU_SECTIONS = frozenset({"navigation", "share", "login_prompt", "subscription", "comment_widget",
                            "cookie", "donation"})
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


def lexicon() -> Lexicon:
    """The lexicon of ``data/boilerplate`` (loaded once)."""
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = load_lexicon()
    return _LEXICON
