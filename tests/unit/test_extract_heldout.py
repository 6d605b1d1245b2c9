"""Held-out news-style texts, written for these tests (not taken from the seeds or any
corpus), in every language the extractor claims: en and ro for all nine types; ru, uk
and fr for air attacks, strikes and territorial claims. Each test states only what a
careful analyst would read from the text."""

from datetime import date

import pytest

from tests.unit import extract_checks as checks
from tests.unit.extract_checks import one

PUB = date(2025, 3, 14)  # a Friday


def run(text, lang):
    return checks.run(text, lang, PUB)


# --- air attacks ---------------------------------------------------------------------

def test_en_total_breakdown_and_sum():
    ev = run("Russia's defence ministry said on Thursday that its air defences had intercepted 54 Ukrainian "
             "drones overnight: 30 over the Belgorod region, 16 over the Kursk region and 8 over the Sea of Azov.",
             "en")
    total = one(ev, type="air_attack", admin1=None, quantities={"destroyed": 54})
    assert (total["actor"], total["claimed_by"], total["weapon"], total["date_start"]) == \
        ("UA", "RU", "drone", "2025-03-14")
    one(ev, admin1="RU-BEL", quantities={"destroyed": 30})
    one(ev, admin1="RU-KRS", quantities={"destroyed": 16})
    one(ev, admin1="SEA-AZOV", quantities={"destroyed": 8})
    assert total["checks"]["parts_sum"] == 54 and total["checks"]["adds_up"] is True


def test_en_launched_destroyed_lost_with_number_words():
    [e] = [x for x in run("Ukraine's air force said Russia had attacked overnight with 112 Shahed-type drones. "
                          "Air defences shot down 71 of them, while another thirty-five were lost to electronic "
                          "jamming.", "en") if x["type"] == "air_attack"]
    assert e["quantities"] == {"launched": 112, "destroyed": 71, "lost": 35}
    assert (e["actor"], e["claimed_by"], e["country"]) == ("RU", "UA", "UA")


def test_ro_total_and_regions_with_inflections():
    ev = run("Ministerul rus al Apărării a anunțat vineri că sistemele antiaeriene au doborât peste noapte "
             "27 de drone ucrainene, dintre care 15 deasupra regiunii Rostov și 12 deasupra Mării Negre.", "ro")
    one(ev, type="air_attack", admin1=None, actor="UA", claimed_by="RU", quantities={"destroyed": 27})
    one(ev, admin1="RU-ROS", quantities={"destroyed": 15})
    one(ev, admin1="SEA-BLACK", quantities={"destroyed": 12})


def test_ru_mod_style_list():
    ev = run("В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 19 украинских "
             "беспилотных летательных аппаратов: 11 – над территорией Брянской области, 5 – над территорией "
             "Смоленской области, 3 – над акваторией Азовского моря.", "ru")
    one(ev, type="air_attack", admin1=None, actor="UA", quantities={"destroyed": 19})
    one(ev, admin1="RU-BRY", quantities={"destroyed": 11})
    one(ev, admin1="RU-SMO", quantities={"destroyed": 5})
    one(ev, admin1="SEA-AZOV", quantities={"destroyed": 3})


def test_ru_number_words_and_region_list_total():
    ev = run("Минобороны России сообщило, что над территориями Курской, Орловской и Тульской областей "
             "уничтожены двадцать пять украинских беспилотников.", "ru")
    e = one(ev, type="air_attack", quantities={"destroyed": 25})
    assert e["admin1"] is None and e["claimed_by"] == "RU"


def test_uk_air_force_night():
    ev = run("У ніч на 14 березня росіяни атакували Україну 96 ударними БпЛА, повідомили Повітряні сили. "
             "Сили ППО збили 64 дрони.", "uk")
    # the next sentence's figure belongs to the same night's claim: one event (CONTRACT.md)
    e = one(ev, type="air_attack", actor="RU", quantities={"launched": 96, "destroyed": 64})
    assert e["claimed_by"] == "UA" and len(e["mentions"]) == 2


