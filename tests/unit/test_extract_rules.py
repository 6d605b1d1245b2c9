"""The general rules added after the blind evaluation set (bench/extract/blind) was
scored: each is tested here on wordings of its own, never on the blind set's sentences
(that set only measures). Texts written for these tests."""

from datetime import date

import pytest

from newsevents.extract import claims, dates, numbers
from newsevents.extract.text import fold
from tests.unit import extract_checks as checks
from tests.unit.extract_checks import none, one

PUB = date(2025, 4, 9)  # a Wednesday


def run(text, lang, pub=PUB):
    return checks.run(text, lang, pub)


# --- numbers and dates -----------------------------------------------------------------

@pytest.mark.parametrize("text, lang, counts", [
    ("Вечером 14 марта над областью сбиты 6 дронов", "ru", [6]),
    ("Published March 3, 2025 at 7:45 - 30 drones", "en", [30]),
    ("Станом на 07:30 знищено 21 дрон", "uk", [21]),
    ("le 2 avril, quatre missiles", "fr", [4]),
])
def test_days_of_a_month_and_clock_times_are_not_counts(text, lang, counts):
    got = [n.value for n in numbers.find_numbers(fold(text), lang) if n.kind == "count"]
    assert got == counts


@pytest.mark.parametrize("text, lang, value", [
    ("атаковали двумя баллистическими ракетами", "ru", 2),
    ("погибли трое мирных жителей", "ru", 3),
    ("поранено четверо людей", "uk", 4),
    ("обстріляли трьома ракетами", "uk", 3),
])
def test_oblique_and_collective_number_words(text, lang, value):
    assert [n.value for n in numbers.find_numbers(fold(text), lang) if n.kind == "count"] == [value]


@pytest.mark.parametrize("text, lang, want", [
    ("during March and April", "en", ("2025-03-01", "2025-04-30")),
    ("în februarie și martie", "ro", ("2025-02-01", "2025-03-31")),
    ("в феврале и марте", "ru", ("2025-02-01", "2025-03-31")),
    ("en février et mars", "fr", ("2025-02-01", "2025-03-31")),
    ("a strike on Tuesday, the worst this year", "en", ("2025-04-08", "2025-04-08")),
    ("накануне вечером", "ru", ("2025-04-08", "2025-04-08")),
])
def test_month_pairs_this_year_and_the_evening_before(text, lang, want):
    got = dates.resolve(text, PUB, lang)
    assert got and (got[0].isoformat(), got[1].isoformat()) == want


# --- air attacks -----------------------------------------------------------------------

def test_figures_of_one_claim_told_over_two_sentences_are_one_event():
    ev = run("Russia fired 64 Shahed drones at Ukraine overnight, the air force said. Air defence units downed 41 "
             "of them, and 19 others did not reach their targets.", "en")
    one(ev, type="air_attack", weapon="drone", quantities={"launched": 64, "destroyed": 41, "lost": 19})
    assert len([e for e in ev if e["type"] == "air_attack"]) == 1


def test_a_later_sentence_supplies_the_claimant_of_the_first():
    ev = run("Вночі ворог атакував 52 ударними дронами. Збито 30, ще 20 локаційно втрачено, повідомили "
             "Повітряні сили.", "uk")
    one(ev, type="air_attack", actor="RU", claimed_by="UA", quantities={"launched": 52, "destroyed": 30, "lost": 20})


def test_a_list_of_weapons_shares_its_verb():
    ev = run("За сутки средствами ПВО сбиты 7 управляемых авиабомб, две ракеты «Нептун» и 35 беспилотников, "
             "сообщило Минобороны России.", "ru")
    one(ev, weapon="glide_bomb", quantities={"destroyed": 7})
    one(ev, weapon="missile", quantities={"destroyed": 2})
    one(ev, weapon="drone", quantities={"destroyed": 35})


def test_coordinated_figures_share_the_region_named_before_them():
    ev = run("Вечером над Курской областью сбиты 9 беспилотников и три ракеты, сообщило Минобороны России.", "ru")
    one(ev, weapon="drone", admin1="RU-KRS", quantities={"destroyed": 9})
    one(ev, weapon="missile", admin1="RU-KRS", quantities={"destroyed": 3})


