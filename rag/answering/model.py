"""The learned weights of the answerer, kept as package data and applied with plain arithmetic.

`rag/data/answering_model.json` holds two logistic models fitted by
`bench/fit_answering.py` (scikit-learn, on the gold dev parts and STARD train):

- `evidence`: is this retrieved clause evidence for this part? (features: `rag.answering.features.FEATURES`)
- `answerable`: does the corpus answer this part? (features: `rag.answering.selection.PART_FEATURES`)

plus the thresholds chosen on held-out folds and the held-out figures measured with them.
Each model is standardised features, coefficients and an intercept; applying it needs no
scikit-learn, so answering stays fast to import.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "answering_model.json"


@dataclass(frozen=True)
class Logistic:
    """A logistic model over named, standardised features."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def probability(self, values: dict[str, float]) -> float:
        """P(positive) for the named feature values (missing names count 0)."""
        z = self.intercept
        for name, weight, mean, scale in zip(self.features, self.coef, self.mean, self.scale):
            z += weight * (values.get(name, 0.0) - mean) / (scale or 1.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

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


@dataclass(frozen=True)
class AnsweringModel:
    """Both models and the thresholds."""

    evidence: Logistic
    answerable: Logistic
    thresholds: Thresholds = field(default_factory=Thresholds)
    evidence_semantic: Logistic | None = None  # used instead of `evidence` when similarities are available

    def evidence_model(self, semantic: bool) -> Logistic:
        return self.evidence_semantic if semantic and self.evidence_semantic is not None else self.evidence


def model_from_dict(data: dict[str, Any]) -> AnsweringModel:
    semantic = data.get("evidence_semantic")
    return AnsweringModel(
        evidence=Logistic.from_dict(data["evidence"]),
        answerable=Logistic.from_dict(data["answerable"]),
        thresholds=Thresholds(**data.get("thresholds", {})),
        evidence_semantic=Logistic.from_dict(semantic) if semantic else None,
    )


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> AnsweringModel:
    """The answering model of the package data file."""
    return model_from_dict(json.loads(path.read_text(encoding="utf-8")))


def as_values(names: Sequence[str], values: Sequence[float]) -> dict[str, float]:
    return dict(zip(names, values))
