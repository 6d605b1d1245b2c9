"""The analyst report: one self-contained HTML page over the marts.

``render(collect(conn))`` builds the page from the public views in ``mart`` only:

* air attacks over time, launched and destroyed per attacking side (line chart)
* claims vs counter-claims: what the attacker and the other side said (grouped bars + table)
* territorial claims (table, with the original-language evidence)
* a region breakdown: claims per region and type (stacked bars), strikes per region (table)

The page has no scripts, fonts, images or links to fetch: the charts are inline SVG made
here, the style is inline, and a Content-Security-Policy forbids everything else. Every
value that comes from the warehouse (scraped text above all) goes through ``esc`` (html
escape, control characters dropped). The page holds no wall-clock time and every query is
fully ordered, so the same data renders the same bytes: ``store`` keys a report by its
name and the SHA-256 of its HTML in ``ops.reports`` (sql/migrations/003_reports.sql), and
re-rendering unchanged data stores nothing. ``latest`` reads back the newest one; the
Airflow plugin (plugins/news_report_plugin.py) serves it.

No Airflow imports here: the DAG task, the CLI (``newsevents report``) and the plugin all
call ``build`` / ``latest``.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from . import warehouse

REPORT_NAME = "news"
REPORT_LOCK = 7_345_101  # pg_advisory_xact_lock key serialising report stores
EVIDENCE_CHARS = 400
MAX_TERRITORIAL_ROWS = 300
MAX_CLAIM_CELLS = 40
MAX_REGIONS = 20

# Colour-blind-safe palette (Okabe-Ito, then Tol muted).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255",
           "#117733", "#999933", "#332288", "#AA4499", "#44AA99"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(value: Any, limit: int | None = None) -> str:
    """HTML-escape anything for text or attribute context; None renders as an en dash."""
    if value is None:
        return "–"
    text = _CONTROL.sub("", str(value))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(text, quote=True)


def _num(v: Any) -> str:
    if v is None:
        return "–"
    return f"{int(v):,}".replace(",", " ")


@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    """admin1 code -> English region name, from the gazetteer (empty when unreadable)."""
    path = Path(__file__).resolve().parent / "data" / "gazetteer" / "places.json"
    try:
        places = json.loads(path.read_text(encoding="utf-8")).get("places", [])
    except (OSError, ValueError):
        return {}
    return {p["admin1"]: p["name"] for p in places
            if p.get("kind") == "region" and p.get("admin1") and p.get("name")}


def region_label(admin1: str | None, country: str | None = None) -> str:
    if not admin1 or admin1 in ("TOTAL", "UNKNOWN"):
        return f"{country} (region not stated)" if country and country != "UNKNOWN" else "region not stated"
    name = region_names().get(admin1)
    return f"{name} ({admin1})" if name else admin1


# --------------------------------------------------------------------------- data

Q_OVERVIEW = """
SELECT (SELECT count(*) FROM mart.documents) AS documents,
       (SELECT count(*) FROM mart.events) AS events,
       (SELECT coalesce(sum(mentions), 0) FROM mart.events) AS mentions,
       (SELECT count(*) FROM mart.duplicate_stats) AS stories_with_duplicates,
       (SELECT count(*) FROM mart.quarantine) AS quarantined,
       (SELECT min(published_at) FROM mart.documents) AS first_published,
       (SELECT max(published_at) FROM mart.documents) AS last_published
"""

Q_EVENT_TYPES = "SELECT type, count(*) AS n FROM mart.events GROUP BY type ORDER BY n DESC, type"

# Per night and attacking side: the country-wide figure when some claim gives one (the
# largest among claims), else the sum of the regional figures; summed over weapons.
Q_AIR_SERIES = """
WITH cell AS (
    SELECT day, coalesce(attacker, 'unknown') AS attacker, weapon, admin1,
           max(launched) AS launched, max(destroyed) AS destroyed
    FROM mart.air_attacks_daily GROUP BY 1, 2, 3, 4
), per_weapon AS (
    SELECT day, attacker, weapon,
           coalesce(max(launched) FILTER (WHERE admin1 = 'TOTAL'),
                    sum(launched) FILTER (WHERE admin1 <> 'TOTAL')) AS launched,
           coalesce(max(destroyed) FILTER (WHERE admin1 = 'TOTAL'),
                    sum(destroyed) FILTER (WHERE admin1 <> 'TOTAL')) AS destroyed
    FROM cell GROUP BY 1, 2, 3
)
SELECT day, attacker, sum(launched)::bigint AS launched, sum(destroyed)::bigint AS destroyed
FROM per_weapon GROUP BY 1, 2
HAVING sum(launched) IS NOT NULL OR sum(destroyed) IS NOT NULL
ORDER BY 1, 2
"""

Q_CLAIMS = """
SELECT day, attacker,
       sum(attacker_claims)::bigint AS attacker_claims, sum(defender_claims)::bigint AS defender_claims,
       sum(attacker_launched)::bigint AS attacker_launched, sum(attacker_hit)::bigint AS attacker_hit,
       sum(defender_launched)::bigint AS defender_launched,
       sum(defender_destroyed)::bigint AS defender_destroyed,
       sum(defender_lost)::bigint AS defender_lost
