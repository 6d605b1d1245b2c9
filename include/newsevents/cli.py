"""``newsevents``: the pipeline without Airflow, for debugging and benchmarks.

In-process commands (no database) follow ../shared/eval/CONTRACT.md:

    newsevents clean PATH... --out DIR     cleaned text per input
    newsevents langid PATH...              languages as JSON
    newsevents dedup PATH...               story clusters as JSON
    newsevents extract PATH...             contract JSON of events

Warehouse commands (WAREHOUSE_URL or --url):

    newsevents migrate                     apply sql/ migrations and views
    newsevents load PATH [--from D --to D] run every stage into the warehouse
    newsevents summary                     what the warehouse holds
    newsevents checks                      run the data checks (exit 1 on failure)
    newsevents report [--out FILE]         render the HTML report, store it, write FILE
    newsevents reference CSV               load the Air Force daily series into ref

Exit status 0 when every input was processed or quarantined; each quarantined input is
one line on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterator

from . import dedup, ingest, recurring
from .pipeline import clean_stage, contract_event, language_stage, process_cleaned


def _say_quarantine(q: ingest.Quarantined) -> None:
    print(q.line(), file=sys.stderr)


def _documents(paths: list[str], max_bytes: int) -> Iterator[ingest.RawDocument]:
    """Readable inputs; the rest reported on stderr."""
    for item in ingest.read_inputs(paths, max_bytes=max_bytes):
        if isinstance(item, ingest.Quarantined):
            _say_quarantine(item)
            continue
        for w in item.warnings:
            print(f"warning {item.name}: {w}", file=sys.stderr)
        yield item


def _guard(doc: ingest.RawDocument, stage: str, fn):
    """Run one document's stage; an exception quarantines that document only."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - reported, never silent
        _say_quarantine(ingest.Quarantined(doc.name, doc.path, stage, type(exc).__name__,
                                           str(exc)[:300], doc.doc_id))
        return None


def _cleaned(paths: list[str], max_bytes: int) -> Iterator[tuple[ingest.RawDocument, object]]:
    """Every readable input cleaned, then per-source recurring lines learnt over all of
    them and removed (``recurring.py``): the warehouse's rule with the inputs as archive."""
    pairs = []
    for doc in _documents(paths, max_bytes):
        result = _guard(doc, "clean", lambda: clean_stage(doc.text, doc.is_html))
        if result is not None:
            pairs.append((doc, result))
    final = recurring.apply_batch([
        (result, recurring.source_key(doc.url, doc.source, result.meta.get("url"), doc.path))
        for doc, result in pairs])
    for (doc, _), result in zip(pairs, final):
        yield doc, result


def cmd_clean(args) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for doc, result in _cleaned(args.paths, args.max_bytes):
        (out / doc.name).write_text(result.text + "\n", encoding="utf-8")
    return 0


def cmd_langid(args) -> int:
    report = {}
    for doc, cleaned in _cleaned(args.paths, args.max_bytes):
        def run():
            labels, lang = language_stage(cleaned.paragraphs)
            return {"language": lang.language, "confidence": lang.confidence,
                    "paragraphs": [{"language": l.language, "confidence": l.confidence, "text": p}
                                   for p, l in zip(cleaned.paragraphs, labels)]}
        result = _guard(doc, "langid", run)
        if result is not None:
            report[doc.name] = result
    _print_json(report)
    return 0


def cmd_dedup(args) -> int:
    docs, names = [], {}
    for doc, cleaned in _cleaned(args.paths, args.max_bytes):
        key = doc.path
        names[key] = (doc.name, doc.doc_id)
        # the document's language picks the fact words, as staging.documents.language does
        language = language_stage(cleaned.paragraphs)[1].language if cleaned.paragraphs else None
        docs.append(dedup.document(key, cleaned.text, published=doc.published_at, language=language,
                                   rank=(doc.published_at or date.max, doc.name)))
    clusters, _ = dedup.cluster(docs)
    report = {}
    for key, (canonical, dup_of) in sorted(clusters.items(), key=lambda kv: names[kv[0]][0]):
        report[names[key][0]] = {"story": names[canonical][1][:16],
                                 "duplicate_of": names[dup_of][0] if dup_of else None}
    _print_json(report)
    return 0


