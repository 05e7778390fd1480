"""Graded relevance metrics of one ranked page: nDCG@10, P@10, reciprocal rank, and their summaries.

Grades are 2 (about the need), 1 (partly) and 0 (not); an unjudged document
counts as 0 and is reported. nDCG uses the grades themselves as gains,
`Σ grade / log2(rank + 1)`, and takes its ideal from every judged document of
the query, not only the ones this system found. P@10 and the reciprocal rank
count grade ≥ 1 as relevant. A query without any judged relevant document has
no ideal ranking; it is left out of the means (and listed), but its empty pages
still count.
"""

from __future__ import annotations

import math

K = 10


def dcg(grades: list[int]) -> float:
    """Discounted cumulative gain of grades in rank order (first K only).

    >>> round(dcg([2, 0, 1]), 3)
    2.5
    """
    return sum(g / math.log2(rank + 2) for rank, g in enumerate(grades[:K]))


def page_scores(ids: list[str], judged: dict[str, int]) -> dict:
    """nDCG@10, P@10, reciprocal rank and unjudged count of one results page against a query's grades.

    >>> page_scores(["a", "x", "b"], {"a": 0, "b": 2, "c": 1})
    {'ndcg': 0.38, 'p10': 0.1, 'rr': 0.333, 'unjudged': 1}
    """
    grades = [judged.get(i, 0) for i in ids[:K]]
    ideal = dcg(sorted(judged.values(), reverse=True))
    first = next((rank for rank, g in enumerate(grades, 1) if g >= 1), None)
    return {"ndcg": round(dcg(grades) / ideal, 3) if ideal else None,
            "p10": round(sum(g >= 1 for g in grades) / K, 3),
            "rr": round(1 / first, 3) if first else 0.0,
            "unjudged": sum(i not in judged for i in ids[:K])}


def summary(rows: list[dict]) -> dict:
    """Means over the queries that have a relevant judged document; empty pages and unjudged over all.

    Each row is `page_scores(...)` plus `"total"` (matches) and `"id"`.
    """
    scored = [r for r in rows if r["ndcg"] is not None]

    def mean(key: str) -> float | None:
        return round(sum(r[key] for r in scored) / len(scored), 3) if scored else None

    return {"queries": len(rows), "scored": len(scored), "ndcg@10": mean("ndcg"), "p@10": mean("p10"),
            "mrr": mean("rr"), "empty_pages": sum(r["total"] == 0 for r in rows),
            "unjudged_in_top10": sum(r["unjudged"] for r in rows)}
