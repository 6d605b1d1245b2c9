"""The seed gold, scored by ../shared/eval's own scorers (skipped where ../shared is absent).
Floors, not targets: they stop a regression from landing."""

import json
import subprocess
import sys

from newsevents import cli

EVENT_F1_FLOOR = 0.90


def test_seed_events_score(shared_dir, tmp_path, capsys):
    cli.main(["extract", str(shared_dir / "seeds")])
    out = tmp_path / "events.json"
    out.write_text(capsys.readouterr().out, encoding="utf-8")
    res = subprocess.run([sys.executable, str(shared_dir / "eval" / "score_events.py"),
                          str(shared_dir / "eval" / "gold" / "seeds.events.json"), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    score = json.loads(res.stdout)
    assert score["event_f1"] >= EVENT_F1_FLOOR, score


def test_seed_cleaning_score(shared_dir, tmp_path):
    cli.main(["clean", str(shared_dir / "seeds"), "--out", str(tmp_path)])
    res = subprocess.run([sys.executable, str(shared_dir / "eval" / "score_clean.py"),
                          str(shared_dir / "eval" / "gold" / "seeds.boilerplate.json"), str(tmp_path)],
                         capture_output=True, text=True, check=True)
    assert "boilerplate_removed=32/32" in res.stdout and "content_kept=23/23" in res.stdout, res.stdout
