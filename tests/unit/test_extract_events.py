"""Event rules on sentences written for these tests (not copied from the seeds)."""

from datetime import date

from newsevents.extract import extract_events

PUB = date(2024, 12, 10)  # a Tuesday


def events(text, lang):
    out = extract_events(text, published_at=PUB, language=lang)
    for e in out:
        assert text[e["evidence_start"]:e["evidence_end"]] == e["evidence"]
    return out


def key(e):
    return (e["type"], e["actor"], e["claimed_by"], e["admin1"], e["weapon"], tuple(sorted(e["quantities"].items())))


def test_total_and_regional_breakdown_en():
    got = {key(e) for e in events(
        "Russia's defence ministry said on Tuesday its air defences had destroyed 42 Ukrainian drones overnight, "
        "including 20 over the Bryansk region and 12 over the Kursk region.", "en")}
    assert got == {("air_attack", "UA", "RU", None, "drone", (("destroyed", 42),)),
                   ("air_attack", "UA", "RU", "RU-BRY", "drone", (("destroyed", 20),)),
                   ("air_attack", "UA", "RU", "RU-KRS", "drone", (("destroyed", 12),))}


def test_total_and_region_ro():
    got = {key(e) for e in events(
        "Ministerul rus al Apărării a anunțat că 25 de drone ucrainene au fost doborâte peste noapte, "
        "dintre care 10 deasupra regiunii Belgorod.", "ro")}
    assert ("air_attack", "UA", "RU", None, "drone", (("destroyed", 25),)) in got
    assert ("air_attack", "UA", "RU", "RU-BEL", "drone", (("destroyed", 10),)) in got


def test_launched_by_weapon_class():
    got = {key(e) for e in events(
        "The Ukrainian air force said Russia launched 90 drones and 4 ballistic missiles overnight.", "en")}
    assert got == {("air_attack", "RU", "UA", None, "drone", (("launched", 90),)),
                   ("air_attack", "RU", "UA", None, "ballistic_missile", (("launched", 4),))}


def test_out_of_gives_destroyed_and_launched():
    [e] = events("Air defences shot down 61 out of 80 drones launched by Russia overnight, the air force said.", "en")
    assert e["quantities"] == {"destroyed": 61, "launched": 80} and e["claimed_by"] == "UA"


def test_territorial_claim_unverified():
    [e] = events("Russian forces have taken control of the village of Kurakhove, the Russian defence ministry said "
                 "on Monday. Kyiv has not confirmed the claim.", "en")
    assert (e["type"], e["place"], e["claimed_by"], e["confirmation"], e["date_start"]) == \
        ("territorial_claim", "Kurakhove", "RU", "unverified", "2024-12-09")


def test_strike_with_casualties():
    [e] = events("A Russian missile strike on Odesa killed three people and injured 12, the regional governor said.",
                 "en")
    assert (e["type"], e["actor"], e["place"], e["weapon"], e["quantities"]) == \
        ("strike", "RU", "Odesa", "missile", {"killed": 3, "injured": 12})


def test_strike_target_kind_ro():
    [e] = events("Forțele ucrainene au lovit un depozit de muniții din regiunea Kursk, a anunțat Statul Major "
                 "al Ucrainei.", "ro")
    assert (e["type"], e["actor"], e["claimed_by"], e["admin1"], e["target_kind"]) == \
        ("strike", "UA", "UA", "RU-KRS", "ammunition_depot")


def test_repeated_claim_is_one_event_with_two_mentions():
    s = "Russia's defence ministry said its air defences destroyed 17 Ukrainian drones overnight."
    [e] = events(s + "\n" + "Other news follows here, about something else entirely.\n" + s, "en")
    assert len(e["mentions"]) == 2


def test_no_events_from_vague_text():
    assert events("Analysts say the war may continue for years, with drones playing a growing role.", "en") == []