def cmd_extract(args) -> int:
    report = {}
    for doc, cleaned in _cleaned(args.paths, args.max_bytes):
        processed = _guard(doc, "extract", lambda: process_cleaned(cleaned, published_at=doc.published_at))
        if processed is None:
            continue
        events = []
        for ev in processed.events:
            item = contract_event(ev)
            item["event_id"] = ev["event_id"]
            events.append(item)
        report[doc.name] = {"published_at": doc.published_at.isoformat() if doc.published_at else None,
                            "language": processed.language.language, "events": events}
    link_across_documents(report)
    _print_json(report)
    return 0


def link_across_documents(report: dict) -> None:
    """One claim stated in several documents (the same wire story in ten outlets) is one
    event: each copy carries the same ``event_id``, the ``documents`` stating it and its
    ``n_mentions`` over all of them."""
    where: dict[str, list[tuple[str, int]]] = {}
    for name, doc in report.items():
        for ev in doc["events"]:
            where.setdefault(ev["event_id"], []).append((name, len(ev["mentions"])))
    for doc in report.values():
        for ev in doc["events"]:
            seen = where[ev["event_id"]]
            ev["documents"] = sorted({n for n, _ in seen})
            ev["n_mentions"] = sum(k for _, k in seen)


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _connect(args):
    from . import warehouse
    return warehouse.connect(args.url)


def cmd_migrate(args) -> int:
    from . import warehouse
    conn = _connect(args)
    applied = warehouse.migrate(conn)
    print(f"migrations applied: {', '.join(applied) or 'none (up to date)'}")
    return 0


def _day(text: str | None) -> datetime | None:
    return datetime.combine(date.fromisoformat(text), datetime.min.time(), timezone.utc) if text else None


def cmd_load(args) -> int:
    from . import tasks, warehouse
    conn = _connect(args)
    warehouse.migrate(conn)
    archive = str(Path(args.path).resolve())
    start, end = _day(args.date_from), _day(args.date_to)
    whole = start is None and end is None
    run_id = args.run_id or (f"cli:{archive}" if whole else f"cli:{archive}:{args.date_from}:{args.date_to}")
    window = tasks.RunWindow(run_id, archive, start, end, whole)
    result = tasks.run_all(conn, window, max_bytes=args.max_bytes)
    with conn.cursor() as cur:
        cur.execute("SELECT input_path, stage, reason, detail FROM ops.quarantine WHERE run_id = %s "
                    "ORDER BY input_path", (run_id,))
        for path, stage, reason, detail in cur.fetchall():
            print(f"quarantined {Path(path).name} [{stage}] {reason}" + (f": {detail}" if detail else ""),
                  file=sys.stderr)
    conn.rollback()
    _print_json(result)
    return 0


def cmd_summary(args) -> int:
    from . import tasks
    conn = _connect(args)
    s = tasks.summary(conn)
    if args.json:
        _print_json(s)
        return 0
    print(format_summary(s))
    return 0


def format_summary(s: dict) -> str:
    lines = [
        "news-events warehouse summary",
        f"  documents:           {s['documents']} ({s['sources']} source files, {s['quarantined']} quarantined)",
        f"  document languages:  {_kv(s['languages'])}",
        f"  paragraph languages: {_kv(s['paragraph_languages'])}",
        f"  boilerplate removed: {s['removed_blocks']} blocks",
        f"  stories:             {s['stories']} ({s['duplicate_documents']} duplicate documents, "
        f"{s['repeated_paragraphs']} repeated paragraphs)",
        f"  events:              {sum(s['events_by_type'].values())} claims, {s['mentions']} mentions",
    ]
    for t, n in s["events_by_type"].items():
        lines.append(f"    {t:<20} {n}")
    lines.append("  sample events:")
    for ev in s["sample_events"]:
        where = ev["admin1"] or ev["place"] or "-"
        lines.append(f"    - {ev['type']} {ev['weapon'] or ''} {where} {ev['date_start'] or ''} "
                     f"{ev['quantities']} claimed_by={ev['claimed_by']}")
        lines.append(f"      \"{ev['evidence'][:140]}\"")
    if s.get("reconciliation"):
        lines.append("  Air Force figures in articles vs the Air Force's own series (launched/destroyed/lost):")
        for r in s["reconciliation"]:
            lines.append(f"    {r['night']} {r['weapon_group']:<8} series {r['reference'] or '-':<12} "
                         f"articles {r['extracted'] or '-':<12} {r['status']}")
    return "\n".join(lines)