def test_a_numerator_makes_the_list_a_destroyed_list():
    ev = run("Ukraine's air force said it shot down 22 of 30 drones launched overnight and three cruise missiles.",
             "en")
    one(ev, weapon="drone", quantities={"launched": 30, "destroyed": 22})
    one(ev, weapon="cruise_missile", quantities={"destroyed": 3})


def test_victims_and_own_drones_are_not_weapon_counts():
    ev = run("Russia's defence ministry said it shot down two drones over the Kursk region, while in Belgorod four "
             "people were injured.", "en")
    none(ev, type="air_attack", quantities={"destroyed": 4})
    ev = run("The navy said two of its sea drones destroyed a Russian patrol boat near Crimea.", "en")
    none(ev, type="air_attack")


# --- who claims it -----------------------------------------------------------------------

def test_a_report_inside_a_denial_is_the_reporters_claim():
    text = fold("Kremlin spokesman Dmitry Peskov dismissed reports by South Korea according to which Pyongyang "
                "had sent 2,000 more troops to Russia.")
    assert claims.nested_report(text, 0, len(text)) == (True, "KR")


def test_the_innermost_that_clause_names_the_claimant():
    text = fold("Beijing said on Monday that the matter was not its business, after Washington warned that "
                "12,000 North Korean soldiers were in Russia.")
    assert claims.claimant(text, 0, len(text)) == "US"


def test_a_claim_from_nobody_named_inside_another_statement_is_no_event():
    ev = run("Purtătorul de cuvânt al Kremlinului a spus că nu comentează zvonurile potrivit cărora Coreea de "
             "Nord a trimis noi trupe în Rusia.", "ro")
    none(ev, type="troop_deployment")


# --- how sure ---------------------------------------------------------------------------

def test_the_first_confirmation_cue_wins_and_reaches_one_sentence_only():
    ev = run("Ukraine's General Staff said its drones hit a fuel depot in Klintsy, in Russia's Bryansk region. "
             "The Bryansk governor confirmed that a fire had broken out at an industrial site. Separately, "
             "Russia claimed to have captured Pishchane. The claim could not be independently verified.", "en")
    assert one(ev, type="strike", claimed_by="UA")["confirmation"] == "confirmed"
    ev = run("Rusia a anunțat că a cucerit satul Pișceane din regiunea Harkov. Afirmația nu a putut fi verificată "
             "independent. Statul Major ucrainean a dezmințit ulterior informația, într-un comunicat separat, "
             "transmis seara.", "ro")
    assert one(ev, type="territorial_claim")["confirmation"] == "unverified"


def test_the_other_sides_account_of_the_same_strike_confirms_it():
    ev = run("Генштаб ЗСУ заявив, що Сили оборони уразили нафтобазу в Енгельсі. Губернатор Саратовської області "
             "повідомив про пожежу на підприємстві в Енгельсі після атаки українських дронів.", "uk")
    assert one(ev, type="strike", claimed_by="UA", actor="UA")["confirmation"] == "confirmed"


def test_rejecting_a_report_denies_it():
    ev = run("Ministerul belarus al Apărării a respins informațiile potrivit cărora Minskul ar fi trimis trupe la "
             "graniță, dar Kievul susține că Belarus a desfășurat 5.000 de militari lângă frontieră.", "ro")
    assert all(e["confirmation"] != "confirmed" for e in ev)


# --- places ----------------------------------------------------------------------------

from newsevents.extract import gazetteer  # noqa: E402


def place_of(text):
    hits = gazetteer.prepare(text, fold(text))
    return [(h.place.name, h.place.kind, h.place.admin1) for h in hits]


@pytest.mark.parametrize("name, want", [
    ("Ізмаїл", "Izmail"), ("Rylsk", "Rylsk"), ("Starokonstantinov", "Starokostiantyniv"),
    ("Kostiantynivka", "Kostiantynivka"),
])
def test_english_spellings_of_towns(name, want):
    got = gazetteer.lookup(name)
    assert got is not None and got.name == want


@pytest.mark.parametrize("a, b", [
    ("Рівнопіль", "Равнополь"), ("Chasiv Yar", "Tchassiv Iar"), ("Курахове", "Kourakhové"),
    ("Stepovoye", "Stepovoe"), ("Horlivka", "Горловка"), ("Махнівка", "Махновка"),
])
def test_one_name_in_two_transliterations_has_one_skeleton(a, b):
    assert gazetteer.skeleton(a) == gazetteer.skeleton(b)


