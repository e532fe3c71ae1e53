"""The same instance gives the same matching, byte for byte, whatever the machine's load.

Usage::

    .venv/bin/python bench/determinism_bench.py                     # Montreuil scale
    .venv/bin/python bench/determinism_bench.py --scale small --seed 3 --burners 2

Generates one instance (``sppe/allocation/engine/generator.py``), runs the engine on it
once, then again with CPU-bound processes running beside it (a bounded busy loop in a
subprocess each), and prints both runs' timings and the SHA-256 of the published
session document (instance and matching, ``export.dumps``) and of the explanations.
Each run is a fresh Python process with its own string-hash seed (PYTHONHASHSEED 1,
then 2), so that no iteration order of a set or dict of texts can leak into the result.
Exit status 1 when the two runs differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sppe.allocation.engine import allocate  # noqa: E402
from sppe.allocation.engine.export import dumps, session_to_dict  # noqa: E402
from sppe.allocation.engine.generator import ALL_FEATURES, SCALES, generate  # noqa: E402

BUSY_LOOP = (
    "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"
)


def run(instance, time_limit: float) -> dict:
    started = time.perf_counter()
    cpu = time.process_time()
    result = allocate(instance, time_limit=time_limit)
    wall = time.perf_counter() - started
    document = dumps(session_to_dict(instance, result.matching))
    explanations = "\n".join(
        f"{child_id}\t{result.explain(child_id).text}" for child_id in sorted(result.matching)
    )
    return {
        "wall": wall,
        "cpu": time.process_time() - cpu,
        "placed": result.report.placed,
        "envy": result.report.blocking_count,
        "status": f"{result.method}, {result.status}",
        "matching": hashlib.sha256(document.encode()).hexdigest(),
        "explanations": hashlib.sha256(explanations.encode()).hexdigest(),
    }


def in_child(args: argparse.Namespace) -> dict:
    """One run in a fresh interpreter, with the given string-hash seed."""
    command = [sys.executable, __file__, "--run-here", "--scale", args.scale, "--seed",
               str(args.seed), "--time-limit", str(args.time_limit)]  # fmt: skip
    if args.joint_transfers:
        command.append("--joint-transfers")
    env = {**os.environ, "PYTHONHASHSEED": str(args.hash_seed)}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="montreuil", choices=sorted(SCALES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=8.0)
    parser.add_argument("--burners", type=int, default=2, help="CPU-bound processes beside")
    parser.add_argument("--burn-seconds", type=float, default=120.0, help="their bound")
    parser.add_argument("--joint-transfers", action="store_true")
    parser.add_argument("--run-here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    features = replace(ALL_FEATURES, joint_transfers=args.joint_transfers)
    instance = generate(args.scale, seed=args.seed, features=features)
    if args.run_here:
        print(json.dumps(run(instance, args.time_limit)))
        return 0
    print(f"instance: {args.scale}, seed {args.seed}, {len(instance.children)} children")
    args.hash_seed = 1
    quiet = in_child(args)
    burners = [
        subprocess.Popen([sys.executable, "-c", BUSY_LOOP.format(seconds=args.burn_seconds)])
        for _ in range(args.burners)
    ]
    try:
        time.sleep(0.5)  # let them start
        args.hash_seed = 2
        loaded = in_child(args)
    finally:
        for burner in burners:
            burner.terminate()
        for burner in burners:
            burner.wait()
    header = f"{'run':<22}{'wall s':>8}{'cpu s':>8}{'placed':>8}{'envy':>6}  status"
    print(header)
    for name, r in (("quiet", quiet), (f"{args.burners} busy loops beside", loaded)):
        print(
            f"{name:<22}{r['wall']:>8.2f}{r['cpu']:>8.2f}{r['placed']:>8}{r['envy']:>6}  "
            f"{r['status']}"
        )
        print(f"{'':<22}matching sha256 {r['matching']}")
        print(f"{'':<22}explanations sha256 {r['explanations']}")
    same = quiet["matching"] == loaded["matching"]
    same_text = quiet["explanations"] == loaded["explanations"]
    print(f"matchings byte-identical: {'yes' if same else 'NO'}")
    print(f"explanations byte-identical: {'yes' if same_text else 'NO'}")
    return 0 if same and same_text else 1


if __name__ == "__main__":
    sys.exit(main())