def _kv(d: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in d.items()) or "-"


def cmd_reference(args) -> int:
    from . import reference, warehouse
    conn = _connect(args)
    warehouse.migrate(conn)
    n = reference.load_air_force_series(conn, Path(args.csv))
    warehouse.refresh_marts(conn)
    print(f"reference rows loaded (Air Force reports): {n}")
    return 0


def cmd_checks(args) -> int:
    from . import warehouse
    conn = _connect(args)
    results = warehouse.run_checks(conn)
    for r in results:
        print(f"{'ok  ' if r.ok else 'FAIL'} {r.name}" + ("" if r.ok else f" ({r.failures} rows, e.g. {r.sample[:2]})"))
    return 0 if all(r.ok for r in results) else 1


def cmd_report(args) -> int:
    from . import report, warehouse
    conn = _connect(args)
    warehouse.migrate(conn)
    page, info = report.build(conn, run_id=args.run_id, refresh=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    state = "stored" if info["stored"] else "unchanged"
    print(f"report {state}: {info['sha256'][:16]} ({info['bytes']} bytes, generation {info['generation']}) "
          f"-> {out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="newsevents", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    max_bytes = ingest.configured_max_bytes()

    def with_paths(p):
        p.add_argument("paths", nargs="+", metavar="PATH", help="input files or folders")
        p.add_argument("--max-bytes", type=int, default=max_bytes,
                       help="inputs larger than this (after decompression) are quarantined")
        return p

    p = with_paths(sub.add_parser("clean", help="write cleaned text per input"))
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(func=cmd_clean)
    with_paths(sub.add_parser("langid", help="language per document and paragraph")).set_defaults(func=cmd_langid)
    with_paths(sub.add_parser("dedup", help="duplicate clusters")).set_defaults(func=cmd_dedup)
    with_paths(sub.add_parser("extract", help="events as contract JSON")).set_defaults(func=cmd_extract)

    def with_url(p):
        p.add_argument("--url", help="warehouse URL (default: $WAREHOUSE_URL or $AIRFLOW_CONN_WAREHOUSE)")
        return p

    with_url(sub.add_parser("migrate", help="apply migrations and views")).set_defaults(func=cmd_migrate)
    p = with_url(sub.add_parser("load", help="run every stage into the warehouse"))
    p.add_argument("path", help="archive folder")
    p.add_argument("--from", dest="date_from", help="first publication date (inclusive)")
    p.add_argument("--to", dest="date_to", help="end publication date (exclusive)")
    p.add_argument("--run-id")
    p.add_argument("--max-bytes", type=int, default=max_bytes)
    p.set_defaults(func=cmd_load)
    p = with_url(sub.add_parser("summary", help="what the warehouse holds"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_summary)
    with_url(sub.add_parser("checks", help="run the data checks")).set_defaults(func=cmd_checks)
    p = with_url(sub.add_parser("report", help="render the HTML report from the marts, store it, write it"))
    p.add_argument("--out", default="news-report.html", help="HTML file to write (default: news-report.html)")
    p.add_argument("--run-id", default="cli:report", help="recorded with the stored report")
    p.set_defaults(func=cmd_report)
    p = with_url(sub.add_parser("reference", help="load the Air Force daily series (missile_attacks_daily.csv)"))
    p.add_argument("csv", help="path to missile_attacks_daily.csv")
    p.set_defaults(func=cmd_reference)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
