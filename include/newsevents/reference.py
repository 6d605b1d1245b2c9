"""Load the Ukrainian Air Force daily series (../shared/data/reference) into ``ref``.

Only the Air Force's own nightly reports are kept (source ``kpszsu``); the regional
commands' tallies are a different series. Each row's weapon model is mapped to the
contract's weapon classes through the companion ``missiles_and_uavs.csv`` when it is
beside the series, else through name rules.
"""

from __future__ import annotations

import csv
import hashlib
from datetime import datetime
from pathlib import Path

from psycopg2.extras import execute_values

from .warehouse import transaction

CATEGORY_TO_WEAPON = {
    "uav": "drone",
    "ballistic missile": "ballistic_missile",
    "cruise missile": "cruise_missile",
    "guided bomb": "glide_bomb",
    "surface-to-air missile": "missile",
    "surface-to-air and ballistic": "missile",
}


def weapon_group(weapon: str) -> str:
    if weapon == "drone":
        return "drone"
    return "missile" if "missile" in weapon else "other"


def _model_categories(folder: Path) -> dict[str, str]:
    path = folder / "missiles_and_uavs.csv"
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["model"]: (r.get("category") or "").strip().lower() for r in csv.DictReader(fh)}


def classify_model(model: str, categories: dict[str, str]) -> str:
    category = categories.get(model)
    if category in CATEGORY_TO_WEAPON:
        return CATEGORY_TO_WEAPON[category]
    m = model.lower()
    if "uav" in m or "shahed" in m or "lancet" in m or "orlan" in m or "zala" in m:
        return "drone"
    if "ballistic" in m or "iskander-m" in m or "kn-23" in m or "kinzhal" in m:
        return "ballistic_missile"
    if "bomb" in m:
        return "glide_bomb"
    if "missile" in m or m.startswith(("x-", "kalibr", "c-", "3m", "p-8")):
        return "missile" if m.startswith("c-") else "cruise_missile"
    return "other"


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "", "nan", "NaN") else None
    except ValueError:
        return None


def _ts(value: str | None) -> datetime | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


def read_air_force_series(path: Path) -> list[tuple]:
    categories = _model_categories(path.parent)
    rows = []
    with open(path, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if "kpszsu" not in (r.get("source") or ""):
                continue
            start, end = _ts(r.get("time_start")), _ts(r.get("time_end"))
            if end is None:
                continue
            weapon = classify_model(r["model"], categories)
            digest = hashlib.sha256(repr(sorted(r.items())).encode("utf-8")).hexdigest()
            rows.append((digest, end.date(), start, end, r["model"], weapon, weapon_group(weapon),
                         r.get("target") or None, _int(r.get("launched")), _int(r.get("destroyed")),
                         _int(r.get("not_reach_goal")), r.get("source")))
    return rows


def load_air_force_series(conn, path: Path) -> int:
    rows = read_air_force_series(path)
    with transaction(conn) as cur:
        execute_values(cur, """
            INSERT INTO ref.air_force_daily (row_hash, night, time_start, time_end, model, weapon, weapon_group,
                                             target, launched, destroyed, lost, source)
            VALUES %s ON CONFLICT (row_hash) DO NOTHING""", rows, page_size=1000)
    return len(rows)
