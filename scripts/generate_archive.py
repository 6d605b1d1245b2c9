#!/usr/bin/env python3
"""Write a realistic dated sample archive for tests, demos and backfills.

    python scripts/generate_archive.py OUT [--start 2024-10-01] [--days 90] [--seed 7]

Layout: ``OUT/YYYY/MM/DD/<source>-<n>.txt`` with a ``.meta.json`` sidecar each
(published_at, url, source). Each day carries templated nightly air-defence reports in
English and Romanian (the numbers and regions change from day to day, so they are
different stories), strike and territorial-claim reports, wire copies republished by
other outlets the same or the next day with their own boilerplate (near duplicates),
and the five seed articles on their own publication dates when they fall in the range.
Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RU_REGIONS_EN = ["Kursk", "Bryansk", "Belgorod", "Voronezh", "Oryol", "Rostov", "Kaluga", "Tula"]
RU_REGIONS_RO = {"Kursk": "Kursk", "Bryansk": "Briansk", "Belgorod": "Belgorod", "Voronezh": "Voronej",
                 "Oryol": "Orel", "Rostov": "Rostov", "Kaluga": "Kaluga", "Tula": "Tula"}
UA_CITIES = [("Kharkiv", "Harkov"), ("Odesa", "Odesa"), ("Dnipro", "Dnipro"), ("Zaporizhzhia", "Zaporojie"),
             ("Sumy", "Sumî"), ("Kherson", "Herson")]
SETTLEMENTS = ["Kurakhove", "Velyka Novosilka", "Toretsk", "Chasiv Yar", "Vuhledar", "Selydove",
               "Novohrodivka", "Kupiansk", "Pokrovsk", "Siversk"]
EN_BOILER = [
    ["Sign up to our free morning newsletter", "Subscribe", "0 Comments", "Latest news",
     "Must read", "Share this article"],
    ["Please refresh the page or navigate to another page on the site to be automatically logged in",
     "Want to bookmark your favourite articles and stories to read or reference later?",
     "Join thought-provoking conversations, follow other readers and see their replies"],
    ["Related", "You might also like", "Photo: Reuters", "© 2024 All rights reserved"],
]
RO_BOILER = [
    ["Citește și", "Abonează-te la newsletter", "0 comentarii", "Ultimele știri"],
    ["Foto: Reuters", "Distribuie articolul", "Lasă un comentariu"],
]
NUM_WORDS_EN = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen"}


def split_total(rng: random.Random, total: int, k: int) -> list[int]:
    cuts = sorted(rng.sample(range(1, total), k - 1)) if total > k else list(range(1, k))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [total])]
    return sorted((p for p in parts if p > 0), reverse=True)


def ru_mod_report_en(rng, day: date) -> tuple[str, str]:
    total = rng.randint(8, 140)
    regions = rng.sample(RU_REGIONS_EN, rng.randint(2, 5))
    parts = split_total(rng, total, len(regions))
    breakdown = ", ".join(f"{n} over the {r} region" for n, r in zip(parts, regions))
    title = f"Russia says it downed {total} Ukrainian drones overnight"
    body = [
        f"Russia's air defence systems intercepted and destroyed {total} Ukrainian drones overnight, "
        f"the Russian defence ministry said on Telegram.",
        f"According to the ministry, the drones were destroyed {breakdown}.",
        f"The ministry did not report casualties or damage. Ukraine did not comment on the claim.",
    ]
    return title, "\n".join([title, ""] + body)


def ru_mod_report_ro(rng, day: date) -> tuple[str, str]:
    total = rng.randint(8, 140)
    regions = rng.sample(RU_REGIONS_EN, rng.randint(2, 5))
    parts = split_total(rng, total, len(regions))
    breakdown = ", ".join(f"{n} în {RU_REGIONS_RO[r]}" for n, r in zip(parts, regions))
    title = f"Rusia afirmă că a doborât {total} de drone ucrainene peste noapte"
    body = [
        f"Forțele antiaeriene ruse au interceptat peste noapte {total} de drone ucrainene, "
        f"a afirmat ministerul apărării de la Moscova, citat de TASS.",
        f"Potrivit acestuia, au fost distruse {breakdown}.",
        "Kievul nu a comentat aceste afirmații.",
    ]
    return title, "\n".join([title, ""] + body)


def ua_af_report_en(rng, day: date) -> tuple[str, str]:
    launched = rng.randint(20, 190)
    destroyed = rng.randint(launched // 3, launched - 2)
    lost = rng.randint(0, launched - destroyed)
    missiles = rng.choice([0, 0, 0, 2, 3, 4, 6])
    title = f"Ukraine says it downed {destroyed} of {launched} Russian drones"
    body = [
        f"Ukrainian air defences destroyed {destroyed} out of {launched} drones launched by Russia overnight, "
        f"the air force said on {day:%A}.",
        f"It added that another {lost} drones were \"locationally lost\", typically a result of electronic jamming.",
    ]
    if missiles:
        body.append(f"Russia also fired {missiles} ballistic missiles at the country, the air force said.")
    return title, "\n".join([title, ""] + body)


def strike_report_en(rng, day: date) -> tuple[str, str]:
    city = rng.choice(UA_CITIES)[0]
    killed, injured = rng.randint(0, 6), rng.randint(1, 30)
    title = f"Russian missile strike on {city} kills {killed}, injures {injured}"
    body = [
        f"A Russian missile strike on the city of {city} killed {killed} people and injured {injured}, "
        f"the regional governor said on Telegram.",
        f"{rng.randint(2, 25)} apartment buildings were damaged, he said.",
    ]
    return title, "\n".join([title, ""] + body)


def claim_report_en(rng, day: date) -> tuple[str, str]:
    place = rng.choice(SETTLEMENTS)
    title = f"Russia claims capture of {place}"
    body = [
        f"Russia's defence ministry said on {day:%A} that its forces had taken control of the settlement of "
        f"{place} in eastern Ukraine.",
        "Reuters could not independently verify the claim. Ukrainian officials have not confirmed it.",
    ]
    return title, "\n".join([title, ""] + body)


GENERATORS = [("mod-en", ru_mod_report_en, "en"), ("mod-ro", ru_mod_report_ro, "ro"),
              ("airforce", ua_af_report_en, "en"), ("strike", strike_report_en, "en"),
              ("claim", claim_report_en, "en")]


def republish(rng, text: str, lang: str) -> str:
    """Another outlet's copy: its own boilerplate around the same body, lines re-wrapped."""
    boiler = rng.choice(EN_BOILER if lang == "en" else RO_BOILER)
    lines = text.split("\n")
    head, body = lines[0], [l for l in lines[1:] if l]
    if rng.random() < 0.5:
        head = head.replace("says", "claims") if "says" in head else head + " - report"
    return "\n".join(boiler[: len(boiler) // 2] + [head, ""] + body + [""] + boiler[len(boiler) // 2:]) + "\n"


def write(out: Path, day: date, name: str, text: str, source: str) -> None:
    folder = out / f"{day:%Y}" / f"{day:%m}" / f"{day:%d}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    meta = {"published_at": day.isoformat(), "url": f"https://{source}/{day:%Y/%m/%d}/{name[:-4]}",
            "source": source}
    (folder / (name + ".meta.json")).write_text(json.dumps(meta), encoding="utf-8")


def generate(out: Path, start: date, days: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    count = 0
    for i in range(days):
        day = start + timedelta(days=i)
        for j, (kind, gen, lang) in enumerate(GENERATORS):
            if kind in ("strike", "claim") and rng.random() < 0.5:
                continue
            _, text = gen(rng, day)
            source = f"{kind}.example.org"
            write(out, day, f"{kind}-{j}.txt", text + "\n", source)
            count += 1
            for k in range(rng.choice([0, 0, 1, 2])):  # wire copies, same day or the next
                copy_day = day + timedelta(days=rng.choice([0, 0, 1]))
                write(out, copy_day, f"{kind}-{j}-copy{k}-of-{day:%m%d}.txt", republish(rng, text, lang),
                      f"outlet{k}.example.net")
                count += 1
    seeds = ROOT / "seeds"
    for s in sorted(seeds.glob("*.txt")):
        meta = json.loads((seeds / (s.name + ".meta.json")).read_text())
        d = date.fromisoformat(meta["published_at"])
        if start <= d < start + timedelta(days=days):
            folder = out / f"{d:%Y}" / f"{d:%m}" / f"{d:%d}"
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(s, folder / s.name)
            shutil.copy(seeds / (s.name + ".meta.json"), folder / (s.name + ".meta.json"))
            count += 1
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--start", default="2024-10-01")
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    n = generate(Path(args.out), date.fromisoformat(args.start), args.days, args.seed)
    print(f"wrote {n} documents to {args.out}")


if __name__ == "__main__":
    main()
