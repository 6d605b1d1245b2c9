import json
import shutil

from newsevents import cli
from newsevents.pipeline import CONTRACT_FIELDS, clean_stage


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_extract_prints_contract_json(capsys, seeds_dir):
    code, out, err = run(capsys, "extract", str(seeds_dir))
    assert code == 0
    report = json.loads(out)
    names = sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert sorted(report) == names
    assert report["003_d769718e3ae434c5.txt"]["published_at"] == "2024-12-15"
    total = 0
    for name, doc in report.items():
        cleaned = clean_stage((seeds_dir / name).read_text(encoding="utf-8"), False).text
        for ev in doc["events"]:
            total += 1
            assert set(CONTRACT_FIELDS) <= set(ev)
            assert ev["evidence"] and ev["evidence"] in cleaned, ev
            for m in ev["mentions"]:
                assert 0 <= m["start"] < m["end"] <= len(cleaned)
    assert total >= 10


def test_bad_inputs_are_reported_and_good_ones_still_extracted(capsys, seeds_dir, tmp_path):
    shutil.copy(seeds_dir / "002_d5a8e68a0df2efb6.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "archive.txt").write_bytes(b"PK\x03\x04" + bytes(200))
    code, out, err = run(capsys, "extract", str(tmp_path))
    assert code == 0
    assert list(json.loads(out)) == ["good.txt"]
    lines = [l for l in err.splitlines() if l.startswith("quarantined")]
    assert len(lines) == 2
    assert any("empty.txt [ingest] empty" in l for l in lines)
    assert any("archive.txt [ingest] binary" in l for l in lines)


def test_clean_writes_one_file_per_input(capsys, seeds_dir, tmp_path):
    code, _, _ = run(capsys, "clean", str(seeds_dir), "--out", str(tmp_path / "out"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in seeds_dir.glob("*.txt"))


def test_langid_and_dedup(capsys, seeds_dir, tmp_path):
    for f in seeds_dir.glob("00[23]*"):
        shutil.copy(f, tmp_path / f.name)
    shutil.copy(seeds_dir / "002_d5a8e68a0df2efb6.txt", tmp_path / "republished.txt")
    code, out, _ = run(capsys, "langid", str(tmp_path))
    langs = json.loads(out)
    assert langs["002_d5a8e68a0df2efb6.txt"]["language"] == "en"
    assert all("language" in p for p in langs["003_d769718e3ae434c5.txt"]["paragraphs"])
    code, out, _ = run(capsys, "dedup", str(tmp_path))
    stories = json.loads(out)
    assert stories["republished.txt"]["story"] == stories["002_d5a8e68a0df2efb6.txt"]["story"]
    assert stories["republished.txt"]["duplicate_of"] == "002_d5a8e68a0df2efb6.txt"
    assert stories["003_d769718e3ae434c5.txt"]["story"] != stories["002_d5a8e68a0df2efb6.txt"]["story"]


def test_event_id_is_a_claim_identity():
    from newsevents.pipeline import event_id
    a = {"type": "air_attack", "actor": "UA", "quantities": {"destroyed": 15, "launched": 20}, "evidence": "x"}
    b = {"type": "air_attack", "actor": "UA", "quantities": {"launched": 20, "destroyed": 15}, "evidence": "y"}
    assert event_id(a) == event_id(b)
    assert event_id(a) != event_id({**a, "quantities": {"destroyed": 16}})


def test_same_claim_in_two_documents_is_one_event(capsys, seeds_dir, tmp_path):
    story = ("Russia's defence ministry said on Saturday that its air defences had destroyed 23 Ukrainian drones "
             "overnight over the Bryansk region.\n")
    for name, extra in (("outlet_a.txt", "Other news follows.\n"), ("outlet_b.txt", "Weather: cold and dry.\n")):
        (tmp_path / name).write_text(extra + story, encoding="utf-8")
        (tmp_path / (name + ".meta.json")).write_text('{"published_at": "2025-03-15"}', encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(tmp_path))
    report = json.loads(out)
    [a] = [e for e in report["outlet_a.txt"]["events"] if e["type"] == "air_attack"]
    [b] = [e for e in report["outlet_b.txt"]["events"] if e["type"] == "air_attack"]
    assert a["event_id"] == b["event_id"]
    assert a["documents"] == ["outlet_a.txt", "outlet_b.txt"] and a["n_mentions"] == 2
