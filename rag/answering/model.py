"""The learned weights of the answerer, kept as package data and applied without scikit-learn.

`rag/data/answering_model.json` holds the models fitted by `bench/fit_answering.py`
(scikit-learn, on the gold dev parts and STARD train):

- `evidence`: is this retrieved clause evidence for this part? Boosted trees (`rag.answering.trees`)
  or a logistic model, over `rag.answering.features.FEATURES`; `evidence_semantic` is the same
  with the clause similarities of the embedder named `semantic_embedder`;
- `answerable`: does the corpus answer this part? Boosted trees or a logistic model over
  `rag.answering.selection.PART_FEATURES`.

plus the thresholds chosen on held-out folds and the held-out figures measured with them.
A logistic model is standardised features, coefficients and an intercept; trees are flat
arrays; applying either needs no scikit-learn, so answering stays fast to import.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rag.answering.trees import TreeEnsemble

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "answering_model.json"


@dataclass(frozen=True)
class Logistic:
    """A logistic model over named, standardised features."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def probability(self, values: Mapping[str, float]) -> float:
        """P(positive) for the named feature values (missing names count 0)."""
        z = self.intercept
        for name, weight, mean, scale in zip(self.features, self.coef, self.mean, self.scale):
            z += weight * (values.get(name, 0.0) - mean) / (scale or 1.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        return [self.probability(row) for row in rows]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Logistic":
        return cls(
            tuple(data["features"]), tuple(data["coef"]), float(data["intercept"]),
            tuple(data["mean"]), tuple(data["scale"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(self.features), "coef": list(self.coef), "intercept": self.intercept,
                "mean": list(self.mean), "scale": list(self.scale)}


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds, each chosen on data the test splits never saw."""

    evidence_min: float = 0.35  # a further clause is cited when its probability reaches this ...
    evidence_share: float = 0.6  # ... and this share of the best clause's probability
    answer_min: float = 0.2  # a part is answered when its answerable probability reaches this
    max_evidence: int = 3  # clauses cited for one part at most
    value_min: float = 0.5  # a clause states an asked value when its value share reaches this
    list_share: float = 0.2  # a list question cites further clauses down to this share of the best
    uncertain_below: float = 0.0  # when the best clause is less probable than this ...
    uncertain_items: int = 1  # ... the answer cites this many of the most probable clauses
    margin: float = 0.0  # a further clause within this much of the best clause's probability is cited too
    extra_min: float = 0.0  # ... and, like one cited when no clause stands out, only when at least this probable
    extra_share: float = 0.0  # ... and this share of the best clause's probability
    stated_share: float = 0.0  # a clause states an asked value only when at least this share of the best one's probability
    # A part whose question is no closer than this to any retrieved clause, in the cosines of the
    # semantic embedder the model was fitted on (used only where those are at hand), is off the
    # corpus's topics; 0: off. A cosine of one embedder: bench/fit_answering.py writes the value
    # chosen for it (`MIN_SIMILARITY`), none for an embedder it was not chosen on.
    min_similarity: float = 0.0


Classifier = Logistic | TreeEnsemble  # both give `probability(values)` and `probabilities(rows)` of named values


def classifier_from_dict(data: dict[str, Any]) -> Classifier:
    """A stored model: boosted trees (`"kind": "trees"`) or a logistic model."""
    return TreeEnsemble.from_dict(data) if data.get("kind") == "trees" else Logistic.from_dict(data)


@dataclass(frozen=True)
class AnsweringModel:
    """Both models and the thresholds."""

    evidence: Classifier
    answerable: Classifier
    thresholds: Thresholds = field(default_factory=Thresholds)
    evidence_semantic: Classifier | None = None  # used instead of `evidence` when similarities are available
    semantic_embedder: str | None = None  # the embedder whose similarities `evidence_semantic` was fitted on

    def evidence_model(self, semantic: bool) -> Classifier:
        return self.evidence_semantic if semantic and self.evidence_semantic is not None else self.evidence

    def semantic_for(self, embedder: str) -> bool:
        """Whether the semantic evidence model applies to similarities from `embedder` (each
        embedder's cosines have their own range, so a model fits one embedder only)."""
        return self.evidence_semantic is not None and self.semantic_embedder == embedder


def model_from_dict(data: dict[str, Any]) -> AnsweringModel:
    semantic = data.get("evidence_semantic")
    return AnsweringModel(
        evidence=classifier_from_dict(data["evidence"]),
        answerable=classifier_from_dict(data["answerable"]),
        thresholds=Thresholds(**data.get("thresholds", {})),
        evidence_semantic=classifier_from_dict(semantic) if semantic else None,
        semantic_embedder=data.get("semantic_embedder"),
    )


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> AnsweringModel:
    """The answering model of the package data file."""
    return model_from_dict(json.loads(path.read_text(encoding="utf-8")))


def as_values(names: Sequence[str], values: Sequence[float]) -> dict[str, float]:
    return dict(zip(names, values))
