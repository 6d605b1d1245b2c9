"""The stages chained in-process, for one document at a time.

Both the ``newsevents`` command line and the warehouse-backed tasks call these same
functions, so the CLI's output is what the DAG loads.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from . import dedup, langid
from .clean import CleanResult, clean_document
from .extract import extract_events

CONTRACT_FIELDS = ("type", "actor", "target", "claimed_by", "confirmation", "date_start",
                   "date_end", "country", "admin1", "place", "weapon", "target_kind",
                   "quantities", "evidence")
CLAIM_FIELDS = tuple(f for f in CONTRACT_FIELDS if f != "evidence")
QUANTITY_KEYS = ("launched", "destroyed", "lost", "killed", "injured", "damaged", "count")


def clean_stage(text: str, is_html: bool | None) -> CleanResult:
    return clean_document(text, is_html=is_html)


def paragraph_offsets(paragraphs: list[str]) -> list[tuple[int, int]]:
    """Character spans of each paragraph in ``"\\n".join(paragraphs)``."""
    out, pos = [], 0
    for p in paragraphs:
        out.append((pos, pos + len(p)))
        pos += len(p) + 1
    return out


def language_stage(paragraphs: list[str]) -> tuple[list[langid.LangLabel], langid.LangLabel]:
    labels = langid.detect_paragraphs(paragraphs)
    return labels, langid.document_language(paragraphs, labels)


# json.dumps(key, sort_keys=True, ensure_ascii=False, separators=(",", ":")) of a key built
# in sorted order already (the encoder is built once: dumps builds one per call when given
# options, and sorting keys that are in order costs more than the rest)
_ID_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_ID_FIELDS = tuple(sorted(CLAIM_FIELDS))


def event_id(event: dict) -> str:
    """The claim's identity: the same claim stated anywhere gets the same id."""
    key = {f: event.get(f) for f in _ID_FIELDS}
    key["quantities"] = dict(sorted((event.get("quantities") or {}).items()))
    blob = _ID_JSON.encode(key)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def extract_stage(text: str, published_at: date | None, language: str | None) -> list[dict]:
    events = extract_events(text, published_at=published_at,
                            language=None if language in (None, "und") else language)
    for ev in events:
        ev["event_id"] = event_id(ev)
    return events


def contract_event(event: dict) -> dict:
    """The event as CONTRACT.md shows it, with its mentions."""
    out = {f: event.get(f) for f in CONTRACT_FIELDS}
    out["quantities"] = dict(event.get("quantities") or {})
    mentions = event.get("mentions") or [
        {"start": event.get("evidence_start"), "end": event.get("evidence_end"),
         "evidence": event.get("evidence")}]
    out["mentions"] = [{"start": m["start"], "end": m["end"]} for m in mentions]
    if event.get("checks"):
        out["checks"] = dict(event["checks"])  # a total's breakdown: does it add up
    if event.get("qualifiers"):
        out["qualifiers"] = dict(event["qualifiers"])  # "more than 2,000": a bound, not a count
    return out


@dataclass
class Processed:
    clean: CleanResult
    labels: list[langid.LangLabel]
    language: langid.LangLabel
    repeats: list[int | None]
    events: list[dict]


def process_text(text: str, *, is_html: bool | None, published_at: date | None) -> Processed:
    return process_cleaned(clean_stage(text, is_html), published_at=published_at)


def process_cleaned(cleaned: CleanResult, *, published_at: date | None) -> Processed:
    """The stages after cleaning, on a cleaned document."""
    labels, doc_lang = language_stage(cleaned.paragraphs)
    repeats = dedup.repeated_paragraphs(cleaned.paragraphs)
    events = extract_stage(cleaned.text, published_at, doc_lang.language)
    return Processed(cleaned, labels, doc_lang, repeats, events)
