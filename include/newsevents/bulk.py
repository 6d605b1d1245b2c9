"""Bulk writes with COPY instead of row-by-row or VALUES-list inserts.

Why: a stage writes thousands of rows per batch (paragraphs, removed blocks, candidates,
mentions, raw bytes). ``execute_values`` sends them as SQL text the server must parse;
COPY streams them in PostgreSQL's text format, which is several times cheaper on both
ends (``bench/pipeline/copy_vs_values.py`` measures it). COPY cannot upsert, so an
upsert goes through a temporary table: COPY into it, then one
``INSERT ... SELECT ... ON CONFLICT``, keeping every write idempotent.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from typing import Iterable, Iterator, Sequence

from psycopg2.extras import Json

_CHUNK = 1 << 20  # characters handed to COPY per read


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def _array_item(value) -> str:
    if value is None:
        return "NULL"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def field(value) -> str:
    """One value in COPY text format (``\\N`` is NULL)."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\\\x" + bytes(value).hex()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Json):
        return _escape(json.dumps(value.adapted, ensure_ascii=False, separators=(",", ":")))
    if isinstance(value, (list, tuple, frozenset, set)):
        return _escape("{" + ",".join(_array_item(v) for v in value) + "}")
    raise TypeError(f"no COPY format for {type(value).__name__}")


class _RowReader(io.TextIOBase):
    """A file-like view of rows as COPY text, produced as the server reads it: the whole
    batch is never held as one string."""

    def __init__(self, rows: Iterable[Sequence]) -> None:
        self._rows: Iterator[Sequence] = iter(rows)
        self._buf = ""
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> str:
        want = _CHUNK if size is None or size < 0 else size
        parts = [self._buf]
        have = len(self._buf)
        for row in self._rows:
            line = "\t".join(field(v) for v in row) + "\n"
            parts.append(line)
            have += len(line)
            self.count += 1
            if have >= want:
                break
        data = "".join(parts)
        self._buf = data[want:]
        return data[:want]

    def readline(self, size: int = -1) -> str:  # psycopg2 only calls read(); kept for io's contract
        return self.read(size)


def copy_rows(cur, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY rows into ``table`` (a name from code, never from input). Returns the count."""
    reader = _RowReader(rows)
    cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", reader, size=_CHUNK)
    return reader.count


def staged(cur, table: str, columns: Sequence[str], rows: Iterable[Sequence], *,
           like: str | None = None, types: dict[str, str] | None = None) -> str:
    """COPY rows into a temporary table dropped at commit; returns its name.

    The temporary table has ``like``'s columns (by default ``table``'s) or, with
    ``types``, exactly the given ``column: type`` list.
    """
    name = "bulk_" + table.replace(".", "_")
    cur.execute(f"DROP TABLE IF EXISTS pg_temp.{name}")
    if types:
        cols = ", ".join(f"{c} {types[c]}" for c in columns)
        cur.execute(f"CREATE TEMP TABLE {name} ({cols}) ON COMMIT DROP")
    else:
        cur.execute(f"CREATE TEMP TABLE {name} (LIKE {like or table} INCLUDING DEFAULTS) ON COMMIT DROP")
    copy_rows(cur, f"pg_temp.{name}", columns, rows)
    return f"pg_temp.{name}"


def upsert(cur, table: str, columns: Sequence[str], rows: Iterable[Sequence], *,
           conflict: Sequence[str], update: Sequence[str] = ()) -> None:
    """``INSERT ... ON CONFLICT (conflict) DO UPDATE SET update`` (or ``DO NOTHING``),
    through a COPY into a temporary table."""
    tmp = staged(cur, table, columns, rows)
    cols = ", ".join(columns)
    action = ("DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in update)) if update else "DO NOTHING"
    cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {tmp} "
                f"ON CONFLICT ({', '.join(conflict)}) {action}")
