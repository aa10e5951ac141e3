"""Batch throughput: pairs/s for the local engine (1 and 2 workers) and Ray, on synthetic pairs.

    python bench/batch.py                 # 200 pairs: local x1, local x2, ray (2 actors)
    python bench/batch.py --pairs 50 --engines local1
    python bench/batch.py --write-pairs pairs.jsonl --pairs 200   # only write the pairs

Each engine runs the whole job (fresh store, plan, check, output in order) through `run_batch`
in this process; the figures are end-to-end wall-clock pairs/s and claims/s, start-up (model
loading, starting Ray) included, and when the first result arrived. On a GPU machine,
`--gpu` runs the local engine with device=cuda and reports claims/s (the core must honour
Settings.device for that to use the GPU).

The pairs are made here from short fictional news items written for this benchmark: each pair is
an article and a rewrite of it, faithful or with one planted error (a changed number, a swapped
name, a negation, an invented sentence), with sentence order and extra fields varied.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

# (source article, [rewrites]); the first rewrite is faithful, the others plant one error each.
ARTICLES: list[tuple[str, list[str]]] = [
    (
        "The city council of Marlow approved a budget of 4.2 million euros on Tuesday. Mayor Helen Varga said "
        "the money would pay for two new bridges and a library. The vote passed by seven votes to two. "
        "Construction is expected to start in March 2027. Opposition leader Tom Reyes called the plan reckless.",
        [
            "Marlow's council approved a 4.2 million euro budget on Tuesday. Mayor Helen Varga said it would fund two bridges and a library. The vote was seven to two.",
            "Marlow's council approved a 6.5 million euro budget on Tuesday. Mayor Helen Varga said it would fund two bridges and a library. The vote was seven to two.",
            "Marlow's council approved a 4.2 million euro budget on Tuesday. Tom Reyes said it would fund two bridges and a library. Construction starts in March 2027.",
            "Marlow's council rejected a 4.2 million euro budget on Tuesday. Mayor Helen Varga said it would fund two bridges and a library.",
            "Marlow's council approved a 4.2 million euro budget on Tuesday. The mayor said the national government will pay half of the cost. The vote was seven to two.",
        ],
    ),
    (
        "Northwind Airlines reported a profit of 310 million dollars for 2025, up 12 percent from the year before. "
        "Chief executive Sara Lind credited strong demand on transatlantic routes. The company will add 14 aircraft "
        "to its fleet next year. Its shares rose 5 percent in Oslo trading.",
        [
            "Northwind Airlines made a profit of 310 million dollars in 2025, 12 percent more than a year earlier. Sara Lind, the chief executive, pointed to demand on transatlantic routes.",
            "Northwind Airlines made a profit of 310 million dollars in 2025, 30 percent more than a year earlier. Sara Lind, the chief executive, pointed to demand on transatlantic routes.",
            "Northwind Airlines made a profit of 310 million dollars in 2025. The airline will add 14 aircraft next year, and its shares fell 5 percent in Oslo.",
            "Northwind Airlines made a profit of 310 million dollars in 2025. Sara Lind said the airline will cut 800 jobs to save costs.",
        ],
    ),
    (
        "Researchers at the University of Tallinn found that a common soil bacterium can break down polystyrene. "
        "The team, led by Dr. Mart Kask, published the study in the journal Nature Microbiology on 3 June. "
        "The bacterium digested about 40 percent of a sample within 30 days. Kask warned that industrial use is at "
        "least a decade away.",
        [
            "A team at the University of Tallinn led by Dr. Mart Kask found a soil bacterium that breaks down polystyrene. It digested about 40 percent of a sample in 30 days.",
            "A team at the University of Tallinn led by Dr. Mart Kask found a soil bacterium that breaks down polystyrene. It digested about 90 percent of a sample in 30 days.",
            "A team at the University of Helsinki led by Dr. Mart Kask found a soil bacterium that breaks down polystyrene. Kask said industrial use is a decade away.",
            "A team at the University of Tallinn found a soil bacterium that breaks down polystyrene. Kask said factories will start using it next year.",
        ],
    ),
    (
        "Heavy rain flooded parts of Valencia on Sunday, forcing 2,300 people from their homes. Regional president "
        "Ana Ruiz declared a state of emergency. Firefighters rescued 85 people from cars and roofs. No deaths were "
        "reported, officials said.",
        [
            "Floods in Valencia on Sunday forced 2,300 people from their homes. Ana Ruiz, the regional president, declared a state of emergency. Officials reported no deaths.",
            "Floods in Valencia on Sunday forced 23,000 people from their homes. Ana Ruiz, the regional president, declared a state of emergency. Officials reported no deaths.",
            "Floods in Valencia on Sunday forced 2,300 people from their homes. Firefighters rescued 85 people. Officials reported three deaths.",
            "Floods in Valencia on Sunday forced 2,300 people from their homes. Ana Ruiz blamed the city council for blocked drains.",
        ],
    ),
    (
        "The football club Rovers signed striker Paolo Neri from Ajax for 18 million pounds. Neri, 24, scored 21 "
        "goals last season. Manager Ian Cole said the signing was the club's most important in a decade. The "
        "contract runs until 2030.",
        [
            "Rovers signed striker Paolo Neri from Ajax for 18 million pounds. The 24-year-old scored 21 goals last season, and his contract runs until 2030.",
            "Rovers signed striker Paolo Neri from Ajax for 18 million pounds. The 24-year-old scored 12 goals last season, and his contract runs until 2030.",
            "Rovers signed striker Paolo Neri from Porto for 18 million pounds. Manager Ian Cole called it the club's most important signing in a decade.",
            "Rovers signed striker Paolo Neri from Ajax for 18 million pounds. Neri said he had always dreamed of playing for Rovers.",
        ],
    ),
    (
        "A fire destroyed a warehouse in the port of Gdansk early on Friday. Police said the blaze started in an "
        "electrical room. Damage is estimated at 9 million zloty. Two workers were treated for smoke inhalation.",
        [
            "A fire destroyed a warehouse in the port of Gdansk early on Friday. Police said it started in an electrical room, and two workers were treated for smoke inhalation.",
            "A fire destroyed a warehouse in the port of Gdansk early on Friday. Damage is put at 90 million zloty.",
            "A fire destroyed a warehouse in the port of Gdansk early on Friday. Police said the blaze was started deliberately.",
            "A fire destroyed a warehouse in the port of Gdansk early on Monday. Two workers were treated for smoke inhalation.",
        ],
    ),
]

OUTLETS = ("wire", "daily", "blog")
MODELS = ("model-a", "model-b")


def make_pairs(n: int, seed: int = 0) -> list[dict]:
    """`n` synthetic pairs {"id", "source", "derived", "outlet", "model", "variant"}; deterministic."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a = i % len(ARTICLES)
        source, rewrites = ARTICLES[a]
        v = rng.randrange(len(rewrites))
        sentences = rewrites[v].split(". ")
        sentences = [s if s.endswith(".") else s + "." for s in sentences]
        if len(sentences) > 1 and rng.random() < 0.4:
            rng.shuffle(sentences)
        src_sentences = source.split(". ")
        if rng.random() < 0.3:  # vary the source too: drop its last sentence
            src_sentences = src_sentences[:-1]
        src = ". ".join(s.rstrip(".") for s in src_sentences) + "."
        out.append(
            {
                "id": f"p{i:04d}",
                "source": src,
                "derived": " ".join(sentences),
                "outlet": OUTLETS[rng.randrange(len(OUTLETS))],
                "model": MODELS[rng.randrange(len(MODELS))],
                "variant": "faithful" if v == 0 else "planted",
            }
        )
    return out