def test_skeletons_keep_different_names_apart():
    assert gazetteer.skeleton("Kharkiv") != gazetteer.skeleton("Kurakhove")
    assert gazetteer.skeleton("Kurakhove") != gazetteer.skeleton("Kurakhivka")


def test_a_name_shared_by_a_region_and_its_capital():
    assert place_of("A fire broke out at the refinery in Ryazan.")[0][:2] == ("Ryazan", "city")
    assert place_of("Drones were downed over the Ryazan region.")[0][1] == "region"
    assert place_of("des drones au-dessus de la région russe de Koursk")[0][1] == "region"
    assert place_of("над Брянской областью")[0][1] == "region"
    assert place_of("удар по Запоріжжю")[0][:2] == ("Zaporizhzhia", "city")


def test_the_nearest_regions_decide_a_namesake():
    far = "Беспилотники атаковали Саратовскую область. " + "Пожар потушили к утру. " * 20
    got = place_of(far + "ВСУ отражают атаки под Покровском в Донецкой области.")
    assert ("Pokrovsk", "city", "UA-14") in got


def test_foreign_capitals_and_seats_of_government():
    assert place_of("talks in Bucharest")[0][:1] == ("Bucharest",)
    assert place_of("переговоры в Кремле")[0][0] == "Moscow"
    assert gazetteer.lookup("Pyongyang").country == "KP"


# --- strikes ---------------------------------------------------------------------------

def test_background_sentences_are_not_strikes():
    ev = run("Russia has regularly shelled Kherson since the autumn of 2022, and Kyiv has stepped up drone strikes "
             "on refineries in recent months.", "en")
    none(ev, type="strike")
    ev = run("Белгородская область регулярно подвергается обстрелам со стороны Украины.", "ru")
    none(ev, type="strike")


def test_a_capital_used_for_its_government_is_not_a_target():
    ev = run("Moscou a revendiqué la prise de Pishchane, ce que Kiev n'a pas confirmé.", "fr")
    none(ev, place="Moscow")
    none(ev, place="Kyiv")


def test_the_place_whose_official_speaks_is_the_target():
    ev = run("Sumy's regional governor said a drone had hit a power substation on the outskirts of the city.", "en")
    e = one(ev, type="strike", place="Sumy")
    assert (e["actor"], e["target_kind"]) == ("RU", "energy")


def test_casualties_without_a_strike_verb_and_as_an_active_verbs_object():
    ev = run("У Харкові внаслідок падіння уламків постраждали троє людей.", "uk")
    one(ev, type="strike", place="Kharkiv", quantities={"injured": 3})
    ev = run("O dronă ucraineană a lovit un bloc din Belgorod, a ucis un bărbat și a rănit alte patru persoane, "
             "a anunțat guvernatorul.", "ro")
    one(ev, type="strike", quantities={"killed": 1, "injured": 4})


def test_killed_before_and_injured_after_are_not_added_together():
    ev = run("У Херсоні загинули троє людей, ще шість поранені, повідомила ОВА.", "uk")
    one(ev, type="strike", quantities={"killed": 3, "injured": 6})


def test_a_postposed_nationality_names_the_attacker():
    ev = run("À Odessa, une frappe russe sur le port a fait deux blessés, selon le gouverneur.", "fr")
    assert one(ev, type="strike")["actor"] == "RU"
    ev = run("Un atac rusesc cu drone asupra portului Reni a rănit doi oameni, a anunțat guvernatorul.", "ro")
    assert one(ev, type="strike")["actor"] == "RU"


def test_destroying_equipment_is_a_loss_not_a_strike():
    ev = run("L'armée ukrainienne affirme avoir détruit un système de défense antiaérienne S-300 russe près de "
             "Djankoï.", "fr")
    none(ev, type="strike")


# --- the other types -------------------------------------------------------------------

def test_a_sides_own_troops_massed_with_a_figure_are_a_deployment():
    ev = run("Ukraine's top commander said Russia had massed about 25,000 troops near Huliaipole.", "en")
    e = one(ev, type="troop_deployment", actor="RU", quantities={"count": 25000})
    assert e["admin1"] == "UA-23"
    ev = run("Russian troops advanced near Huliaipole, the general staff said.", "en")
    none(ev, type="troop_deployment")