def test_fr_total_and_region():
    ev = run("Le ministère russe de la Défense a affirmé vendredi avoir abattu 40 drones ukrainiens pendant la "
             "nuit, dont 22 au-dessus de la région de Koursk.", "fr")
    one(ev, type="air_attack", admin1=None, actor="UA", claimed_by="RU", quantities={"destroyed": 40},
        date_start="2025-03-14")
    one(ev, admin1="RU-KRS", quantities={"destroyed": 22})


# --- strikes -------------------------------------------------------------------------

def test_en_strike_casualties_range_weekday():
    [e] = run("A Russian ballistic missile struck an apartment block in Kryvyi Rih on Wednesday, killing four "
              "people and injuring 17, the regional governor said.", "en")
    assert (e["type"], e["actor"], e["place"], e["admin1"], e["target_kind"], e["date_start"]) == \
        ("strike", "RU", "Kryvyi Rih", "UA-12", "residential", "2025-03-12")
    assert e["quantities"] == {"killed": 4, "injured": 17}


def test_ro_strike_on_refinery():
    [e] = run("Dronele ucrainene au lovit joi rafinăria din Tuapse, în regiunea Krasnodar, a anunțat Statul "
              "Major al armatei ucrainene.", "ro")
    assert (e["type"], e["actor"], e["claimed_by"], e["admin1"], e["target_kind"], e["date_start"]) == \
        ("strike", "UA", "UA", "RU-KDA", "oil_depot", "2025-03-13")


def test_ru_strike_with_injured():
    ev = run("В результате удара украинских беспилотников по Белгороду ранены три мирных жителя, сообщил "
             "губернатор Вячеслав Гладков.", "ru")
    e = one(ev, type="strike")
    assert (e["actor"], e["admin1"], e["quantities"].get("injured")) == ("UA", "RU-BEL", 3)


def test_uk_strike_on_kharkiv():
    ev = run("Росіяни вдарили ракетою по Харкову, пошкоджено 12 житлових будинків, повідомив мер міста.", "uk")
    e = one(ev, type="strike")
    assert (e["actor"], e["admin1"]) == ("RU", "UA-63")


def test_fr_strike_on_odesa():
    ev = run("Une frappe de missile russe a touché le port d'Odessa mardi, faisant deux morts et huit blessés, "
             "selon le gouverneur régional.", "fr")
    e = one(ev, type="strike")
    assert (e["actor"], e["admin1"], e["quantities"], e["date_start"]) == \
        ("RU", "UA-51", {"killed": 2, "injured": 8}, "2025-03-11")


# --- territorial claims ----------------------------------------------------------------

def test_en_two_villages_unverified():
    ev = run("Russia's defence ministry said on Tuesday its forces had captured the villages of Kotlyne and "
             "Udachne in the Donetsk region. Reuters could not independently verify the claim.", "en")
    got = {e["place"] for e in ev if e["type"] == "territorial_claim"}
    assert got == {"Kotlyne", "Udachne"}
    for e in ev:
        assert (e["actor"], e["claimed_by"], e["confirmation"], e["date_start"]) == \
            ("RU", "RU", "unverified", "2025-03-11")


def test_ukrainian_capture_in_kursk_en():
    [e] = [x for x in run("Ukrainian forces have taken control of the town of Sudzha in Russia's Kursk region, "
                          "the commander-in-chief said.", "en") if x["type"] == "territorial_claim"]
    assert (e["actor"], e["country"], e["admin1"], e["place"]) == ("UA", "RU", "RU-KRS", "Sudzha")


def test_ro_capture_claim():
    [e] = [x for x in run("Armata rusă a anunțat că a cucerit localitatea Kurahove, în regiunea Donețk.", "ro")
           if x["type"] == "territorial_claim"]
    assert (e["actor"], e["claimed_by"], e["place"], e["admin1"]) == ("RU", "RU", "Kurakhove", "UA-14")


def test_ru_liberated_settlement():
    ev = run("Подразделения группировки войск «Центр» освободили населенный пункт Новоукраинка Донецкой "
             "Народной Республики, сообщило Минобороны России.", "ru")
    e = one(ev, type="territorial_claim")
    assert (e["actor"], e["claimed_by"], e["country"]) == ("RU", "RU", "UA")


