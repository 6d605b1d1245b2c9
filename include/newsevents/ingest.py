"""Find input files, read them safely, decode them and read their sidecars.

Every input either becomes a ``RawDocument`` or a ``Quarantined`` record with a
stage and a reason: nothing is dropped silently and no single file stops a batch.
A document's identity is the SHA-256 of its (decompressed) bytes, so the same
article under two names is one document with two sources.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Iterator

SIDECAR_SUFFIX = ".meta.json"
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ARCHIVE_SUFFIXES = (".gz",)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # after decompression


def configured_max_bytes() -> int:
    """The size limit: ``NEWSEVENTS_MAX_BYTES`` when set, else 20 MiB."""
    try:
        return int(os.environ.get("NEWSEVENTS_MAX_BYTES", DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES
_DATE_IN_PATH = re.compile(r"(?:^|/)(\d{4})/(\d{2})/(\d{2})(?:/|$)")


@dataclass(frozen=True)
class RawDocument:
    """One readable input: its bytes' hash, decoded text and metadata."""

    doc_id: str
    name: str
    path: str
    content: bytes
    text: str
    encoding: str
    is_html: bool
    published_at: date | None
    url: str | None = None
    source: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True)
class Quarantined:
    """An input that could not be processed, and why."""

    name: str
    path: str
    stage: str
    reason: str
    detail: str = ""
    doc_id: str | None = None

    def line(self) -> str:
        extra = f": {self.detail}" if self.detail else ""
        return f"quarantined {self.name} [{self.stage}] {self.reason}{extra}"


@dataclass
class Sidecar:
    published_at: date | None = None
    url: str | None = None
    source: str | None = None
    problems: list[str] = field(default_factory=list)


class InputRejected(Exception):
    """Raised inside the reader; becomes a ``Quarantined`` record."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def is_input_file(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(SIDECAR_SUFFIX) or name.startswith("."):
        return False
    if name.endswith(ARCHIVE_SUFFIXES):
        name = name[: -len(".gz")]
    return name.endswith(TEXT_SUFFIXES + HTML_SUFFIXES)


def discover(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Input files under the given files or folders, sorted for determinism."""
    found: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    fp = Path(root) / f
                    if is_input_file(fp):
                        found.add(fp)
        elif p.exists():
            found.add(p)
        else:
            found.add(p)  # reported as missing by read_input
    return sorted(found, key=lambda x: str(x))


def _read_capped(path: Path, max_bytes: int) -> bytes:
    with open(path, "rb") as fh:
        head = fh.read(max_bytes + 1)
    if len(head) > max_bytes:
        raise InputRejected("too_large", f"over {max_bytes} bytes")
    return head


def _gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip without ever holding more than ``max_bytes`` of output."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    chunk = 64 * 1024
    pos = 0
    try:
        while pos < len(data):
            out += d.decompress(data[pos : pos + chunk], max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                raise InputRejected("decompression_bomb", f"expands beyond {max_bytes} bytes")
            pos += chunk
            while d.unconsumed_tail:
                out += d.decompress(d.unconsumed_tail, max_bytes + 1 - len(out))
                if len(out) > max_bytes:
                    raise InputRejected("decompression_bomb", f"expands beyond {max_bytes} bytes")
            if d.eof:
                break
    except zlib.error as exc:
        raise InputRejected("corrupt_archive", str(exc)) from None
    return bytes(out)


_MAGIC = {
    b"PK\x03\x04": "zip archive",
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"7z\xbc\xaf": "7z archive",
    b"Rar!": "RAR archive",
    b"BZh": "bzip2 archive",
    b"\xfd7zXZ": "xz archive",
}


def _sniff_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    return None


_CONTROL = [bytes([c]) for c in range(1, 32) if c not in (9, 10, 12, 13)] + [b"\x7f"]


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes to text: BOMs, then UTF-8, then the most plausible legacy codec.

    Raises ``InputRejected`` for binary data that is no text in any encoding.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputRejected("undecodable", f"{enc} with BOM: {exc.reason}") from None
    sample = data[:65536]
    if sample and sample.count(b"\x00") / len(sample) > 0.10:
        raise InputRejected("binary", "NUL-heavy content")
    if sample and sum(sample.count(c) for c in _CONTROL) / len(sample) > 0.05:
        raise InputRejected("binary", "control-character-heavy content")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    if best is None:
        raise InputRejected("undecodable", "no text encoding fits")
    enc = best.encoding
    return data.decode(enc, errors="replace"), enc


def _parse_date(value) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"published_at is {type(value).__name__}, not a date string")
    text = value.strip()
    try:
        d = datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        d = date.fromisoformat(text[:10])
    if not (1990 <= d.year <= 2100):
        raise ValueError(f"published_at {text!r} is out of range")
    return d