def test_casualty_figures_are_not_troop_figures():
    ev = run("Seoul said some 100 North Korean soldiers had been killed and 1,000 wounded in Russia.", "en")
    none(ev, type="troop_deployment", quantities={"count": 1000})


def test_a_reported_dispatch_names_its_sender_before_the_verb():
    ev = run("Potrivit serviciilor sud-coreene, Phenianul ar fi trimis încă 2.500 de militari în Rusia.", "ro")
    one(ev, type="troop_deployment", actor="KP", claimed_by="KR", quantities={"count": 2500})


def test_the_meetings_place_names_the_host():
    ev = run("Slovak Prime Minister Robert Fico met Vladimir Putin in the Kremlin on Monday.", "en")
    one(ev, type="diplomatic_meeting", actor="SK", target="RU", place="Moscow")
    ev = run("Le président polonais a reçu jeudi à Varsovie le chef de la diplomatie ukrainienne.", "fr")
    one(ev, type="diplomatic_meeting", actor="UA", target="PL", place="Warsaw")


def test_arms_transfers_supplier_receiver_and_class():
    ev = run("Norway will deliver 12 howitzers to Ukraine by the end of the year, its defence ministry said.", "en")
    one(ev, type="arms_transfer", actor="NO", target="UA", weapon="artillery", quantities={"count": 12})
    ev = run("Ucraina a primit din partea Suediei noi avioane de luptă, a anunțat Kievul.", "ro")
    one(ev, type="arms_transfer", actor="SE", target="UA", weapon="aircraft")
    ev = run("Les obusiers livrés par l'Allemagne à l'Ukraine sont arrivés, selon Berlin.", "fr")
    one(ev, type="arms_transfer", actor="DE", target="UA")
    ev = run("Japan has been supplying non-lethal aid and ammunition to Ukraine for months.", "en")
    none(ev, type="arms_transfer")


def test_a_loss_belongs_to_the_nationality_of_the_item():
    ev = run("Russia's defence ministry said its air defences shot down a Ukrainian Su-24 bomber over Crimea.", "en")
    one(ev, type="equipment_loss", actor="UA", weapon="aircraft", admin1="UA-43")
    ev = run("Армия России потеряла вертолет Ми-28 в Курской области, сообщили украинские военные.", "ru")
    one(ev, type="equipment_loss", actor="RU")


def test_assault_counts_repellers_and_the_area_just_named():
    ev = run("Russian forces attacked the village of Andriivka. Ukrainian units repelled 9 Russian assaults in the "
             "area, the general staff said.", "en")
    one(ev, type="ground_assault", actor="RU", claimed_by="UA", quantities={"count": 9})
    ev = run("За сутки на покровском направлении отражены 17 атак противника, сообщили в ВСУ.", "ru")
    one(ev, type="ground_assault", actor="RU", admin1="UA-14", quantities={"count": 17})


def test_appointments_take_the_side_of_the_official():
    ev = run("Le président ukrainien a nommé un nouveau commandant des forces aériennes.", "fr")
    one(ev, type="personnel_change", actor="UA")


# --- settlements, regions, briefings -------------------------------------------------------

def test_each_settlement_takes_the_region_stated_after_it():
    ev = run("Moscova a anunțat că a cucerit localitățile Nelipivka, din regiunea Donețk, și Ivanivka, din regiunea "
             "Herson.", "ro")
    assert {(e["place"], e["admin1"]) for e in ev if e["type"] == "territorial_claim"} >= \
        {("Ivanivka", "UA-65")}
    assert all(e["admin1"] != "UA-65" for e in ev if e.get("place") == "Nelipivka")


def test_a_namesake_whose_own_name_it_is_wins_in_the_stated_region():
    ev = run("Минобороны сообщило, что российские войска освободили населенный пункт Петровка в Донецкой Народной "
             "Республике.", "ru")
    one(ev, type="territorial_claim", place="Petrivka", admin1="UA-14")


