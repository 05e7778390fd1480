"""Seeded workloads drawn from a corpus: search queries and verbatim-recall probes.

Queries come in three equal shares: `words` (1–3 jieba words of one sentence),
`phrase` (a quoted 4–8 character substring) and `rare` (a word or 2–4
character substring found in at most RARE articles). Probes are random 2–6
character Chinese substrings of random articles, half of them rare, each with
the number of articles that contain it (counted up to CAP + 1).
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right

import jieba

jieba.setLogLevel(60)

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
RARE = 3  # a substring in at most this many articles is "rare"
CAP = 10  # top-10 recall is only meaningful for substrings in at most this many articles
KINDS = ("words", "phrase", "rare")


class Haystack:
    """Every article's title and body in one string, to find which articles contain a substring."""

    def __init__(self, records: list[dict]):
        parts, self.starts, pos = [], [], 0
        for r in records:
            text = f"{r.get('title') or ''}\x01{r.get('body') or ''}\x00"
            self.starts.append(pos)
            parts.append(text)
            pos += len(text)
        self.text = "".join(parts)

    def count(self, needle: str, cap: int = CAP + 1) -> int:
        """Articles containing `needle`, counted up to `cap`."""
        found, pos = 0, self.text.find(needle)
        while pos != -1 and found < cap:
            found += 1
            i = bisect_right(self.starts, pos)
            pos = self.text.find(needle, self.starts[i]) if i < len(self.starts) else -1
        return found


def substring(rng: random.Random, record: dict, low: int, high: int) -> str | None:
    """A random run of `low`–`high` Chinese characters from the article's title or body."""
    text = f"{record.get('title') or ''}\n{record.get('body') or ''}"
    runs = [m.group() for m in CJK_RUN.finditer(text) if len(m.group()) >= low]
    if not runs:
        return None
    run = rng.choices(runs, weights=[len(r) for r in runs])[0]
    length = rng.randint(low, min(high, len(run)))
    start = rng.randrange(len(run) - length + 1)
    return run[start : start + length]


def sentence_words(rng: random.Random, record: dict) -> list[str]:
    """jieba words (two or more Chinese characters) of one random sentence of the article."""
    sentences = [s for s in re.split(r"[。！？；\n]", record.get("body") or "") if CJK_RUN.search(s)]
    if not sentences:
        return []
    return [w for w in jieba.lcut(rng.choice(sentences)) if len(w) >= 2 and CJK_RUN.fullmatch(w)]


def _words(rng, records, hay) -> str | None:
    words = sentence_words(rng, rng.choice(records))
    if not words:
        return None
    picked = sorted(rng.sample(range(len(words)), min(len(words), rng.randint(1, 3))))
    return " ".join(words[i] for i in picked)


def _phrase(rng, records, hay) -> str | None:
    text = substring(rng, rng.choice(records), 4, 8)
    return f'"{text}"' if text else None


def _rare(rng, records, hay) -> str | None:
    candidate = None
    for attempt in range(200):
        record = rng.choice(records)
        if attempt % 2:
            candidate = substring(rng, record, 2, 4)
        else:
            words = sentence_words(rng, record)
            candidate = rng.choice(words) if words else None
        if candidate and hay.count(candidate, RARE + 1) <= RARE:
            return candidate
    return candidate  # a small corpus without rare strings: take what there is


def make_queries(records: list[dict], hay: Haystack, count: int, seed: int) -> list[dict]:
    """`count` queries, `{"kind", "q"}`, cycling through KINDS."""
    rng = random.Random(seed)
    makers = {"words": _words, "phrase": _phrase, "rare": _rare}
    out = []
    for _ in range(count * 20):
        if len(out) >= count:
            break
        kind = KINDS[len(out) % len(KINDS)]
        q = makers[kind](rng, records, hay)
        if q:
            out.append({"kind": kind, "q": q})
    return out


def make_probes(records: list[dict], hay: Haystack, count: int, seed: int) -> list[dict]:
    """`count` verbatim-recall probes `{"text", "id", "articles"}`; every second one rare if possible."""
    rng = random.Random(seed + 1)
    out: list[dict] = []
    while len(out) < count:
        want_rare, before = len(out) % 2 == 1, len(out)
        for attempt in range(300):
            record = rng.choice(records)
            text = substring(rng, record, 2, 6)
            if not text:
                continue
            n = hay.count(text)
            if not want_rare or n <= RARE or attempt == 299:
                out.append({"text": text, "id": record["id"], "articles": n})
                break
        if len(out) == before:  # hardly any Chinese text to draw from
            break
    return out


def recall_summary(probes: list[dict], found: list[dict]) -> dict:
    """Shares of probes whose article was matched at all / ranked in the top 10, overall and rare-only.

    `found[i]` is `{"matched": bool, "top10": bool, "total": int | None}` for `probes[i]`. The
    top-10 share only counts probes contained in at most CAP articles (otherwise missing the
    top 10 can be legitimate).
    """
    def shares(pairs):
        pairs = list(pairs)
        small = [f for p, f in pairs if p["articles"] <= CAP]
        return {"probes": len(pairs),
                "found_in_all_matches": _share(f["matched"] for _, f in pairs),
                "probes_in_at_most_10_articles": len(small),
                "found_in_top10": _share(f["top10"] for f in small)}

    both = list(zip(probes, found))
    return {"overall": shares(both), "rare": shares((p, f) for p, f in both if p["articles"] <= RARE)}


def _share(flags) -> float | None:
    flags = list(flags)
    return round(sum(flags) / len(flags), 4) if flags else None
