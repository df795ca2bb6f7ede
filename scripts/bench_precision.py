"""fp32 against bf16 for the packaged encoder on this CPU: speed and agreement.

Encodes ESCO skill labels and descriptions of the current taxonomy with all-MiniLM-L6-v2 in fp32
and in bf16 (two threads, the set-up's batch size), and reports texts per second for each and how
far bf16 agrees with fp32: the mean cosine of the two vectors of one text and the share of each
label's ten nearest labels that both find. `precision = auto` (the default) picks bf16 only on a
CPU with native bfloat16 (AMX or AVX512_BF16); this script shows what that choice is worth here.

    python scripts/bench_precision.py [--labels 4000] [--descriptions 600] [--out results/bench_precision.json]

Run `skillmatch setup` first (it reads the data directory's taxonomy).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from _common import REPO, print_table, write_json

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", type=int, default=4000)
    parser.add_argument("--descriptions", type=int, default=600)
    parser.add_argument("--out", type=Path, default=REPO / "results" / "bench_precision.json")
    args = parser.parse_args()

    from skillmatch.adapters.encoder import BF16_FLAGS, SentenceTransformerEncoder, choose_precision, cpu_flags
    from skillmatch.service import Engine

    taxonomy = Engine().taxonomy()
    skills = sorted(taxonomy.skills.values(), key=lambda s: s.id)
    labels = [label for s in skills for label in s.labels][: args.labels]
    descriptions = [s.description for s in skills if s.description][: args.descriptions]
    vectors: dict[tuple[str, str], np.ndarray] = {}
    speed: dict[str, dict[str, float]] = {}
    for precision in ("fp32", "bf16"):
        encoder = SentenceTransformerEncoder(precision=precision, threads=2)
        encoder.encode(labels[:64])  # load and warm up
        speed[precision] = {}
        for name, texts in (("labels", labels), ("descriptions", descriptions)):
            start = time.perf_counter()
            vectors[(precision, name)] = encoder.encode(texts)
            speed[precision][name] = len(texts) / (time.perf_counter() - start)
    a, b = vectors[("fp32", "labels")], vectors[("bf16", "labels")]
    k = 10
    top_a = np.argsort(-(a @ a.T), axis=1)[:, 1 : k + 1]
    top_b = np.argsort(-(b @ b.T), axis=1)[:, 1 : k + 1]
    agreement = float(np.mean([len(set(x) & set(y)) / k for x, y in zip(top_a, top_b, strict=True)]))
    cosine = {name: float(np.mean(np.sum(vectors[("fp32", name)] * vectors[("bf16", name)], axis=1)))
              for name in ("labels", "descriptions")}
    flags = sorted(cpu_flags() & BF16_FLAGS)
    rows = [[p, speed[p]["labels"], speed[p]["descriptions"]] for p in ("fp32", "bf16")]
    print_table(["precision", "labels/s", "descriptions/s"], rows,
                title=f"all-MiniLM-L6-v2, {len(labels)} labels, {len(descriptions)} descriptions, 2 threads")
    print(f"bf16 vs fp32: top-{k} neighbour agreement {agreement:.3f}, cosine labels {cosine['labels']:.4f}, "
          f"descriptions {cosine['descriptions']:.4f}")
    print(f"native bf16 flags: {', '.join(flags) or 'none'}; precision=auto picks {choose_precision('auto')}")
    write_json(args.out, {"speed": speed, "top10_agreement": agreement, "cosine": cosine, "cpu_bf16_flags": flags,
                          "auto": choose_precision("auto"), "labels": len(labels), "descriptions": len(descriptions)})


if __name__ == "__main__":
    main()