def test_unknown_settlement_near_a_known_town_and_the_cue_with_a_colon():
    ev = run("L'armée russe affirme avoir pris le village de Zelene Pole, près de Velyka Novosilka.", "fr")
    one(ev, type="territorial_claim", place="Zelene Pole", admin1="UA-14")
    ev = run("Минобороны России: освобождены населенные пункты: Новоалексеевку и Дачное в ДНР.", "ru")
    got = {e["place"] for e in ev if e["type"] == "territorial_claim"}
    assert {"Novooleksiivka", "Dachne"} <= got or {"Novoalekseevka", "Dachne"} <= got or "Dachne" in got


def test_a_russian_spelling_in_its_ukrainian_form():
    from newsevents.extract import words
    assert words.ukrainian_form("Новомихайловку") == "Новомихайлівка"
    assert words.ukrainian_form("Зеленое") == "Зелене"
    assert words.ukrainian_form("Красный Яр") == "Красний Яр"


def test_a_regional_official_speaks_for_his_region():
    ev = run("Kursk governor Alexander Khinshtein said eight drones had been shot down overnight.", "en")
    one(ev, type="air_attack", admin1="RU-KRS", quantities={"destroyed": 8})
    ev = run("Kursk governor Alexander Khinshtein said 40 drones had been shot down over Russia overnight.", "en")
    one(ev, type="air_attack", admin1=None, quantities={"destroyed": 40})


def test_a_total_after_the_regions():
    ev = run("Над Курской областью сбиты шесть беспилотников, всего за сутки — 31, сообщило Минобороны России.", "ru")
    one(ev, type="air_attack", admin1="RU-KRS", quantities={"destroyed": 6})
    one(ev, type="air_attack", admin1=None, quantities={"destroyed": 31})


def test_a_strike_after_an_attack_report_is_by_the_attacker():
    ev = run("Russia fired 40 drones at Ukraine overnight, the air force said. Substations were hit in three "
             "regions, Ukrenergo's chief said.", "en")
    e = one(ev, type="strike", target_kind="energy")
    assert (e["actor"], e["claimed_by"]) == ("RU", "UA")


def test_an_unattributed_briefing_line_is_the_briefings_claim():
    ev = run("Российские войска освободили Курахово, сообщило Минобороны России. Также уничтожен склад "
             "боеприпасов ВСУ в районе Дружковки.", "ru")
    one(ev, type="strike", target_kind="ammunition_depot", claimed_by="RU", actor="RU")


def test_a_continued_transfer_keeps_its_parties_but_not_its_weapon():
    ev = run("Sweden will send Ukraine two surveillance aircraft, its government said. It added that 18 Archer "
             "howitzers would be delivered by spring.", "en")
    one(ev, type="arms_transfer", actor="SE", target="UA", weapon="aircraft")
    one(ev, type="arms_transfer", actor="SE", target="UA", weapon="artillery", quantities={"count": 18})


# --- breakdowns --------------------------------------------------------------------------

def test_a_figure_for_each_of_several_regions():
    ev = run("Дежурными средствами ПВО уничтожены 25 украинских БПЛА: по семь – над территориями Курской и "
             "Брянской областей, 11 – над территорией Белгородской области.", "ru")
    one(ev, admin1="RU-KRS", quantities={"destroyed": 7})
    one(ev, admin1="RU-BRY", quantities={"destroyed": 7})
    total = one(ev, admin1=None, quantities={"destroyed": 25})
    assert total["checks"]["parts_sum"] == 25 and total["checks"]["adds_up"] and not total["checks"]["above_total"]


def test_a_breakdown_item_whose_region_is_cut_off_is_no_second_total():
    ev = run("Над территорией Курской области уничтожено 12 БПЛА, над территорией Орловской области – 5 БПЛА и "
             "3 БПЛА – над территор", "ru")
    assert [e for e in ev if e["type"] == "air_attack" and e["admin1"] is None] == []


def test_a_breakdown_above_its_total_is_flagged():
    ev = run("Russia's defence ministry said it destroyed 20 Ukrainian drones overnight: 15 over the Kursk region "
             "and 9 over the Bryansk region.", "en")
    total = one(ev, admin1=None, quantities={"destroyed": 20})
    assert total["checks"] == {"parts": 2, "parts_sum": 24, "adds_up": False, "above_total": True}