def read_sidecar(path: Path) -> Sidecar:
    """Read ``NAME.meta.json``; a broken sidecar yields problems, never an exception."""
    side = Path(str(path) + SIDECAR_SUFFIX)
    out = Sidecar()
    if not side.exists():
        return out
    try:
        raw = side.read_bytes()[: 1 << 20]
        meta = json.loads(raw.decode("utf-8", errors="replace"))
    except (OSError, ValueError) as exc:
        out.problems.append(f"sidecar unreadable: {exc.__class__.__name__}")
        return out
    if not isinstance(meta, dict):
        out.problems.append("sidecar is not a JSON object")
        return out
    try:
        out.published_at = _parse_date(meta.get("published_at"))
    except (ValueError, TypeError) as exc:
        out.problems.append(f"sidecar published_at ignored: {exc}")
    for key in ("url", "source"):
        v = meta.get(key)
        if v is not None and not isinstance(v, str):
            out.problems.append(f"sidecar {key} ignored: not a string")
            v = None
        setattr(out, key, v[:2000] if v else None)
    return out


def date_from_path(path: Path) -> date | None:
    """``archive/YYYY/MM/DD/...`` gives the publication date when no sidecar does."""
    m = _DATE_IN_PATH.search(path.as_posix())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    return bool(re.search(r"<(!doctype html|html|body|head|div|p|article|section)[\s>]", head))


def read_input(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument | Quarantined:
    """Read one input file into a document, or say why it is quarantined."""
    name = path.name
    try:
        data = _read_capped(path, max_bytes)
        inner = name.lower()
        if inner.endswith(".gz") or data[:2] == b"\x1f\x8b":
            if data[:2] != b"\x1f\x8b":
                raise InputRejected("corrupt_archive", "named .gz but not gzip data")
            data = _gunzip_capped(data, max_bytes)
            inner = inner[:-3] if inner.endswith(".gz") else inner
        binary = _sniff_binary(data)
        if binary:
            raise InputRejected("binary", binary)
        if not data.strip():
            raise InputRejected("empty", "no content")
        text, encoding = decode_bytes(data)
        text = text.replace("\x00", "")
        if not text.strip():
            raise InputRejected("empty", "no text after decoding")
    except InputRejected as exc:
        return Quarantined(name, str(path), "ingest", exc.reason, exc.detail)
    except FileNotFoundError:
        return Quarantined(name, str(path), "ingest", "missing", "file vanished before it was read")
    except OSError as exc:
        return Quarantined(name, str(path), "ingest", "unreadable", exc.__class__.__name__)
    side = read_sidecar(path)
    is_html = inner.endswith(HTML_SUFFIXES) or (not inner.endswith(TEXT_SUFFIXES) and looks_like_html(text))
    if not is_html and inner.endswith(TEXT_SUFFIXES) and looks_like_html(text):
        is_html = "</" in text[:20000] and text.lstrip()[:1] == "<"
    return RawDocument(
        doc_id=content_hash(data),
        name=name,
        path=str(path),
        content=data,
        text=text,
        encoding=encoding,
        is_html=is_html,
        published_at=side.published_at or date_from_path(path),
        url=side.url,
        source=side.source,
        warnings=tuple(side.problems),
    )


def read_inputs(paths: Iterable[str | os.PathLike], *, max_bytes: int = DEFAULT_MAX_BYTES
                ) -> Iterator[RawDocument | Quarantined]:
    for p in discover(paths):
        yield read_input(p, max_bytes=max_bytes)
