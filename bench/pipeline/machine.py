"""What the benchmark ran on, and the CPU time it cost, including PostgreSQL's.

Why: figures from a shared two-core machine mean little without the machine and its
load, and an end-to-end rate hides how much of the CPU the database server took.
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLOCK = os.sysconf("SC_CLK_TCK")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def describe(conn=None) -> dict:
    out = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "ram_gib": _mem_total_gib(),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        out["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                       text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out["commit"] = "unknown"
    if conn is not None:
        with conn.cursor() as cur:
            cur.execute("SHOW server_version")
            out["postgresql"] = cur.fetchone()[0]
            cur.execute("SHOW shared_buffers")
            out["postgresql_shared_buffers"] = cur.fetchone()[0]
        conn.rollback()
    for pkg in ("apache-airflow", "psycopg2-binary", "trafilatura", "langdetect", "datasketch"):
        try:
            from importlib.metadata import version

            out.setdefault("packages", {})[pkg] = version(pkg)
        except Exception:  # a peer not installed is reported, not fatal
            out.setdefault("packages", {})[pkg] = None
    return out


def peak_rss_mib() -> float:
    """This process's own high-water mark (VmHWM), not one inherited through fork/exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()


def postgres_cpu_seconds(data_dir: Path | None = None) -> float | None:
    """CPU seconds the private PostgreSQL has used so far: the postmaster with its reaped
    children, plus the live backends."""
    data_dir = data_dir or ROOT / ".local" / "pg" / "data"
    try:
        postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    st = _stat(postmaster)
    if st is None:
        return None
    ticks = sum(int(x) for x in st[11:15])  # utime stime cutime cstime
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            child = _stat(int(entry.name))
            if child and int(child[1]) == postmaster:
                ticks += int(child[11]) + int(child[12])
    return ticks / CLOCK