def write_pairs(path: Path, pairs: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")


class _Timer:
    def __init__(self) -> None:
        self.first: float | None = None
        self.last: float | None = None
        self.n = 0
        self.claims = 0

    def start(self, **_: object) -> None:
        pass

    def rejected(self, row: dict) -> None:
        pass

    def advance(self, result: dict) -> None:
        now = time.perf_counter()
        self.first = self.first or now
        self.last = now
        self.n += 1
        if "report" in result:
            self.claims += result["report"]["summary"]["claims"]

    def finish(self) -> None:
        pass


def run_engine(name: str, pairs_path: Path, workdir: Path, settings_overrides: dict) -> dict:
    from groundcheck.batch import InProcessEngine, PairsInput, ProcessEngine, resolve_settings, run_batch
    from groundcheck.store import ResultStore

    settings = resolve_settings(settings_overrides)
    full = settings.model_dump(mode="json")
    if name == "local1":
        engine = InProcessEngine(full)
    elif name == "local2":
        engine = ProcessEngine(full, 2)
    elif name == "ray":
        from groundcheck.ray_batch import RayEngine

        engine = RayEngine(full, actors=2)
    else:
        raise SystemExit(f"unknown engine {name!r}")
    out = workdir / f"out-{name}.jsonl"
    timer = _Timer()
    t0 = time.perf_counter()
    with PairsInput(str(pairs_path)) as pairs, ResultStore(str(out) + ".gcstore.sqlite", fresh=True) as store:
        outcome = run_batch(pairs, str(out), engine, settings=settings, store=store, progress=timer)
    wall = time.perf_counter() - t0
    return {
        "engine": name,
        "description": outcome.engine,
        "pairs": outcome.rows,
        "claims": outcome.summary.claims,
        "errors": outcome.errors,
        "wall_s": round(wall, 2),
        "first_result_s": None if timer.first is None else round(timer.first - t0, 2),
        "pairs_per_s": round(outcome.rows / wall, 2),
        "claims_per_s": round(outcome.summary.claims / wall, 2),
        "output": str(out),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--engines", default="local1,local2,ray", help="comma-separated: local1, local2, ray")
    ap.add_argument("--gpu", action="store_true", help="local engine with device=cuda (reports claims/s)")
    ap.add_argument("--write-pairs", type=Path, help="only write the synthetic pairs here and exit")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    for k, v in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "TRANSFORMERS_VERBOSITY": "error", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}.items():
        os.environ.setdefault(k, v)
    pairs = make_pairs(args.pairs, args.seed)
    if args.write_pairs:
        write_pairs(args.write_pairs, pairs)
        return
    overrides = {"device": "cuda"} if args.gpu else {}
    engines = ["local1"] if args.gpu else [e.strip() for e in args.engines.split(",") if e.strip()]
    results = []
    load0 = _load()
    with tempfile.TemporaryDirectory(prefix="gc-bench-batch-") as tmp:
        pairs_path = Path(tmp) / "pairs.jsonl"
        write_pairs(pairs_path, pairs)
        outputs = {}
        for name in engines:
            r = run_engine(name, pairs_path, Path(tmp), overrides)
            outputs[name] = _strip_timing(Path(r.pop("output")))
            results.append(r)
            print(json.dumps(r), flush=True)
        same = len({json.dumps(o, sort_keys=True) for o in outputs.values()}) <= 1
    print(f"\nmachine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"{args.pairs} synthetic pairs (seed {args.seed}); outputs identical across engines (timing aside): {same}\n")
    print(f"load average before: {load0}, after: {_load()}\n")
    print("| engine | wall s | first result after s | pairs/s | claims/s |")
    print("|---|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['description']} | {r['wall_s']} | {r['first_result_s']} | {r['pairs_per_s']} | {r['claims_per_s']} |")
    if args.json:
        args.json.write_text(json.dumps({"pairs": args.pairs, "results": results, "identical": same}, indent=2) + "\n")
    if not same:
        sys.exit(1)


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _strip_timing(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if "report" in row:
                row["report"].pop("timing", None)
            rows.append(row)
    return rows


if __name__ == "__main__":
    main()
