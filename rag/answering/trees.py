"""A boosted tree ensemble for binary decisions, applied with numpy alone.

`bench/fit_answering.py` fits scikit-learn's HistGradientBoostingClassifier and stores its
trees as flat arrays (`TreeEnsemble.to_dict`); answering walks every tree for every row at
once, one tree level per step, so scoring the clauses of a part costs a dozen numpy
operations and answering needs no scikit-learn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class TreeEnsemble:
    """Trees over named features; the log-odds are `baseline` plus one leaf value per tree.

    Nodes of all trees sit in shared arrays: an inner node sends a row left when its feature
    is at most `threshold` (NaN goes where `missing_left` says); `roots` holds each tree's first node.
    """

    features: tuple[str, ...]
    baseline: float
    roots: np.ndarray  # int, one per tree
    feature: np.ndarray  # int per node: a position in `features` (leaves: 0)
    threshold: np.ndarray  # float per node
    left: np.ndarray  # int per node: the node's left child (leaves: itself)
    right: np.ndarray  # int per node: the node's right child (leaves: itself)
    missing_left: np.ndarray  # bool per node
    leaf: np.ndarray  # bool per node
    value: np.ndarray  # float per node: the leaf's contribution to the log-odds
    depth: int  # the deepest leaf's depth: steps needed to reach every leaf

    def log_odds(self, matrix: np.ndarray) -> np.ndarray:
        """The log-odds of each row of `matrix` (rows × `features`)."""
        if len(matrix) == 0:
            return np.zeros(0)
        rows = np.arange(len(matrix))[None, :]
        nodes = np.repeat(self.roots[:, None], len(matrix), axis=1)  # trees × rows
        for _ in range(self.depth):
            values = matrix[rows, self.feature[nodes]]
            go_left = np.where(np.isnan(values), self.missing_left[nodes], values <= self.threshold[nodes])
            nodes = np.where(go_left, self.left[nodes], self.right[nodes])
        return self.baseline + self.value[nodes].sum(axis=0)

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        """P(positive) for each row of named feature values (missing names count 0)."""
        if not rows:
            return []
        matrix = np.array([[row.get(name, 0.0) for name in self.features] for row in rows], dtype=float)
        return [float(p) for p in 1.0 / (1.0 + np.exp(-np.clip(self.log_odds(matrix), -30, 30)))]

    def probability(self, values: Mapping[str, float]) -> float:
        return self.probabilities([values])[0]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TreeEnsemble":
        nodes = data["nodes"]
        return cls(
            features=tuple(data["features"]),
            baseline=float(data["baseline"]),
            roots=np.array(data["roots"], dtype=np.int64),
            feature=np.array(nodes["feature"], dtype=np.int64),
            threshold=np.array(nodes["threshold"], dtype=float),
            left=np.array(nodes["left"], dtype=np.int64),
            right=np.array(nodes["right"], dtype=np.int64),
            missing_left=np.array(nodes["missing_left"], dtype=bool),
            leaf=np.array(nodes["leaf"], dtype=bool),
            value=np.array(nodes["value"], dtype=float),
            depth=int(data["depth"]),
        )

    def to_dict(self) -> dict[str, Any]:
        nodes = {
            "feature": self.feature.tolist(), "threshold": self.threshold.tolist(), "left": self.left.tolist(),
            "right": self.right.tolist(), "missing_left": self.missing_left.astype(int).tolist(),
            "leaf": self.leaf.astype(int).tolist(), "value": self.value.tolist(),
        }
        return {"kind": "trees", "features": list(self.features), "baseline": self.baseline,
                "roots": self.roots.tolist(), "depth": self.depth, "nodes": nodes}


def from_boosting(model: Any, features: Sequence[str]) -> TreeEnsemble:
    """The trees of a fitted scikit-learn HistGradientBoostingClassifier (binary, numerical
    features; read from its predictors, so scikit-learn itself is not imported here)."""
    if any(node["is_categorical"] for predictors in model._predictors for node in predictors[0].nodes):
        raise ValueError("categorical splits are not supported")
    trees = [
        [{"feature": node["feature_idx"], "threshold": node["num_threshold"], "left": node["left"],
          "right": node["right"], "missing_left": node["missing_go_to_left"], "leaf": node["is_leaf"],
          "value": node["value"], "depth": node["depth"]} for node in predictors[0].nodes]
        for predictors in model._predictors  # one tree per boosting round for a binary task
    ]
    return flat_trees(features, float(np.ravel(model._baseline_prediction)[0]), trees)


def flat_trees(features: Sequence[str], baseline: float, trees: Sequence[Sequence[Mapping[str, Any]]]) -> TreeEnsemble:
    """An ensemble from trees given as node lists (each node: feature, threshold, left, right,
    missing_left, leaf, value, depth; children indexed within their tree)."""
    columns: dict[str, list[Any]] = {key: [] for key in ("feature", "threshold", "left", "right", "missing_left", "leaf", "value")}
    roots, depth = [], 0
    for tree in trees:
        offset = len(columns["feature"])
        roots.append(offset)
        for position, node in enumerate(tree):
            leaf = bool(node["leaf"])
            columns["feature"].append(0 if leaf else int(node["feature"]))
            columns["threshold"].append(float(node["threshold"]))
            columns["left"].append(offset + (position if leaf else int(node["left"])))
            columns["right"].append(offset + (position if leaf else int(node["right"])))
            columns["missing_left"].append(bool(node["missing_left"]))
            columns["leaf"].append(leaf)
            columns["value"].append(float(node["value"]) if leaf else 0.0)
            depth = max(depth, int(node["depth"]))
    return TreeEnsemble(
        features=tuple(features), baseline=float(baseline), roots=np.array(roots, dtype=np.int64),
        feature=np.array(columns["feature"], dtype=np.int64), threshold=np.array(columns["threshold"], dtype=float),
        left=np.array(columns["left"], dtype=np.int64), right=np.array(columns["right"], dtype=np.int64),
        missing_left=np.array(columns["missing_left"], dtype=bool), leaf=np.array(columns["leaf"], dtype=bool),
        value=np.array(columns["value"], dtype=float), depth=depth,
    )
