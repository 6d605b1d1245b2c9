"""The Air Force series in ref, and its reconciliation with the claims extracted from the seeds."""

import pytest

from newsevents import reference, tasks, warehouse

pytestmark = pytest.mark.integration


@pytest.fixture
def series(shared_dir):
    path = shared_dir / "data" / "reference" / "missile_attacks_daily.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


def test_series_loads_idempotently(conn, series):
    n = reference.load_air_force_series(conn, series)
    assert n > 1000
    before = warehouse.table_checksums(conn, ["ref.air_force_daily"])
    reference.load_air_force_series(conn, series)
    assert warehouse.table_checksums(conn, ["ref.air_force_daily"]) == before


def test_seed_nights_match_the_series(conn, series, seeds_dir):
    reference.load_air_force_series(conn, series)
    tasks.run_all(conn, tasks.RunWindow("seeds", str(seeds_dir), whole_archive=True))
    rows = warehouse.fetch_dicts(conn, """
        SELECT night::text AS night, weapon_group, status, reference_launched, extracted_launched
        FROM mart.air_force_reconciliation WHERE extracted_claims > 0 ORDER BY 1, 2""")
    nights = {(r["night"], r["weapon_group"]): r for r in rows}
    for night in ("2024-11-01", "2024-12-15", "2025-02-08"):
        assert nights[(night, "drone")]["status"] == "match", nights.get((night, "drone"))
    assert nights[("2024-11-01", "drone")]["reference_launched"] == 48
    # the three guided missiles of that night are the series' three X-59/X-69
    assert nights[("2024-11-01", "missile")]["status"] == "match"


def test_overnight_report_is_told_apart_from_daytime_windows(conn, series):
    """A day with an overnight report and a daytime one: an article quoting the night
    matches the overnight figures, not the day's sum."""
    reference.load_air_force_series(conn, series)
    rows = warehouse.fetch_dicts(conn, """
        SELECT night::text AS night, reference_launched, day_launched FROM mart.air_force_reconciliation
        WHERE weapon_group = 'drone' AND reference_launched IS DISTINCT FROM day_launched
        ORDER BY night LIMIT 5""")
    assert rows, "the series has days with several reporting windows"
    for r in rows:
        assert r["reference_launched"] < r["day_launched"]


def test_model_classes():
    cats = {"Shahed-136/131": "uav", "Iskander-M": "ballistic missile", "X-101/X-555": "cruise missile"}
    assert reference.classify_model("Shahed-136/131", cats) == "drone"
    assert reference.classify_model("Iskander-M", cats) == "ballistic_missile"
    assert reference.classify_model("Unknown UAV", {}) == "drone"
    assert reference.classify_model("Kalibr", {}) == "cruise_missile"
    assert reference.weapon_group("cruise_missile") == "missile"
