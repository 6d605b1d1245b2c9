"""Markdown for a benchmark result (bench.py writes it beside the JSON)."""

from __future__ import annotations


def _f(x, nd=1) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:,.{3 if 0 < abs(x) < 1 else nd}f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def _table(head: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_f(c) for c in r) + " |" for r in rows]
    return out + [""]


def render(r: dict) -> str:
    m, p, c = r["machine"], r["parameters"], r["corpus"]
    lines = [f"# Pipeline throughput: {c['text']:,} plain-text + {c['html']:,} HTML documents", "",
             f"Run {m['date']} at commit `{m['commit']}` with "
             f"`make bench N={p['text']} HTML={p['html']}` (`bench/pipeline/bench.py`).", "",
             "## Machine", ""]
    lines += _table(["CPU", "cores", "RAM", "Python", "PostgreSQL", "load average (start → end)"],
                    [[m["cpu"], m["cores"], f"{m['ram_gib']} GiB", m["python"],
                      f"{m.get('postgresql')} (shared_buffers {m.get('postgresql_shared_buffers')})",
                      f"{m['load_average']} → {m.get('load_average_end')}"]])
    lines += ["The machine is shared with other work: the load average says how much. Per-stage "
              "figures are CPU time, so they hold under load; end-to-end figures are wall time.", "",
              "## Targets", ""]
    lines += _table(["target", "figure", "goal", "met", "measured by"],
                    [[t["target"], t["figure"], t["goal"],
                      {True: "**met**", False: "**not met**", None: "not measured"}[t["met"]], t["measured_by"]]
                     for t in r["targets"]])
    b = r.get("bottlenecks", {})
    if b:
        lines += ["Bottleneck (largest share of the time): " + "; ".join(
            f"{k}: {v.get('stage')} ({_f(100 * v.get('share', 0), 0)} % of one core's CPU alone), "
            f"{v.get('e2e_stage')} ({_f(100 * v.get('e2e_share', 0), 0)} % of the end-to-end wall time)"
            for k, v in b.items()) + ".", ""]
    lines += [f"Corpus: `{c['folder']}` ({_f(c['bytes']['text'] / 1e6)} MB plain text, "
              f"{_f(c['bytes']['html'] / 1e6)} MB HTML, {c['first_day']} → {c['last_day']}, near duplicates "
              f"{c['near_duplicates']}, exact duplicates {c['exact_duplicates']}, seed {c['seed']}; "
              f"{'reused' if c['seconds'] < 1 else 'generated in ' + str(c['seconds']) + ' s'}).", ""]
    st = r.get("stages") or {}
    if st:
        lines += ["## Each stage alone, one core, and its peer on the same documents", "",
                  f"Models load once per process ({st.get('warm_up_s')} s); peak RSS of this process "
                  f"{st.get('peak_rss_mib')} MiB.", ""]
        for kind in ("text", "html"):
            if kind not in st:
                continue
            k = st[kind]
            rows = [[n, v["docs"], v["docs_per_s_core"], v["mb_per_s_core"], f"{100 * k['cpu_share'].get(n, 1):.0f} %"]
                    for n, v in k["stages"].items()]
            rows += [[f"peer: {n}", v["docs"], v["docs_per_s_core"], v["mb_per_s_core"], ""]
                     for n, v in k["peers"].items()]
            lines += [f"### {kind}", ""]
            lines += _table(["stage", "documents", "docs/s per core", "MB/s per core", "share of CPU"], rows)
            if k["speed_ratio"]:
                lines += ["Ours ÷ peer throughput: " + ", ".join(f"{n} {v}×" for n, v in k["speed_ratio"].items()),
                          ""]
    e2e = r.get("e2e") or {}
    if e2e:
        lines += ["## End to end into PostgreSQL (backfill, window by window, every core)", ""]
        rows = []
        for kind, e in e2e.items():
            rows.append([kind, e["documents"], e["workers"], e["pipeline_s"], e["docs_per_s"], e["docs_per_s_core"],
                         e["mb_per_s_core"], e["worker_cpu_s"], e["postgres_cpu_s"], e["docs_per_cpu_s"],
                         e["checks_s"], e["docs_per_s_core_with_checks"], e["peak_worker_rss_mib"]])
        lines += _table(["archive", "documents", "workers", "wall s", "docs/s", "docs/s per core", "MB/s per core",
                         "worker CPU s", "PostgreSQL CPU s", "docs per CPU-second", "data checks s",
                         "docs/s per core with checks", "peak worker RSS MiB"], rows)
        lines += ["Per core: wall clock ÷ cores, and documents per CPU-second the workers and PostgreSQL "
                  "used (the fair figure on a machine others share).", ""]
        for kind, e in e2e.items():
            lines += [f"### {kind}: wall time per stage", ""]
            lines += _table(list(e["stage_seconds"]), [[e["stage_seconds"][s] for s in e["stage_seconds"]],
                                                       [f"{100 * e['stage_share'][s]:.0f} %" for s in e["stage_share"]]])
            lines += [f"Scaling: per-document seconds = {e['per_doc_s_fit']['a']:.5f} + "
                      f"{e['per_doc_s_fit']['b_per_doc_in_warehouse']:.3e} × documents already in the warehouse "
                      f"(with the data checks: {e['per_doc_s_fit_with_checks']['a']:.5f} + "
                      f"{e['per_doc_s_fit_with_checks']['b_per_doc_in_warehouse']:.3e} × documents).", ""]
            lines += _table(["window", "inputs", "batches", "in warehouse before", "seconds", "checks s",
                             "ms per document"],
                            [[" → ".join(w["window"]), w["inputs"], w["batches"], w["warehouse_docs_before"],
                              w["pipeline_s"], w["seconds"]["checks"],
                              round(1000 * w["pipeline_s"] / w["inputs"], 1) if w["inputs"] else None]
                             for w in e["windows"]])
        bf = r.get("backfill_1m") or {}
        hist = r.get("e2e_at_history")
        if hist and bf.get("probe"):
            pr = bf["probe"]
            lines += ["### The same window against a warehouse of about 1 M documents", "",
                      "After the dedup measurement below the warehouse holds about a million documents; the "
                      "backfill's second window runs again against it:", ""]
            lines += _table(["documents in the warehouse", "wall ms per document", "CPU ms per document"],
                            [[pr["window_history"], pr["window_ms_per_doc"], pr["window_cpu_ms_per_doc"]],
                             [pr["probe_history"], pr["probe_ms_per_doc"], pr["probe_cpu_ms_per_doc"]]])
        growth = bf.get("slope_ms_per_doc_per_100k") or {}
        lines += [f"1 M documents at this corpus's mix, extrapolated ({bf.get('method')}; each 100 k documents "
                  f"in the warehouse add {_f(growth.get('cpu_s'), 2)} ms of CPU and {_f(growth.get('wall_s'), 2)} ms "
                  "of wall clock per document): "
                  f"**{_f((bf.get('seconds_cpu') or 0) / 3600, 2)} h** of this machine's CPU (workers and PostgreSQL, "
                  f"both cores), {_f((bf.get('seconds') or 0) / 3600, 2)} h of wall clock at the load it had. "
                  "The data checks after each run scan the whole warehouse (not in these hours): their time "
                  "per window is in the tables above.", ""]
    ds = r.get("dedup_scaling")
    if ds:
        lines += ["## Dedup against a growing warehouse", ""]
        lines += _table(["documents in the warehouse", "run documents", "ms per document (deduplicate)",
                         "datasketch LSH ms per document"],
                        [[x["warehouse_docs"], x["run_docs"], x["ms_per_doc"], x["datasketch_ms_per_doc"]]
                         for x in ds["points"]])
        lines += [f"Growth first → last: {ds['growth_first_to_last']}× (datasketch is measured up to "
                  f"{ds['peer_max']:,} documents: its in-memory index needs about 2 KB a document).", ""]
    cv = r.get("copy_vs_values")
    if cv:
        lines += ["## COPY against execute_values", ""]
        lines += _table(["rows", "count", "execute_values rows/s", "COPY rows/s", "COPY speed-up"],
                        [[k, v["rows"], v["execute_values"]["rows_per_s"], v["copy"]["rows_per_s"],
                          f"{v['copy_speedup']}×"] for k, v in cv.items()])
    pp = r.get("partition_probe")
    if pp:
        lines += ["## Monthly partitions on a hash-keyed table (why documents are not partitioned)", "",
                  f"{pp['rows']:,} rows, {pp['months']} monthly partitions, {pp['ids_per_query']} ids per query "
                  "(best of 10):", ""]
        lines += _table(["access", "ms"], [[k[:-3].replace("_", " "), v] for k, v in pp.items() if k.endswith("_ms")])
    for kind in ("text", "html"):
        prof = (st.get(kind) or {}).get("profile")
        if prof:
            lines += [f"## Profile ({kind}, cProfile, by own time)", "", "```", *prof, "```", ""]
    lines += ["Rerun: `make bench N=<plain-text documents> [HTML=<HTML documents>]` "
              "(`BENCH_ARGS='--skip dedup,probe'` for a quicker pass).", ""]
    return "\n".join(lines)