@pytest.mark.parametrize("text, lang, destroyed, launched", [
    ("Ukraine says it downed 47 of 106 Russian drones overnight.", "en", 47, 106),
    ("Air defences shot down 12 of 15 missiles overnight, the Ukrainian air force said.", "en", 12, 15),
    ("Apărarea antiaeriană a doborât 20 din 31 de drone rusești în timpul nopții.", "ro", 20, 31),
])
def test_the_whole_a_part_is_of_is_what_was_launched(text, lang, destroyed, launched):
    """'downed 47 of 106 Russian drones': the verb before the 47 does not make the 106
    destroyed too; with a word between the figure and the weapon it is still the whole."""
    ev = one(run(text, lang), type="air_attack")
    assert ev["quantities"].get("destroyed") == destroyed
    assert ev["quantities"].get("launched") == launched


def test_a_word_after_an_elision_passes_the_rule_gate():
    """The quick word-beginning test before a rule's regexes must see the word after
    "l'" / "d'" (the patterns are word-bounded, and the apostrophe is a boundary)."""
    from newsevents.extract import words

    gate = words.prefix_gate(["intercept\\w*"])
    assert not gate.isdisjoint(words.sentence_prefixes(fold("a fait état de l'interception de 25 drones")))
    assert gate.isdisjoint(words.sentence_prefixes(fold("a fait état de 25 drones")))


@pytest.mark.parametrize("entry, sentence, passes", [
    ("a lovit", "o racheta a lovit un bloc", True),
    ("a lovit", "racheta a fost lovita", True),   # "lov" begins "lovita": the gate lets it through
    ("a lovit", "o racheta a cazut", False),
    ("s-a produs", "s-a produs o explozie", True),
    ("s-a produs", "s-a auzit o explozie", False),
    ("l'a confirme", "le ministere l'a confirme", True),
    ("\\d+ (?:de )?atacuri", "au fost respinse 12 de atacuri", True),
    ("\\d+ (?:de )?atacuri", "au murit 12 oameni", False),   # not every figure opens the gate
    ("\\d+ атак\\w*", "отражены 17 атак противника", True),
    ("(?:guided |cruise )?missiles?", "three cruise missiles", True),   # optional words first
    ("(?:guided |cruise )?missiles?", "three drones", False),
    ("su-\\d+", "a su-25 jet", True),   # a short word, ended by its hyphen
])
def test_a_short_first_word_is_gated_by_the_next_word(entry, sentence, passes):
    """An entry opening with a short word ("a lovit", "s-a produs") or a figure ("\\d+
    atacuri") is gated on its first word of three letters: every match holds that word,
    and "a" or a digit is in most sentences."""
    from newsevents.extract import lexicon, words

    gate = words.prefix_gate([entry])
    fs = fold(sentence)
    assert (not gate.isdisjoint(words.sentence_prefixes(fs))) is passes
    if lexicon.word_re([entry]).search(fs):
        assert passes


@pytest.mark.parametrize("sentence", ["ei au respins afirmatiile", "ministerul a respins afirmatiile"])
def test_an_optional_letter_of_a_short_first_word_does_not_close_the_gate(sentence):
    """'au? respins' matches 'a respins' and 'au respins': its gate may not be the key
    of the word 'a' alone (the sentence 'au respins' has no such word)."""
    from newsevents.extract import words

    gate = words.prefix_gate(["au? respins (?:informatiile|afirmatiile)"])
    assert gate is None or not gate.isdisjoint(words.sentence_prefixes(fold(sentence)))


@pytest.mark.parametrize("text, lang", [
    ("Росіяни випустили 4 ракети по аеродрому. ППО за ніч збила 13 російських ракет.", "uk"),
    ("Russia fired 4 missiles at the airfield. Air defences shot down 13 Russian missiles overnight.", "en"),
])
def test_figures_that_cannot_be_one_attack_are_not_joined(text, lang):
    """A claim told in pieces joins the next sentences' figures only when they can be one
    attack: 13 downed of 4 launched are two claims."""
    events = [e for e in run(text, lang) if e["type"] == "air_attack"]
    assert all(e["quantities"].get("destroyed", 0) <= e["quantities"].get("launched", 10 ** 9) for e in events)
    one(events, quantities={"destroyed": 13})
