"""The evaluations as ``skillmatch eval ...`` and the scripts run them: read the benchmark file, score
the engine's extractor, title reader or recommender on it, and say what data and model gave the
figures (``data``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillmatch.core.ports import Encoder
from skillmatch.core.roles import TitleNormaliser
from skillmatch.core.taxonomy import Taxonomy
from skillmatch.errors import InvalidRequest

if TYPE_CHECKING:
    from skillmatch.service import Engine


def extraction(engine: Engine, path: Path, *, baselines: bool = False, both_paths: bool = False) -> dict[str, Any]:
    """RP@1/5/10, MRR and P/R/F1 of accepted skills on a Decorte-format file. ``ours`` is the
    configured path; ``both_paths`` adds the other one under its name (``default`` or ``fast``);
    ``baselines`` the nearest-label and esco-skill-extractor baselines."""
    from skillmatch.adapters.loaders.benchmarks import read_decorte
    from skillmatch.evaluation.benchmarks import EseBaseline, LabelBaseline, evaluate_extraction, resolve_gold

    items = read_decorte(path)
    taxonomy = engine.taxonomy()
    gold, missing = resolve_gold([(i.text, i.labels) for i in items], taxonomy)
    if not gold:
        raise InvalidRequest(f"no sentence of {path} has a label found in the {taxonomy.name} taxonomy")
    methods: dict[str, LabelBaseline | EseBaseline] = {}
    if baselines:
        methods = {
            "baseline_label": LabelBaseline(taxonomy, engine.bulk_encoder),
            "baseline_ese": EseBaseline(taxonomy, engine.bulk_encoder),
        }
    results: dict[str, Any] = evaluate_extraction(gold, engine.extractor(), baselines=methods)
    if both_paths:
        other = "default" if engine.settings.extraction == "fast" else "fast"
        results[other] = evaluate_extraction(gold, engine.extractor(fast=other == "fast"))["ours"]
    results["data"] = {
        "file": str(path),
        "sentences": len(items),
        "with_skills": len(gold),
        "labels_not_in_taxonomy": sorted(set(missing)),
        "taxonomy": f"{taxonomy.name} {taxonomy.version}",
        "model": engine.encoder.model_id,
        "path": engine.settings.extraction,
    }
    return results


def titles(engine: Engine, path: Path, *, baseline: bool = False) -> dict[str, Any]:
    """acc@1, acc@5 and MRR of job title -> occupation on a JobBERT-format file; ``baseline`` adds
    the nearest preferred label."""
    from skillmatch.adapters.loaders.benchmarks import read_jobbert
    from skillmatch.evaluation.benchmarks import evaluate_titles

    taxonomy = engine.taxonomy()
    items = read_jobbert(path)
    known = [(title, uri) for title, uri in items if uri in taxonomy.occupations]
    if not known:
        raise InvalidRequest(f"no title of {path} is labelled with an occupation of the {taxonomy.name} taxonomy")
    results: dict[str, Any] = {"ours": evaluate_titles(known, engine.title_normaliser())}
    if baseline:
        plain = TitleNormaliser(
            [replace(o, alt_labels=(), description="") for o in taxonomy.occupations.values()],
            engine.bulk_encoder, description_weight=0.0, word_weight=0.0, umbrella_penalty=0.0, readings=False,
        )
        results["baseline"] = evaluate_titles(known, plain)
    results["data"] = {
        "file": str(path), "titles": len(items), "scored": len(known),
        "taxonomy": f"{taxonomy.name} {taxonomy.version}",
        "title_model": engine.title_encoder.model_id, "baseline_model": engine.bulk_encoder.model_id,
    }
    return results


def recommendation_for(engine: Engine, jcrec: Path, *, esco: Path | None = None, scenarios: int = 200,
                       seed: int = 42, market: bool = True, min_share: float = 0.5) -> dict[str, Any]:
    """:func:`recommendation` over the engine's taxonomy, or the ESCO export at ``esco``, with the
    engine's encoder and its embedding cache."""
    if esco is not None:
        from skillmatch.adapters.loaders.esco import load_esco

        taxonomy = load_esco(esco)
    else:
        taxonomy = engine.taxonomy()
    return recommendation(taxonomy, jcrec, engine.bulk_encoder, scenarios=scenarios, seed=seed, market=market,
                          min_share=min_share)


def recommendation(taxonomy: Taxonomy, jcrec: Path, encoder: Encoder, *, scenarios: int = 200, seed: int = 42,
                   market: bool = True, min_share: float = 0.5) -> dict[str, Any]:
    """Career-change scenarios drawn from ``taxonomy`` (an ESCO one, with occupation-skill relations)
    over the JCRec Udemy catalog: ours, plain semantic search and the greedy of Frej et al., in one
    run, with the hierarchy credit the recommender uses in service; with ``market``, the Frej et
    al. job-market setting too (occupations with at least ``min_share`` of their essential skills
    in the JCRec IT subset)."""
    from skillmatch.adapters.loaders.jcrec import load_jcrec
    from skillmatch.core.pool import CredentialPool
    from skillmatch.core.similarity import CreditRule, HierarchySimilarity, similarity_from_encoder
    from skillmatch.evaluation.career_change import career_change_scenarios, evaluate_career_change
    from skillmatch.evaluation.market import evaluate_market, market_occupations

    if not taxonomy.relations:
        raise InvalidRequest(
            f"the {taxonomy.name} taxonomy has no occupation-skill relations to build scenarios from: "
            "pass the official ESCO export with --esco", field="esco")
    data = load_jcrec(jcrec)
    pool = CredentialPool(data.credentials)
    taught = {t.id for c in pool.credentials for t in c.skills}
    cases = career_change_scenarios(taxonomy, taught, n=scenarios, seed=seed)
    ids: set[str] = set(taught) | set(data.skills)
    for case in cases:
        ids.update(case.learner.skill_ids)
        ids.update(s.id for s in case.role.skills)
    labels = {i: (taxonomy.skills[i].label if i in taxonomy.skills else data.skills[i].label) for i in ids}
    similarity = HierarchySimilarity(similarity_from_encoder(encoder, labels), taxonomy.broader_skills(),
                                     links=taxonomy.linked_skills(), products=taxonomy.technologies())
    result: dict[str, Any] = {"career_change": evaluate_career_change(cases, pool, encoder, similarity)}
    if market:
        jobs = market_occupations(taxonomy, data.skills, min_share=min_share)
        learners = {rid: set(skills) for rid, skills in data.resumes.items()}
        # (b) only meets the JCRec subset: every pair once, then looked up
        it_similarity = similarity_from_encoder(encoder, {i: labels[i] for i in data.skills}, precompute=True)
        result["market"] = evaluate_market(learners, jobs, pool, it_similarity, labels)
    rule = CreditRule()
    result["data"] = {
        "taxonomy": f"{taxonomy.name} {taxonomy.version}", "jcrec": str(jcrec), "catalog": data.counts,
        "scenarios": scenarios, "seed": seed, "model": encoder.model_id, "market_min_share": min_share,
        "credit_rule": {"floor": rule.floor, "max_partial": rule.max_partial},
        "cost_unit": "1 per course: the JCRec catalog has no prices",
    }
    return result
