#!/usr/bin/env python3
"""Scale-out: the news_events DAG through Airflow's CeleryExecutor, one worker, then two.

    python bench/pipeline/celery_bench.py [--text 10000] [--kind text] [--workers 1,2]

Why: the DAG maps its per-document stages over batches so that more workers finish a
run sooner; this measures it on the real engine. It starts Debian's redis-server on
127.0.0.1 (scripts/redis.sh, installed if missing), the Airflow api-server, scheduler and
dag-processor with ``AIRFLOW__CORE__EXECUTOR=CeleryExecutor``, then for each worker
count: empties the benchmark warehouse, starts that many ``airflow celery worker -c 1``
(one task at a time each, so a worker is one core), triggers one run over the corpus
archive, waits for it, and reads every task instance's timing from the REST API. Then it
stops everything it started. The ratio is one worker's wall time over two workers'.
Writes bench/results/celery-<kind><size>.{json,md}.

Refuses to run while the local Airflow (scripts/airflow.sh, LocalExecutor) is up: both
would schedule from the same metadata database.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "include"))
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402
import machine  # noqa: E402
from benchdb import reset  # noqa: E402

RUN = ROOT / ".local" / "celery-bench"
RESULTS = ROOT / "bench" / "results"


class Stack:
    """The processes this benchmark starts, each leading its own process group, so that
    stopping one ends its children and nothing else."""

    def __init__(self, env: dict) -> None:
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *args: str) -> None:
        log = open(RUN / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(["airflow", *args], env=self.env, stdout=log, stderr=log,
                                            stdin=subprocess.DEVNULL, start_new_session=True, cwd=ROOT)

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)


def _airflow_env(bench_url: str) -> dict:
    env = dict(os.environ)
    out = subprocess.run([str(ROOT / "scripts" / "airflow.sh"), "env"], capture_output=True, text=True, check=True)
    for line in out.stdout.splitlines():
        key, _, value = line.partition("=")
        if key:
            env[key] = value
    broker = subprocess.run([str(ROOT / "scripts" / "redis.sh"), "url"], capture_output=True, text=True,
                            check=True).stdout.strip()
    env.update({
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CELERY__BROKER_URL": broker,
        "AIRFLOW__CELERY__WORKER_CONCURRENCY": "1",
        "AIRFLOW__SCHEDULER__STANDALONE_DAG_PROCESSOR": "True",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "30",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW_CONN_WAREHOUSE": bench_url,
        "WAREHOUSE_URL": bench_url,
    })
    return env


class Api:
    def __init__(self, env: dict) -> None:
        self.base = env["AIRFLOW__API__BASE_URL"]
        self.user = os.environ.get("NEWSEVENTS_UI_USER", "admin")
        self.password = (ROOT / ".local" / "secrets" / "ui-password").read_text().strip()

    def _token(self) -> str:
        body = json.dumps({"username": self.user, "password": self.password}).encode()
        req = urllib.request.Request(self.base + "/auth/token", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r)["access_token"]

    def call(self, path: str, body: dict | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self._token()}", "Content-Type": "application/json"}
        req = urllib.request.Request(self.base + path, json.dumps(body).encode() if body is not None else None,
                                     headers, method="POST" if body is not None else "GET")
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.load(r)

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.base + "/api/v2/monitor/health", timeout=5):
                return True
        except OSError:
            return False


def _wait(what: str, check, timeout: float, every: float = 2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"{what} did not happen within {timeout:.0f} s (logs in {RUN})")


PING = """
import sys, time
from airflow.providers.celery.executors.celery_executor import app
want, deadline = set(sys.argv[1:]), time.monotonic() + 180
while time.monotonic() < deadline:
    seen = {n for reply in app.control.ping(timeout=2) for n in reply}
    if want <= {n.split("@")[0] for n in seen}:
        sys.exit(0)
    time.sleep(1)