def test_fr_capture_claim():
    ev = run("L'armée russe a revendiqué jeudi la prise du village de Toretsk, dans l'est de l'Ukraine.", "fr")
    e = one(ev, type="territorial_claim", place="Toretsk")
    assert (e["actor"], e["country"], e["date_start"]) == ("RU", "UA", "2025-03-13")


# --- the other six types, en and ro -----------------------------------------------------

def test_en_troop_deployment_with_range():
    ev = run("South Korean intelligence said between 11,000 and 12,000 North Korean soldiers had been "
             "deployed to Russia's Kursk region.", "en")
    e = one(ev, type="troop_deployment")
    assert (e["actor"], e["claimed_by"], e["country"]) == ("KP", "KR", "RU")


def test_ro_troop_deployment():
    ev = run("Statele Unite afirmă că aproximativ 3.000 de soldați nord-coreeni au fost trimiși în Rusia.", "ro")
    e = one(ev, type="troop_deployment", quantities={"count": 3000})
    assert (e["actor"], e["claimed_by"], e["country"]) == ("KP", "US", "RU")


def test_en_meeting():
    ev = run("China's foreign minister met his Russian counterpart in Moscow on Monday for talks on Ukraine.",
             "en")
    e = one(ev, type="diplomatic_meeting")
    assert (e["actor"], e["target"], e["place"], e["date_start"]) == ("CN", "RU", "Moscow", "2025-03-10")


def test_ro_meeting():
    ev = run("Ministrul de externe iranian s-a întâlnit marți la Moscova cu omologul său rus, Serghei Lavrov.", "ro")
    e = one(ev, type="diplomatic_meeting")
    assert (e["actor"], e["target"], e["place"]) == ("IR", "RU", "Moscow")


def test_en_equipment_loss():
    ev = run("Russia lost a Su-25 attack aircraft over the Donetsk region on Thursday, Ukraine's military said.",
             "en")
    e = one(ev, type="equipment_loss")
    assert (e["actor"], e["weapon"], e["claimed_by"]) == ("RU", "aircraft", "UA")


def test_ro_equipment_loss():
    ev = run("Ucraina a pierdut un avion de luptă F-16 în regiunea Zaporojie, a anunțat armata ucraineană.", "ro")
    e = one(ev, type="equipment_loss")
    assert (e["actor"], e["weapon"]) == ("UA", "aircraft")


def test_en_personnel_change():
    ev = run("Russia has dismissed the commander of its southern military district, the Kremlin said on "
             "Saturday.", "en")
    e = one(ev, type="personnel_change")
    assert (e["actor"], e["claimed_by"]) == ("RU", "RU")


def test_ro_personnel_change():
    ev = run("Ucraina a numit un nou comandant al forțelor terestre, a anunțat președintele Volodimir Zelenski.",
             "ro")
    e = one(ev, type="personnel_change")
    assert e["actor"] == "UA"


def test_en_ground_assault():
    ev = run("Russian forces launched a new offensive towards Kupiansk in the Kharkiv region, Ukraine's "
             "general staff said.", "en")
    e = one(ev, type="ground_assault")
    assert (e["actor"], e["claimed_by"], e["admin1"]) == ("RU", "UA", "UA-63")


def test_ro_ground_assault():
    ev = run("Trupele ucrainene au lansat o contraofensivă în regiunea Kursk, a declarat Statul Major ucrainean.",
             "ro")
    e = one(ev, type="ground_assault")
    assert (e["actor"], e["admin1"]) == ("UA", "RU-KRS")


def test_en_arms_transfer():
    ev = run("Russia has received artillery shells and other weapons from North Korea, Ukrainian intelligence "
             "said.", "en")
    e = one(ev, type="arms_transfer")
    assert (e["actor"], e["target"]) == ("KP", "RU")


def test_ro_arms_transfer():
    ev = run("Rusia primește rachete balistice din partea Iranului, a declarat un oficial american.", "ro")
    e = one(ev, type="arms_transfer")
    assert (e["actor"], e["target"]) == ("IR", "RU")


