"""The boosted evidence trees: exported from scikit-learn, applied with numpy alone."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rag.answering.model import model_from_dict
from rag.answering.trees import TreeEnsemble, from_boosting

NAMES = ("overlap", "rank", "noise")


@pytest.fixture(scope="module")
def fitted() -> tuple[object, np.ndarray]:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(7)
    x = rng.random((600, 3))
    y = ((x[:, 0] > 0.5) & (x[:, 1] < 0.7) | (x[:, 0] > 0.9)).astype(int)
    return HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=7, random_state=0).fit(x, y), x


def test_exported_trees_score_as_scikit_learn_does(fitted: tuple[object, np.ndarray]) -> None:
    model, x = fitted
    ensemble = from_boosting(model, NAMES)
    assert np.allclose(ensemble.log_odds(x), model.decision_function(x), atol=1e-9)
    rows = [dict(zip(NAMES, values)) for values in x[:50]]
    assert np.allclose(ensemble.probabilities(rows), model.predict_proba(x[:50])[:, 1], atol=1e-9)


def test_trees_survive_the_json_round_trip(fitted: tuple[object, np.ndarray]) -> None:
    model, x = fitted
    ensemble = from_boosting(model, NAMES)
    restored = TreeEnsemble.from_dict(json.loads(json.dumps(ensemble.to_dict())))
    assert np.allclose(restored.log_odds(x), ensemble.log_odds(x))
    assert restored.probabilities([]) == []


def test_missing_names_count_zero_and_the_model_file_loads_trees(fitted: tuple[object, np.ndarray]) -> None:
    model, _ = fitted
    ensemble = from_boosting(model, NAMES)
    assert ensemble.probability({"overlap": 0.95}) == ensemble.probability({"overlap": 0.95, "rank": 0.0, "noise": 0.0})
    assert ensemble.probability({"overlap": 0.95}) > 0.5 > ensemble.probability({"overlap": 0.1, "rank": 0.2})
    logistic = {"features": ["overlap"], "coef": [1.0], "intercept": 0.0, "mean": [0.0], "scale": [1.0]}
    loaded = model_from_dict({"evidence": ensemble.to_dict(), "answerable": logistic, "evidence_semantic": ensemble.to_dict(),
                              "semantic_embedder": "e5-small"})
    assert isinstance(loaded.evidence, TreeEnsemble) and loaded.semantic_for("e5-small") and not loaded.semantic_for("builtin")