sys.exit(1)
"""


def _workers_ready(env: dict, names: list[str]) -> bool:
    """Every worker answers a Celery ping (their start-up log line is below the log level)."""
    return subprocess.run([sys.executable, "-c", PING, *names], env=env, capture_output=True).returncode == 0


def _parse(ts: str | None) -> datetime | None:
    return datetime.fromisoformat(ts.replace("Z", "+00:00")) if ts else None


def measure(stack: Stack, api: Api, env: dict, workers: int, archive: Path, bench_url: str) -> dict:
    reset(bench_url)
    names = [f"worker{workers}-{i}" for i in range(workers)]
    for n in names:
        (RUN / f"{n}.log").unlink(missing_ok=True)
        stack.start(n, "celery", "worker", "-c", "1", "-H", f"{n}@%h", "-s", "--without-mingle", "--without-gossip")
    if not _workers_ready(env, names):
        raise TimeoutError(f"celery workers {names} did not answer (logs in {RUN})")
    run_id = f"celery-bench-{workers}w-{int(time.time())}"
    t0 = time.perf_counter()
    api.call("/api/v2/dags/news_events/dagRuns", {
        "dag_run_id": run_id, "logical_date": datetime.now(timezone.utc).isoformat(),
        "conf": {"archive": str(archive), "whole_archive": True}})
    run = _wait("the DAG run", lambda: (lambda r: r if r["state"] in ("success", "failed") else None)(
        api.call(f"/api/v2/dags/news_events/dagRuns/{run_id}")), 4 * 3600, every=3)
    wall = time.perf_counter() - t0
    tis = api.call(f"/api/v2/dags/news_events/dagRuns/{run_id}/taskInstances?limit=1000")["task_instances"]
    for n in names:
        stack.stop(n)
    tasks: dict[str, dict] = {}
    for ti in tis:
        s, e = _parse(ti.get("start_date")), _parse(ti.get("end_date"))
        t = tasks.setdefault(ti["task_id"], {"instances": 0, "busy_s": 0.0, "start": s, "end": e, "states": {}})
        t["instances"] += 1
        t["states"][ti["state"]] = t["states"].get(ti["state"], 0) + 1
        if s and e:
            t["busy_s"] += (e - s).total_seconds()
            t["start"] = min(filter(None, [t["start"], s]))
            t["end"] = max(filter(None, [t["end"], e]))
    # The pipeline's time: the run's start to the end of load, the last task that moves data.
    # data_checks follows; a failing check is retried with a delay that is no pipeline work.
    started = _parse(run.get("start_date"))
    loaded = max((_parse(ti.get("end_date")) for ti in tis
                  if ti["task_id"] == "load" and ti["state"] == "success" and ti.get("end_date")), default=None)
    for t in tasks.values():
        t["span_s"] = round((t["end"] - t["start"]).total_seconds(), 1) if t["start"] and t["end"] else None
        t["busy_s"] = round(t["busy_s"], 1)
        t.pop("start"), t.pop("end")
    return {"workers": workers, "run_id": run_id, "state": run["state"], "wall_s": round(wall, 1),
            "run_s": round((_parse(run["end_date"]) - _parse(run["start_date"])).total_seconds(), 1)
            if run.get("end_date") and run.get("start_date") else None,
            "pipeline_s": round((loaded - started).total_seconds(), 1) if loaded and started else None,
            "checks": tasks.get("data_checks", {}).get("states"), "tasks": tasks}


def render(r: dict) -> str:
    m = r["machine"]
    lines = [f"# Scale-out on Celery: {r['documents']:,} {r['kind']} documents, one worker vs two", "",
             f"Run {m['date']} at commit `{m['commit']}` with `make bench-celery N={r['parameters']['text']}` "
             f"(`bench/pipeline/celery_bench.py`): CeleryExecutor, Redis {r.get('redis')} on 127.0.0.1, "
             f"each worker `airflow celery worker -c 1` (one task at a time).", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Python {m['python']}, "
             f"PostgreSQL {m.get('postgresql')}; load average {m['load_average']} → {m.get('load_average_end')} "
             "(the machine is shared).", "",
             "| workers | run state | data_checks | pipeline s (run start → load done) | wall s (trigger → run done) "
             "| run s (scheduler) |", "|---|---|---|---|---|---|"]
    for p in r["phases"]:
        lines.append(f"| {p['workers']} | {p['state']} | {p.get('checks')} | {p.get('pipeline_s')} | {p['wall_s']} "
                     f"| {p['run_s']} |")
    lines += ["", "The speed-up compares the pipeline's time (every task that moves data, load the last): a "
              "failing data check is retried after a delay, which is no pipeline work.", "",
              f"**Speed-up, two workers over one: {r['speedup']}×** (target ≥ 1.7×: "
              f"{'met' if r['speedup'] and r['speedup'] >= 1.7 else 'not met'}).", "",
              "Per task (span = first start to last end; busy = summed over mapped instances):", "",
              "| task | instances | " + " | ".join(f"{p['workers']} worker(s): span s / busy s" for p in r["phases"])
              + " |", "|---|---|" + "---|" * len(r["phases"])]
    for task in r["phases"][0]["tasks"]:
        cells = [f"{p['tasks'].get(task, {}).get('span_s')} / {p['tasks'].get(task, {}).get('busy_s')}"
                 for p in r["phases"]]
        lines.append(f"| {task} | {r['phases'][0]['tasks'][task]['instances']} | " + " | ".join(cells) + " |")
    lines += ["", "Rerun: `make bench-celery N=<plain-text documents>`.", ""]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", type=int, default=10_000)
    ap.add_argument("--html", type=int, default=None)
    ap.add_argument("--kind", choices=("text", "html"), default="text")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    html = args.text // 5 if args.html is None else args.html
    bench_url = os.environ.get("NEWSEVENTS_BENCH_URL")
    if not bench_url:
        print("NEWSEVENTS_BENCH_URL is not set: run through `make bench-celery`", file=sys.stderr)
        return 2
    status = subprocess.run([str(ROOT / "scripts" / "airflow.sh"), "status"], capture_output=True, text=True)
    if "running" in status.stdout:
        print("the local Airflow is running (scripts/airflow.sh): stop it first (make airflow-stop)", file=sys.stderr)
        return 2
    folder = ROOT / ".local" / "bench" / f"corpus-t{args.text}-h{html}-s{args.seed}"
    try:
        manifest = corpus_mod.generate(folder, text=args.text, html=html, seed=args.seed)
    except FileNotFoundError as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return 0
    RUN.mkdir(parents=True, exist_ok=True)
    redis_was_up = subprocess.run([str(ROOT / "scripts" / "redis.sh"), "url"], capture_output=True).returncode == 0
    subprocess.run([str(ROOT / "scripts" / "redis.sh"), "start"], check=True)
    env = _airflow_env(bench_url)
    from newsevents import warehouse

    conn = warehouse.connect(bench_url)
    result = {"machine": machine.describe(conn), "parameters": vars(args), "kind": args.kind,
              "documents": manifest[args.kind],
              "redis": subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split()[2]
              .replace("v=", "")}
    conn.close()
    subprocess.run(["airflow", "db", "migrate"], env=env, check=True, capture_output=True)
    stack = Stack(env)
    api = Api(env)
    try:
        for name in ("api-server", "scheduler", "dag-processor"):
            stack.start(name, name)
        _wait("api-server health", api.healthy, 240)
        _wait("news_events registered", lambda: subprocess.run(
            ["airflow", "dags", "unpause", "news_events"], env=env, capture_output=True).returncode == 0, 240, 5)
        result["phases"] = []
        for k in (int(x) for x in args.workers.split(",")):
            print(f"[celery] {k} worker(s) over {folder / args.kind}", file=sys.stderr)
            result["phases"].append(measure(stack, api, env, k, folder / args.kind, bench_url))
            print(f"[celery] {k} worker(s): {result['phases'][-1]['state']} in {result['phases'][-1]['wall_s']} s",
                  file=sys.stderr)
    finally:
        stack.stop_all()
        if not redis_was_up:
            subprocess.run([str(ROOT / "scripts" / "redis.sh"), "stop"])
    walls = {p["workers"]: p["pipeline_s"] for p in result["phases"] if p.get("pipeline_s")}
    result["speedup"] = round(walls[1] / walls[2], 2) if 1 in walls and 2 in walls else None
    result["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    out = RESULTS / f"celery-{args.kind}{result['documents']}"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(result, indent=1, default=str))
    out.with_suffix(".md").write_text(render(result))
    print(render(result))
    return 0 if result["speedup"] is not None else 1


if __name__ == "__main__":
    sys.exit(main())