# --- dates, repetitions, boilerplate -------------------------------------------------------

def test_date_range_kept():
    [e] = run("Russia's defence ministry said its forces carried out 27 group strikes between March 1 and "
              "March 7.", "en")
    assert (e["date_start"], e["date_end"], e["quantities"].get("count")) == ("2025-03-01", "2025-03-07", 27)


def test_last_month_is_the_whole_month_ro():
    ev = run("Rusia a lansat luna trecută 4.200 de drone asupra Ucrainei, a afirmat armata ucraineană.", "ro")
    e = one(ev, type="air_attack", quantities={"launched": 4200})
    assert (e["date_start"], e["date_end"]) == ("2025-02-01", "2025-02-28")


def test_live_blog_repeat_is_one_event():
    s = "Ukraine's air force said 48 of the 60 drones launched by Russia overnight were shot down."
    ev = run(s + "\nIn other news, the weather turned cold.\n" + s, "en")
    [e] = [x for x in ev if x["type"] == "air_attack"]
    assert len(e["mentions"]) == 2 and e["quantities"] == {"launched": 60, "destroyed": 48}


def test_teaser_lines_yield_nothing():
    body = "The city council met on Tuesday to discuss the new budget for schools and roads."
    teaser = "Russian drone strike on Odesa port kills two"
    assert run(body + "\n" + teaser + "\n" + teaser.replace("Odesa", "Lviv"), "en") == []


@pytest.mark.parametrize("text, lang", [
    ("Analysts expect the conflict to continue for years as both sides build more drones.", "en"),
    ("Experții spun că războiul s-ar putea prelungi, iar dronele vor conta tot mai mult.", "ro"),
    ("Эксперты считают, что роль беспилотников в конфликте будет расти.", "ru"),
    ("Selon les experts, les drones joueront un rôle croissant dans le conflit.", "fr"),
])
def test_commentary_is_not_an_event(text, lang):
    assert run(text, lang) == []


def test_rounded_restatement_is_a_mention_of_the_exact_figure():
    ev = run("Russia launched more than 4,000 drones at Ukraine last month, the Ukrainian air force said.\n"
             "The air force said in a statement that it had shot down 3,105 of the 4,198 drones launched last "
             "month.", "en")
    air = [e for e in ev if e["type"] == "air_attack"]
    assert len(air) == 1 and air[0]["quantities"] == {"launched": 4198, "destroyed": 3105}
    assert len(air[0]["mentions"]) == 2


def test_rounded_figure_that_does_not_fit_stays_its_own_claim():
    ev = run("Russia launched more than 9,000 drones at Ukraine last month, the Ukrainian air force said.\n"
             "The air force said it had shot down 3,105 of the 4,198 drones launched last month.", "en")
    assert len([e for e in ev if e["type"] == "air_attack"]) == 2


def test_meeting_place_from_the_next_sentence_ro():
    ev = run("Ministrul iranian de externe a vizitat Rusia marți. El a purtat discuții cu omologul său la "
             "Sankt Petersburg.", "ro")
    e = one(ev, type="diplomatic_meeting")
    assert (e["actor"], e["target"], e["place"], e["admin1"]) == ("IR", "RU", "Saint Petersburg", "RU-SPE")


def test_uk_strike_subject_and_claimant():
    ev = run("Сили оборони України знищили склад боєприпасів окупантів у Токмаку, повідомив Генштаб ЗСУ.", "uk")
    e = one(ev, type="strike")
    assert (e["actor"], e["claimed_by"], e["admin1"], e["target_kind"]) == ("UA", "UA", "UA-23", "ammunition_depot")


def test_ru_strike_subject_and_claimant():
    ev = run("ВС РФ нанесли удар по складу боеприпасов ВСУ в Харьковской области, сообщило Минобороны России.", "ru")
    e = one(ev, type="strike")
    assert (e["actor"], e["claimed_by"], e["admin1"], e["target_kind"]) == ("RU", "RU", "UA-63", "ammunition_depot")


