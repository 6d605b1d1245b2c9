"""`newsevents extract DIR` over a folder of hostile inputs: exit 0, one quarantine line
per rejected file, and the good files' events still extracted."""

import json

import pytest

from newsevents import cli
from tests.hostile import make_hostile_archive

MAX = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, seeds_dir):
    folder = tmp_path_factory.mktemp("hostile")
    return folder, make_hostile_archive(folder, seeds_dir, MAX)


def test_extract_accounts_for_every_input(capsys, hostile):
    folder, expect = hostile
    code = cli.main(["extract", str(folder), "--max-bytes", str(MAX)])
    out = capsys.readouterr()
    assert code == 0
    report = json.loads(out.out)
    quarantined = {}
    for line in out.err.splitlines():
        if line.startswith("quarantined "):
            name, rest = line[len("quarantined "):].split(" ", 1)
            quarantined[name] = rest.split("] ", 1)[1].split(":")[0]
    for name, outcome in expect.items():
        if outcome == "ok":
            assert name in report, f"{name} was not processed: {quarantined.get(name)}"
        else:
            assert quarantined.get(name) == outcome, f"{name}: expected {outcome}, got {quarantined.get(name)}"
    assert set(report) | set(quarantined) == set(expect)
    assert not set(report) & set(quarantined)
    assert report["good.txt"]["events"], "the good article's events must still be extracted"
    assert report["same-as-good.txt"]["events"] == report["good.txt"]["events"]


def test_repairs_are_sound(capsys, hostile):
    folder, _ = hostile
    cli.main(["langid", str(folder), "--max-bytes", str(MAX)])
    report = json.loads(capsys.readouterr().out)
    assert report["cp1251.txt"]["language"] == "ru"
    assert report["koi8r.txt"]["language"] == "ru"
    assert report["cp1250.txt"]["language"] == "ro"
    text = " ".join(p["text"] for p in report["mojibake.txt"]["paragraphs"])
    assert "Forțele" in text and "Ã" not in text
    text = " ".join(p["text"] for p in report["cp1250.txt"]["paragraphs"])
    assert "așezări" in text, "cedilla ş must be folded to comma-below ș"
    text = " ".join(p["text"] for p in report["nul.txt"]["paragraphs"])
    assert "\x00" not in text
    text = " ".join(p["text"] for p in report["script.html"]["paragraphs"])
    assert "alert" not in text
