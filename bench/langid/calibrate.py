#!/usr/bin/env python3
"""Fit the language detector's combination weights on a development set that is not the evaluation set.

    python bench/langid/calibrate.py [--write]

The detector scores each candidate language L of a text mainly in script S as

    sum over voters v of w_S,v * log p_v(L)  -  w_S,letter * (letters L's orthography lacks)
      + bias_S(L) + prior(L)

(the better of the two readings for cedilla text). The weights and biases of each script
are fitted here by maximum likelihood on ``gettext_devset`` (the machine's gettext
catalogs, plus VIINA news sentences when ../shared is present) — never on
``../shared/data/langid/testset.jsonl`` — with a light L2 penalty on the biases, which
undo the voters' training priors (fastText leans to Russian) on a development set
balanced over languages. The loss is averaged per (language, bucket) group; the
project's languages (and Belarusian, the known trap) weigh 1, the other candidates
``OTHER_WEIGHT``. ``prior`` is the log prior of Ukrainian against Russian from their
shares of the VIINA corpus. With ``--write`` the result goes to
``include/newsevents/data/langid/weights.json`` with its provenance.

    python bench/langid/calibrate.py --early

checks the detector's early exit instead (``langid.EARLY_LETTERS`` / ``EARLY_MARGIN``):
on the same development items, plus paragraphs of three of their sentences and whole
VIINA texts, how often a lead of py3langid and the letters alone is overturned by the
whole ensemble, per script, at the chosen length and at several margins.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "include"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gettext_devset  # noqa: E402
from newsevents import langid  # noqa: E402
from newsevents.langid.candidates import languages, of_scripts, scripts_of  # noqa: E402

KEYS = langid.VOTERS + ("foreign_letter",)
NV = len(KEYS)
PROJECT = ("ro", "en", "ru", "uk", "fr", "de", "pl", "be")
OTHER_WEIGHT = 0.25
BIAS_L2 = 0.01


def features(items: list[dict]) -> list[dict]:
    """Items grouped by (candidate set, main script): evidence ``N x 2 readings x rows x K``
    (rows: the voters, then the foreign letters), gold index, weight, group."""
    groups = Counter((it["lang"], it["bucket"]) for it in items)
    total = sum((1.0 if lang in PROJECT else OTHER_WEIGHT) for lang, _ in groups)
    by_langs: dict = defaultdict(lambda: {"E": [], "gold": [], "weight": [], "group": []})
    for it in items:
        scripts, letters = scripts_of(it["text"])
        langs = of_scripts(scripts) if scripts else ()
        codes = [lang.code for lang in langs]
        if it["lang"] not in codes or len(codes) < 2:
            continue
        ev = [langid.evidence(t, ls, langs) for t, ls in langid.readings(it["text"])]
        key = (langs, langid.main_script(letters))
        g = by_langs[key]
        g["E"].append(np.stack([ev[0], ev[-1]]))
        g["gold"].append(codes.index(it["lang"]))
        g["group"].append((it["lang"], it["bucket"]))
        gw = 1.0 if it["lang"] in PROJECT else OTHER_WEIGHT
        g["weight"].append(gw / groups[(it["lang"], it["bucket"])] / total)
    codes_all = [lang.code for lang in languages()]
    return [{"E": np.array(g["E"]), "gold": np.array(g["gold"]), "weight": np.array(g["weight"]),
             "group": g["group"], "script": script,
             "bias_index": np.array([codes_all.index(lang.code) for lang in langs])}
            for (langs, script), g in by_langs.items()]


def unpack(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    w = theta[:NV].copy()
    w[-1] = -w[-1]
    return w, theta[NV:]


def loss_and_grad(theta: np.ndarray, feats: list[dict]) -> tuple[float, np.ndarray]:
    w, b = unpack(theta)
    loss, gw, gb = 0.0, np.zeros(NV), np.zeros_like(b)
    for f in feats:
        S = np.einsum("nrvk,v->nrk", f["E"], w) + b[f["bias_index"]]
        r = S.argmax(axis=1)  # the better reading per language
        s = np.take_along_axis(S, r[:, None, :], axis=1)[:, 0, :]
        E = np.take_along_axis(f["E"], r[:, None, None, :].repeat(NV, axis=2), axis=1)[:, 0]
        m = s.max(axis=1, keepdims=True)
        p = np.exp(s - m)
        z = p.sum(axis=1, keepdims=True)
        p /= z
        n = np.arange(len(s))
        loss += float(f["weight"] @ (m[:, 0] + np.log(z[:, 0]) - s[n, f["gold"]]))
        d = p
        d[n, f["gold"]] -= 1.0
        d *= f["weight"][:, None]
        gw += np.einsum("nk,nvk->v", d, E)
        np.add.at(gb, f["bias_index"], d.sum(axis=0))
    gw[-1] = -gw[-1]
    loss += BIAS_L2 * float(b @ b)
    gb += 2 * BIAS_L2 * b
    return loss, np.concatenate([gw, gb])


def accuracy(theta: np.ndarray, feats: list[dict]) -> dict:
    """Development accuracy per bucket, macro over the project's languages."""
    w, b = unpack(theta)
    per: dict = defaultdict(list)
    for f in feats:
        s = (np.einsum("nrvk,v->nrk", f["E"], w) + b[f["bias_index"]]).max(axis=1)
        for group, ok in zip(f["group"], s.argmax(axis=1) == f["gold"]):
            per[group].append(ok)
    out = {}
    for bucket in sorted({bk for lang, bk in per if lang in PROJECT}):
        out[bucket] = round(float(np.mean([100 * np.mean(v) for (lang, bk), v in per.items()
                                           if bk == bucket and lang in PROJECT])), 2)
    return out