def test_target_owner_names_the_other_side_uk():
    ev = run("Бійці ВМС знищили склад пального росіян на лівобережжі Херсонщини.", "uk")
    e = one(ev, type="strike")
    assert (e["actor"], e["admin1"], e["target_kind"]) == ("UA", "UA-65", "fuel_depot")


@pytest.mark.parametrize("text, lang, want", [
    ("L'armée de l'air ukrainienne a indiqué que la Russie avait lancé dans la nuit 93 drones et deux missiles "
     "balistiques, dont 60 drones ont été abattus.", "fr",
     {("drone", (("destroyed", 60), ("launched", 93))), ("ballistic_missile", (("launched", 2),))}),
    ("Armata ucraineană a anunțat că Rusia a lansat în cursul nopții 72 de drone de tip Shahed și trei rachete de "
     "croazieră asupra Ucrainei; 55 de drone au fost doborâte.", "ro",
     {("drone", (("destroyed", 55), ("launched", 72))), ("cruise_missile", (("launched", 3),))}),
    ("Силы ПВО сбили 12 из 15 ракет, выпущенных Россией этой ночью, сообщили Воздушные силы.", "ru",
     {("missile", (("destroyed", 12), ("launched", 15)))}),
    ("Russia launched 120 drones, four ballistic missiles and six cruise missiles overnight, the air force said.",
     "en", {("drone", (("launched", 120),)), ("ballistic_missile", (("launched", 4),)),
            ("cruise_missile", (("launched", 6),))}),
])
def test_weapon_classes_share_the_verb(text, lang, want):
    ev = [e for e in run(text, lang) if e["type"] == "air_attack"]
    assert {(e["weapon"], tuple(sorted(e["quantities"].items()))) for e in ev} == want
    assert all((e["actor"], e["claimed_by"]) == ("RU", "UA") for e in ev)


def test_denied_and_neither_confirmed_nor_denied():
    ev = run("Russian forces have captured the village of Novoselivka in the Kharkiv region, Moscow's defence "
             "ministry claimed, while Kyiv denied the claim.", "en")
    [e] = [x for x in ev if x["type"] == "territorial_claim"]
    assert (e["place"], e["admin1"], e["confirmation"]) == ("Novoselivka", "UA-63", "denied")
    [e] = [x for x in run("Rusia nu a confirmat și nici nu a infirmat că a cucerit satul Toretsk.", "ro")
           if x["type"] == "territorial_claim"]
    assert e["confirmation"] == "unverified"


def test_local_governor_is_the_side_of_the_place():
    [e] = run("Une attaque de drones ukrainiens a provoqué un incendie dans une raffinerie de Riazan, a annoncé "
              "le gouverneur local.", "fr")
    assert (e["type"], e["actor"], e["claimed_by"], e["admin1"], e["target_kind"]) == \
        ("strike", "UA", "RU", "RU-RYA", "oil_depot")


def test_unknown_settlements_in_latin_letters_ru_uk():
    ev = run("Минобороны России: российские войска освободили населенные пункты Степовое и Нескучное в ДНР.", "ru")
    # Russian spellings of Ukrainian villages come out in their Ukrainian form (the English
    # spelling of Ukrainian places): Степовое -> Stepove, Нескучное -> Neskuchne
    assert {(e["place"], e["admin1"], e["actor"]) for e in ev if e["type"] == "territorial_claim"} == \
        {("Stepove", "UA-14", "RU"), ("Neskuchne", "UA-14", "RU")}
    ev = run("Сили оборони звільнили населений пункт Гнатівка на Харківщині, повідомив Генштаб.", "uk")
    [e] = [x for x in ev if x["type"] == "territorial_claim"]
    assert (e["place"], e["admin1"], e["actor"], e["claimed_by"]) == ("Hnativka", "UA-63", "UA", "UA")


@pytest.mark.parametrize("text", [
    "The new scooter hits the sweet spot for commuters, and the concert film captures the tour's final show.",
    "Below are the New York City restaurants that earned a star; the villages of Condrieu make aromatic whites.",
    "In 2006 he was appointed Officer of the Order of Canada, and the band took the stage in Paris.",
])
def test_off_topic_text_yields_nothing(text):
    assert run(text, "en") == []
