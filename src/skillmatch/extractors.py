"""The skill extractor over a loaded index, with what the taxonomy says is not a skill."""

from __future__ import annotations

from typing import Any

from skillmatch.core.extraction import FAST_CONFIG, ExtractionConfig, PhraseSpace, SkillExtractor
from skillmatch.core.ports import AdditiveEncoder, Encoder, SubsetIndex
from skillmatch.core.skill_index import SkillIndex
from skillmatch.core.taxonomy import Taxonomy
from skillmatch.core.text import normalise_label
from skillmatch.errors import ArtifactsMissing


def make_extractor(index: SkillIndex, phrases: SubsetIndex | None, taxonomy: Taxonomy, encoder: Encoder,
                   static: AdditiveEncoder | None, config: ExtractionConfig | None, *, fast: bool) -> SkillExtractor:
    """The extractor over ``index``. Place names and occupation titles are not skills; one-word
    lower-case labels of skills are action words. With the static model and its label vectors
    (``phrases``) phrases are matched in its space; ``fast`` lets it read sentences too."""
    from skillmatch.adapters.label_automaton import AutomatonFinder
    from skillmatch.adapters.places import place_names

    non_skill: dict[str, str] = {name: "place" for name in place_names()}
    for occupation in taxonomy.occupations.values():
        for label in (occupation.label, *occupation.alt_labels):
            key = normalise_label(label)
            if key and len(key.split()) <= 6:
                non_skill[key] = "occupation"
    actions = [label for skill in taxonomy.skills.values() if skill.kind == "skill"
               for label in skill.labels if " " not in label.strip() and label.strip().islower()]
    common: dict[str, Any] = {"config": config, "non_skill_terms": non_skill, "label_finder": AutomatonFinder,
                              "action_words": actions, "products": taxonomy.technologies()}
    if phrases is None or static is None:
        if fast:
            raise ArtifactsMissing("the fast path needs the static model: run `skillmatch index build`")
        return SkillExtractor(index, encoder, **common)
    space = PhraseSpace(static, phrases)
    if fast:
        common["config"] = config or FAST_CONFIG
        return SkillExtractor(SkillIndex(index.entries, phrases), static, phrase_space=space, **common)
    return SkillExtractor(index, encoder, phrase_space=space, **common)