def prior() -> dict:
    """Log prior of Ukrainian against Russian from the share of each in the VIINA war-news
    corpus (the project's domain), keeping the pair's total mass; kept as it is in
    weights.json when the corpus is absent."""
    counts = {code: len(set(texts)) for code, texts in gettext_devset.viina_texts().items()}
    if not all(counts.values()):
        old = json.loads(langid.WEIGHTS.read_text(encoding="utf-8")) if langid.WEIGHTS.exists() else {}
        print("VIINA corpus absent: prior kept as it was")
        return {k: old[k] for k in ("prior", "prior_source") if k in old}
    total = sum(counts.values())
    print("prior from VIINA texts:", counts)
    return {"prior": {c: round(float(np.log(len(counts) * n / total)), 4) for c, n in counts.items()},
            "prior_source": (f"VIINA 2022-2025 representative texts labelled by letters only one of the "
                             f"two has: {counts}")}


def as_json(theta: np.ndarray, feats: list[dict]) -> dict:
    out = {k: round(float(v), 4) for k, v in zip(KEYS, theta[:NV])}
    present = sorted({int(i) for f in feats for i in f["bias_index"]})
    out["bias"] = {languages()[i].code: round(float(theta[NV + i]), 4) for i in present}
    return out


def fit_script(feats: list[dict]) -> tuple[np.ndarray, object]:
    from scipy.optimize import minimize

    start = np.concatenate([np.ones(NV), np.zeros(len(languages()))])
    fit = minimize(loss_and_grad, start, args=(feats,), jac=True, method="L-BFGS-B",
                   bounds=[(0, None)] * NV + [(None, None)] * len(languages()))
    return start, fit


def early_exit_check(items: list[dict]) -> None:
    """Per script: texts of at least ``EARLY_LETTERS`` letters whose py3langid-and-letters
    lead is at least m, and how many of them the whole ensemble labels otherwise."""
    by_group: dict = defaultdict(list)
    for it in items:
        if it["bucket"].endswith("sentence"):
            by_group[(it["lang"], it["bucket"])].append(it["text"])
    paragraphs = [" ".join(ts[i:i + 3]) for ts in by_group.values() for i in range(0, len(ts) - 2, 3)]
    paragraphs += [t for ts in gettext_devset.viina_texts().values()
                   for t in sorted(set(ts), key=gettext_devset._rank)[:1500]]
    w_py3 = langid.VOTERS.index("py3langid")
    margins = (1.0, 2.0, 3.0, langid.EARLY_MARGIN)
    stats: dict = defaultdict(lambda: [0, 0] + [[0, 0] for _ in margins])
    for text in [it["text"] for it in items] + paragraphs:
        job = langid._triage(text, None)
        if not isinstance(job, langid._Pending) or job.letters < langid.EARLY_LETTERS:
            continue
        rows = [langid.evidence(t, ls, job.langs) for t, ls in job.readings]
        full = int(np.argmax(np.max([job.w @ e for e in rows], axis=0) + job.bias))
        early = np.max([job.w[w_py3] * e[w_py3] + job.w[-1] * e[-1] for e in rows], axis=0) + job.bias
        lead = float(np.diff(np.sort(early)[-2:])[0])
        st = stats[langid.main_script(job.readings[0][1])]
        st[0] += 1
        for (m, cell) in zip(margins, st[2:]):
            if lead >= m:
                cell[0] += 1
                cell[1] += int(np.argmax(early)) != full
    print(f"early exit at {langid.EARLY_LETTERS}+ letters, development items and paragraphs:")
    for script, st in sorted(stats.items()):
        cells = ", ".join(f"lead >= {m:g}: {c[0]} texts ({100 * c[0] / st[0]:.1f} %), {c[1]} overturned"
                          for m, c in zip(margins, st[2:]))
        print(f"  {script}: {st[0]} texts; {cells}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="store the fitted weights")
    ap.add_argument("--early", action="store_true", help="check the early exit, fit nothing")
    args = ap.parse_args()
    items = gettext_devset.build()
    if not items:
        print(f"no gettext catalogs under {gettext_devset.LOCALE}: nothing to fit on")
        return 1
    if args.early:
        early_exit_check(items)
        return 0
    feats = features(items)
    out: dict = {"scripts": {}, "dev_accuracy": {}}
    for script in ("Latin", "Cyrillic"):
        fs = [f for f in feats if f["script"] == script]
        start, fit = fit_script(fs)
        out["scripts"][script] = as_json(fit.x, fs)
        out["dev_accuracy"][script] = accuracy(fit.x, fs)
        print(f"{script}: dev loss {loss_and_grad(start, fs)[0]:.4f} -> {fit.fun:.4f} ({fit.message})")
        print("  fitted", out["scripts"][script])
        print("  dev accuracy of the project's languages, all weights 1:", accuracy(start, fs))
        print("  dev accuracy of the project's languages, fitted:       ", out["dev_accuracy"][script])
    # Greek has one candidate: only a Greek text mixed with Latin needs weights; Latin's serve.
    out["scripts"]["Greek"] = dict(out["scripts"]["Latin"], bias={})
    out.update(prior())
    out["fitted_on"] = (f"gettext catalogs of /usr/share/locale, {len(items)} items "
                        f"(bench/langid/gettext_devset.py), {date.today().isoformat()}")
    if args.write:
        langid.WEIGHTS.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("wrote", langid.WEIGHTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