FROM mart.claims_vs_counterclaims
GROUP BY 1, 2 ORDER BY day DESC, attacker LIMIT %s
"""

Q_TERRITORIAL = """
SELECT day, place, admin1, country, claimant, claimed_by, confirmation, first_published,
       mentions, documents, evidence
FROM mart.territorial_claims
ORDER BY day DESC NULLS LAST, first_published DESC NULLS LAST, place NULLS LAST, event_id
LIMIT %s
"""

Q_TERRITORIAL_COUNT = "SELECT count(*) FROM mart.territorial_claims"

Q_REGIONS = """
SELECT admin1, country, type, count(*) AS n
FROM mart.events WHERE admin1 IS NOT NULL
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
"""

Q_UNPLACED = "SELECT count(*) FROM mart.events WHERE admin1 IS NULL"

Q_STRIKES = """
SELECT admin1, country, sum(strikes)::bigint AS strikes, sum(killed)::bigint AS killed,
       sum(injured)::bigint AS injured, sum(damaged)::bigint AS damaged
FROM mart.strikes_monthly GROUP BY 1, 2
ORDER BY strikes DESC, killed DESC, admin1, country
"""

Q_SOURCES = """
SELECT source, language, documents, duplicates, events
FROM mart.sources_languages ORDER BY documents DESC, source NULLS LAST, language
"""


def collect(conn) -> dict:
    """Everything the page shows, read from the marts in one read-only snapshot."""
    q = lambda sql, params=None: warehouse.fetch_dicts(conn, sql, params)  # noqa: E731
    conn.rollback()  # SET TRANSACTION must open the transaction
    with conn.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
    try:
        data = {
            "overview": q(Q_OVERVIEW)[0],
            "event_types": q(Q_EVENT_TYPES),
            "air_series": q(Q_AIR_SERIES),
            "claims": list(reversed(q(Q_CLAIMS, (MAX_CLAIM_CELLS,)))),
            "territorial": q(Q_TERRITORIAL, (MAX_TERRITORIAL_ROWS,)),
            "territorial_total": q(Q_TERRITORIAL_COUNT)[0]["count"],
            "regions": q(Q_REGIONS),
            "unplaced": q(Q_UNPLACED)[0]["count"],
            "strikes": q(Q_STRIKES),
            "sources": q(Q_SOURCES),
        }
    finally:
        conn.rollback()
    return data


# --------------------------------------------------------------------------- SVG charts

def nice_max(v: float) -> float:
    """A round axis maximum >= v (1, 2, 2.5, 5 times a power of ten)."""
    if v <= 0:
        return 1
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * exp:
            return m * exp
    return 10 * exp


def _ticks(top: float, n: int = 5) -> list[float]:
    return [top * i / n for i in range(n + 1)]


def _fmt_tick(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _legend(items: Iterable[tuple[str, str, bool]]) -> str:
    """items: (label, colour, dashed)."""
    out = []
    for label, colour, dashed in items:
        style = "dashed" if dashed else "solid"
        out.append(f'<li><span class="swatch {style}" style="border-color:{colour};'
                   f'{"" if dashed else f"background:{colour};"}"></span>{esc(label)}</li>')
    return f'<ul class="legend">{"".join(out)}</ul>'


def line_chart(dates: list[date], series: list[dict], *, title: str, width: int = 900,
               height: int = 320) -> str:
    """series: {label, colour, dashed, points: {date: value}}; one polyline each, a circle
    (``data-mark``) per point, dates on a true time axis."""
    ml, mr, mt, mb = 56, 44, 14, 42
    pw, ph = width - ml - mr, height - mt - mb
    d0, d1 = min(dates), max(dates)
    span = max((d1 - d0).days, 1)
    top = nice_max(max((v for s in series for v in s["points"].values() if v is not None), default=1))
    x = lambda d: ml + (pw * ((d - d0).days / span) if d1 != d0 else pw / 2)  # noqa: E731
    y = lambda v: mt + ph - ph * (v / top)  # noqa: E731
    parts = [f'<svg class="chart" role="img" aria-label="{esc(title)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for t in _ticks(top):
        parts.append(f'<line class="grid" x1="{ml}" x2="{ml + pw}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>'
                     f'<text class="tick" x="{ml - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{_fmt_tick(t)}</text>')
    n_labels = min(8, len(dates))
    label_dates = sorted({dates[round(i * (len(dates) - 1) / max(n_labels - 1, 1))] for i in range(n_labels)})
    for d in label_dates:
        parts.append(f'<text class="tick" x="{x(d):.1f}" y="{mt + ph + 18}" text-anchor="middle">{d.isoformat()}</text>')
    parts.append(f'<line class="axis" x1="{ml}" x2="{ml + pw}" y1="{mt + ph}" y2="{mt + ph}"/>')
    for s in series:
        pts = sorted((d, v) for d, v in s["points"].items() if v is not None)
        if not pts:
            continue
        dash = ' stroke-dasharray="6 4"' if s.get("dashed") else ""
        if len(pts) > 1:
            coords = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in pts)
            parts.append(f'<polyline class="series" fill="none" stroke="{s["colour"]}" stroke-width="2"{dash} '
                         f'points="{coords}"/>')
        for d, v in pts:
            parts.append(f'<circle data-mark="point" cx="{x(d):.1f}" cy="{y(v):.1f}" r="3.2" fill="{s["colour"]}">'
                         f'<title>{esc(s["label"])} {d.isoformat()}: {_num(v)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def grouped_bar_chart(categories: list[str], series: list[dict], *, title: str, width: int = 900,
                      height: int = 320) -> str:
    """series: {label, colour, values: [value per category]}; a rect (``data-mark``) per
    known value."""
    ml, mr, mt, mb = 56, 16, 14, 70
    pw, ph = width - ml - mr, height - mt - mb
    top = nice_max(max((v for s in series for v in s["values"] if v is not None), default=1))
    y = lambda v: mt + ph - ph * (v / top)  # noqa: E731
    band = pw / max(len(categories), 1)
    bar = band * 0.8 / max(len(series), 1)
    parts = [f'<svg class="chart" role="img" aria-label="{esc(title)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for t in _ticks(top):
        parts.append(f'<line class="grid" x1="{ml}" x2="{ml + pw}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>'
                     f'<text class="tick" x="{ml - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{_fmt_tick(t)}</text>')
    every = max(1, math.ceil(len(categories) / 14))
    for i, cat in enumerate(categories):
        x0 = ml + i * band + band * 0.1
        for j, s in enumerate(series):
            v = s["values"][i]
            if v is None:
                continue
            h = max(ph * (v / top), 0.8)
            parts.append(f'<rect data-mark="bar" x="{x0 + j * bar:.1f}" y="{mt + ph - h:.1f}" width="{max(bar - 1, 1):.1f}" '
                         f'height="{h:.1f}" fill="{s["colour"]}"><title>{esc(cat)} · {esc(s["label"])}: {_num(v)}</title></rect>')
        if i % every == 0:
            cx = ml + i * band + band / 2
            parts.append(f'<text class="tick" transform="translate({cx:.1f},{mt + ph + 10}) rotate(35)" '
                         f'text-anchor="start">{esc(cat, 28)}</text>')
    parts.append(f'<line class="axis" x1="{ml}" x2="{ml + pw}" y1="{mt + ph}" y2="{mt + ph}"/>')
    parts.append("</svg>")
    return "".join(parts)


def stacked_hbar_chart(rows: list[tuple[str, dict[str, int]]], keys: list[str], colours: dict[str, str],
                       *, title: str, width: int = 900) -> str:
    """rows: (label, {key: value}); one horizontal bar per row, a rect (``data-mark``) per
    non-zero segment."""
    ml, mr, mt, mb, row_h = 230, 56, 8, 26, 22
    pw = width - ml - mr
    height = mt + mb + row_h * len(rows)
    top = nice_max(max((sum(v.values()) for _, v in rows), default=1))
    parts = [f'<svg class="chart" role="img" aria-label="{esc(title)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for t in _ticks(top, 4):
        xt = ml + pw * t / top
        parts.append(f'<line class="grid" x1="{xt:.1f}" x2="{xt:.1f}" y1="{mt}" y2="{mt + row_h * len(rows)}"/>'
                     f'<text class="tick" x="{xt:.1f}" y="{height - 8}" text-anchor="middle">{_fmt_tick(t)}</text>')
    for i, (label, values) in enumerate(rows):
        yy = mt + i * row_h
        parts.append(f'<text class="tick" x="{ml - 8}" y="{yy + row_h * 0.65:.1f}" text-anchor="end">{esc(label, 34)}</text>')
        x0 = ml
        for k in keys:
            v = values.get(k, 0)
            if not v:
                continue
            w = pw * v / top
            parts.append(f'<rect data-mark="segment" x="{x0:.1f}" y="{yy + 3}" width="{w:.1f}" height="{row_h - 6}" '
                         f'fill="{colours[k]}"><title>{esc(label)} · {esc(k)}: {_num(v)}</title></rect>')
            x0 += w
        parts.append(f'<text class="tick" x="{x0 + 5:.1f}" y="{yy + row_h * 0.65:.1f}">{_num(sum(values.values()))}</text>')
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- sections

def _empty(message: str) -> str:
    return f'<p class="empty">{esc(message)}</p>'


def _table(headers: list[str], rows: list[list[str]], *, numeric: set[int] = frozenset(),
           cls: str = "") -> str:
    """Cells in ``rows`` must already be escaped; headers are escaped here."""
    head = "".join(f'<th{" class=num" if i in numeric else ""}>{esc(h)}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{c}</td>'
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def section_air(data: dict) -> str:
    rows = data["air_series"]
    if not rows:
        return _empty("No air-attack claims with a date in the warehouse yet.")
    sides = sorted({r["attacker"] for r in rows})
    dates = sorted({r["day"] for r in rows})
    series = []
    for i, side in enumerate(sides):
        colour = PALETTE[i % len(PALETTE)]
        mine = [r for r in rows if r["attacker"] == side]
        series.append({"label": f"{side}: launched", "colour": colour, "dashed": False,
                       "points": {r["day"]: r["launched"] for r in mine}})
        series.append({"label": f"{side}: destroyed", "colour": colour, "dashed": True,
                       "points": {r["day"]: r["destroyed"] for r in mine}})
    totals = _table(["attacking side", "nights", "launched", "destroyed"],
                    [[esc(s), _num(len([r for r in rows if r["attacker"] == s])),
                      _num(sum(r["launched"] or 0 for r in rows if r["attacker"] == s)),
                      _num(sum(r["destroyed"] or 0 for r in rows if r["attacker"] == s))] for s in sides],
                    numeric={1, 2, 3})
    return (line_chart(dates, series, title="Launched and destroyed per night, by attacking side")
            + _legend((s["label"], s["colour"], s["dashed"]) for s in series) + totals)


CLAIM_SERIES = [("attacker says launched", "attacker_launched"), ("attacker says hit", "attacker_hit"),
                ("other side says launched", "defender_launched"),
                ("other side says destroyed", "defender_destroyed")]


def section_claims(data: dict) -> str:
    rows = data["claims"]
    if not rows:
        return _empty("No country-wide air-attack claims to compare yet.")
    cats = [f"{r['day'].isoformat()} {r['attacker']}" for r in rows]
    series = [{"label": label, "colour": PALETTE[i], "values": [r[key] for r in rows]}
              for i, (label, key) in enumerate(CLAIM_SERIES)]
    chart = grouped_bar_chart(cats, series, title="Claims vs counter-claims per night")
    table = _table(["night", "attacker", "attacker claims", "other-side claims", "attacker: launched",
                    "attacker: hit", "other side: launched", "other side: destroyed", "other side: lost"],
                   [[esc(r["day"].isoformat()), esc(r["attacker"]), _num(r["attacker_claims"]),
                     _num(r["defender_claims"]), _num(r["attacker_launched"]), _num(r["attacker_hit"]),
                     _num(r["defender_launched"]), _num(r["defender_destroyed"]), _num(r["defender_lost"])]
                    for r in reversed(rows)], numeric={2, 3, 4, 5, 6, 7, 8})
    note = (f'<p class="note">The latest {len(rows)} nights and sides; country-wide figures only, '
            "the largest figure among the claims of each side.</p>")
    return chart + _legend((s["label"], s["colour"], False) for s in series) + note + table


def section_territorial(data: dict) -> str:
    rows = data["territorial"]
    if not rows:
        return _empty("No territorial claims in the warehouse yet.")
    total = data["territorial_total"]
    note = ("" if total <= len(rows) else
            f'<p class="note">The latest {len(rows)} of {_num(total)} claims.</p>')
    body = [[esc(r["day"].isoformat() if r["day"] else None), esc(r["place"]),
             esc(region_label(r["admin1"], r["country"]) if r["admin1"] else r["country"]),
             esc(r["claimant"]), esc(r["claimed_by"]), esc(r["confirmation"]), _num(r["mentions"]),
             f'<q>{esc(r["evidence"], EVIDENCE_CHARS)}</q>']
            for r in rows]
    return note + _table(["day", "place", "region", "claimant", "claimed by", "confirmation", "mentions",
                          "evidence (original language)"], body, numeric={6}, cls="territorial")


def section_regions(data: dict) -> str:
    by_region: dict[tuple, dict[str, int]] = {}
    for r in data["regions"]:
        by_region.setdefault((r["admin1"], r["country"]), {})[r["type"]] = r["n"]
    parts = []
    if by_region:
        ranked = sorted(by_region.items(), key=lambda kv: (-sum(kv[1].values()), kv[0][0] or "", kv[0][1] or ""))
        keys = sorted({t for v in by_region.values() for t in v})
        colours = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
        rows = [(region_label(a, c), v) for (a, c), v in ranked[:MAX_REGIONS]]
        parts.append(stacked_hbar_chart(rows, keys, colours, title="Claims per region and type"))
        parts.append(_legend((k.replace("_", " "), colours[k], False) for k in keys))
        extra = []
        if len(ranked) > MAX_REGIONS:
            extra.append(f"the top {MAX_REGIONS} of {len(ranked)} regions")
        if data["unplaced"]:
            extra.append(f"{_num(data['unplaced'])} claims name no region")
        if extra:
            parts.append(f'<p class="note">{esc("; ".join(extra))}.</p>')
    else:
        parts.append(_empty("No claims with a region in the warehouse yet."))
    parts.append("<h3>Strikes per region</h3>")
    if data["strikes"]:
        parts.append(_table(["region", "strikes", "killed", "injured", "damaged"],
                            [[esc(region_label(r["admin1"], r["country"])), _num(r["strikes"]), _num(r["killed"]),
                              _num(r["injured"]), _num(r["damaged"])] for r in data["strikes"]],
                            numeric={1, 2, 3, 4}))
    else:
        parts.append(_empty("No strike claims in the warehouse yet."))
    return "".join(parts)


def section_sources(data: dict) -> str:
    if not data["sources"]:
        return _empty("No documents in the warehouse yet.")
    return _table(["source", "language", "documents", "duplicates", "claims"],
                  [[esc(r["source"]), esc(r["language"]), _num(r["documents"]), _num(r["duplicates"]),
                    _num(r["events"])] for r in data["sources"]], numeric={2, 3, 4})


STYLE = """
:root{--fg:#1b1f24;--muted:#5b6470;--line:#d8dde3;--bg:#fff;--alt:#f5f7f9}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px 48px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:20px 0 6px}
.sub,.note{color:var(--muted)}.note{font-size:12px;margin:4px 0 8px}
.kpis{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0;padding:0;list-style:none}
.kpis li{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px}
.kpis b{display:block;font-size:20px}
.empty{color:var(--muted);font-style:italic;border:1px dashed var(--line);padding:16px;border-radius:6px}
svg.chart{max-width:100%;height:auto;display:block}
svg .grid{stroke:#e7eaee;stroke-width:1}svg .axis{stroke:#8a939e;stroke-width:1}
svg .tick{font-size:11px;fill:#5b6470}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;padding:0;margin:6px 0 10px;font-size:12px}
.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:18px;height:0;border-top:3px solid}
.swatch.solid{height:10px;border:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:12.5px;margin:6px 0;width:100%}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--alt);position:sticky;top:0}
td:first-child{white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.territorial td:last-child{min-width:320px;max-width:640px}
q{quotes:none;color:#333}
nav a{margin-right:14px}
"""

# No scripts, no network: even a value that escaped escaping could not run or fetch.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def render(data: dict, *, title: str = "news-events: claimed events report") -> str:
    """The page, deterministic for the same data (no wall-clock time in it)."""
    o = data["overview"]
    span = (f"{o['first_published'].isoformat()} – {o['last_published'].isoformat()}"
            if o["first_published"] and o["last_published"] else "no dated documents")
    kpis = "".join(f"<li><b>{_num(v)}</b>{esc(k)}</li>" for k, v in [
        ("documents", o["documents"]), ("claims", o["events"]), ("mentions", o["mentions"]),
        ("stories with duplicates", o["stories_with_duplicates"]), ("quarantined inputs", o["quarantined"])])
    types = ", ".join(f"{esc(t['type'].replace('_', ' '))} {_num(t['n'])}" for t in data["event_types"]) or "none yet"
    sections = [
        ("air", "Air attacks: launched and destroyed by side", section_air(data)),
        ("claims", "Claims vs counter-claims", section_claims(data)),
        ("territorial", "Territorial claims", section_territorial(data)),
        ("regions", "Region breakdown", section_regions(data)),
        ("sources", "Sources and languages", section_sources(data)),
    ]
    nav = "".join(f'<a href="#{sid}">{esc(h)}</a>' for sid, h, _ in sections)
    body = "".join(f'<section id="{sid}"><h2>{esc(h)}</h2>{content}</section>' for sid, h, content in sections)
    return ("<!DOCTYPE html>\n"
            f'<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
            f"<header><h1>{esc(title)}</h1>"
            f'<p class="sub">Claims as stated by each side, not verified facts. Documents published {esc(span)}. '
            f"Claims by type: {types}.</p>"
            f'<ul class="kpis">{kpis}</ul><nav>{nav}</nav></header>'
            f"<main>{body}</main></body></html>\n")


# --------------------------------------------------------------------------- storage

def content_hash(page: str) -> str:
    return hashlib.sha256(page.encode("utf-8")).hexdigest()


def store(conn, page: str, *, run_id: str, name: str = REPORT_NAME) -> dict:
    """Store a rendered page in ops.reports. Idempotent: when the latest report of that
    name already has these bytes nothing changes; a page seen before becomes the latest
    again. Returns {name, sha256, run_id, generation, bytes, stored}."""
    sha = content_hash(page)
    with warehouse.transaction(conn) as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (REPORT_LOCK,))
        cur.execute("SELECT sha256, run_id, generation FROM ops.reports WHERE name = %s "
                    "ORDER BY generation DESC LIMIT 1", (name,))
        row = cur.fetchone()
        if row and row[0] == sha:
            return {"name": name, "sha256": sha, "run_id": row[1], "generation": row[2],
                    "bytes": len(page.encode("utf-8")), "stored": False}
        cur.execute("""INSERT INTO ops.reports (name, sha256, run_id, bytes, html)
                       VALUES (%s, %s, %s, %s, %s)
                       ON CONFLICT (name, sha256) DO UPDATE
                       SET generation = nextval('ops.reports_generation_seq'), run_id = EXCLUDED.run_id
                       RETURNING generation""",
                    (name, sha, run_id, len(page.encode("utf-8")), page))
        generation = cur.fetchone()[0]
    return {"name": name, "sha256": sha, "run_id": run_id, "generation": generation,
            "bytes": len(page.encode("utf-8")), "stored": True}


def latest(conn, name: str = REPORT_NAME) -> dict | None:
    """The newest stored report of that name: {name, sha256, run_id, generation, bytes, html}."""
    try:
        rows = warehouse.fetch_dicts(conn, "SELECT name, sha256, run_id, generation, bytes, html "
                                           "FROM ops.reports WHERE name = %s ORDER BY generation DESC LIMIT 1",
                                     (name,))
    finally:
        conn.rollback()
    return rows[0] if rows else None


def build(conn, *, run_id: str, name: str = REPORT_NAME, refresh: bool = False) -> tuple[str, dict]:
    """Render the report from the marts and store it. ``refresh`` first refreshes the
    materialized marts (the DAG does that in its own task). Returns (html, store info)."""
    if refresh:
        warehouse.refresh_marts(conn)
    page = render(collect(conn))
    return page, store(conn, page, run_id=run_id, name=name)
