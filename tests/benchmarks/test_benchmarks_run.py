"""Every script in benchmarks/ runs from a clean clone: a smoke run of each at tiny size, so
that none rots between the runs that measure (their figures are in docs/benchmarks.md)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"

pytestmark = [
    pytest.mark.slow,
    # They make their own data folders and databases: once is enough, in the SQLite pass.
    pytest.mark.skipif(
        "postgres" in os.environ.get("DATABASE_URL", ""),
        reason="the benchmarks' smoke runs are made in the SQLite pass",
    ),
]

RUNS = {
    "evaluate.py": (["--sample", "12"], "segurfaq engine"),
    "evaluate.py frozen": (
        ["--split", "frozen", "--neighbours", "--sample", "12"],
        "engine P@1 by register",
    ),
    "calibrate.py": (["--sample", "40", "--folds", "2"], "CONFIDENCE_BIAS"),
    "fusion_grid.py": (["--sample", "12"], "engine now:"),
    "through_cli.py": (
        ["--neighbours", "--sample", "8", "--synthetic", "3"],
        "through segurfaq search --jsonl",
    ),
    "scale.py": (["--count", "30", "--sample", "8"], "P@1"),
    "synthetic.py": (["5"], "question"),
    "hostile.py": (["--rounds", "1", "--ordinary", "3"], "Worst input / ordinary question"),
    "request_cost.py": (["--count", "5"], "ms"),
    "backup.py": (["--searches", "2000"], '"round_trip_exact": true'),
    "load.py": (
        ["--duration", "1", "--connections", "2", "--threads", "1", "--warm", "5"],
        "bare embedding model",
    ),
    "digest.py": (["--followers", "300", "--changed", "5", "--send", "10"], "sending:"),
    "learning.py": (
        ["--sample", "8", "--searches", "40", "--checkpoints", "0,40"],
        "hostile burst",
    ),
}


def test_every_script_in_benchmarks_has_a_smoke_run():
    scripts = {path.name for path in BENCHMARKS.glob("*.py")}
    libraries = {"corpus.py", "in_process.py"}
    assert scripts - libraries == {name.split()[0] for name in RUNS}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_the_benchmark_runs_at_tiny_size(name, tmp_path):
    if name == "load.py" and shutil.which("wrk") is None:
        pytest.fail("wrk est absent : scripts/test l'installe (apt-get install wrk).")
    arguments, expected = RUNS[name]
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["OMP_NUM_THREADS"] = "1"
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / name.split()[0]), *arguments],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert expected in done.stdout
