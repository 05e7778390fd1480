"""Benchmark fuzzy entity matching: matcher construction, then suggest/resolve latency over ~500 queries.

The lexicon is the gazetteer plus synthetic reporter names (common surnames ×
given-name characters) with Zipf-like article counts. Queries are name
prefixes, full pinyin, pinyin prefixes, initials, and typos (a homophone, a
look-alike or an unrelated character in place of one character).

    .venv/bin/python bench/bench_suggest.py [--entities 5000] [--queries 500] [--seed 7]

Prints one JSON object; timings in milliseconds unless the key says `_s`.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import percentiles, timed  # noqa: E402
from index.lexicon import Entity, Lexicon, LexiconBuilder  # noqa: E402
from search.entities.fuzzy import EntityMatcher  # noqa: E402
from search.entities.shapes import char_shape_similarity  # noqa: E402
from search.entities.sounds import char_readings, full_pinyin, initials, syllables  # noqa: E402

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤佘谌冉"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯健俊帆帅旭宁婷雪琳晶颖倩慧振元凤茜杰川渝"
SOURCES = ("重庆日报", "重庆晨报", "重庆晚报", "新渝报", "新华社", "上游新闻", "华龙网")


def synthetic_lexicon(size: int, rng: random.Random) -> Lexicon:
    """Gazetteer districts and sources plus `size` minus those many distinct reporter names."""
    base = LexiconBuilder(tag_text=False).build().entities
    base += [Entity("source", s, (), rng.randint(100, 5000)) for s in SOURCES]
    names: set[str] = set()
    while len(names) < size - len(base):
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        names.add(rng.choice(SURNAMES) + given)
    zipf = [max(1, int(2000 / (rank + 1) ** 0.8)) for rank in range(len(names))]
    reporters = [Entity("reporter", n, (), count) for n, count in zip(sorted(names), zipf)]
    rng.shuffle(reporters)
    return Lexicon(base + reporters)


def homophone(char: str, rng: random.Random) -> str | None:
    """Another pool character sharing a reading with `char`, if any."""
    same = [c for c in set(SURNAMES + GIVEN) if c != char and char_readings(c) & char_readings(char)]
    return rng.choice(sorted(same)) if same else None


def lookalike(char: str, rng: random.Random) -> str | None:
    """A common character that looks like `char` (shape similarity ≥ 0.6), if any."""
    alike = [c for c in common_chars() if c != char and char_shape_similarity(c, char) >= 0.6]
    return rng.choice(alike) if alike else None


@functools.cache
def common_chars() -> tuple[str, ...]:
    """The 3,000 most frequent characters of jieba's dictionary."""
    import jieba

    counts: Counter[str] = Counter()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, freq, _ = line.split(" ")
            for char in word:
                counts[char] += int(freq)
    return tuple(c for c, _ in counts.most_common(3000))


def typo(name: str, rng: random.Random) -> tuple[str, str]:
    """The name with one character replaced, and the kind of replacement."""
    i = rng.randrange(len(name))
    kind = rng.choice(("sound", "shape", "random"))
    pick = {"sound": homophone, "shape": lookalike}.get(kind)
    repl = pick(name[i], rng) if pick else None
    if repl is None:
        kind, repl = "random", rng.choice("甲乙丙丁戊己庚辛壬癸")
    return name[:i] + repl + name[i + 1 :], kind


def make_queries(lexicon: Lexicon, count: int, rng: random.Random) -> list[tuple[str, str, Entity]]:
    """(kind, query, intended entity) for prefixes, pinyin, initials and typos, in equal shares."""
    pool = [e for e in lexicon.entities if e.type in ("reporter", "district")]
    queries = []
    for n in range(count):
        entity = rng.choice(pool)
        items = syllables(entity.name, person=entity.type == "reporter")
        kind = ("prefix", "pinyin", "pinyin_prefix", "initials", "typo")[n % 5]
        if kind == "prefix":
            q = entity.name[: rng.randint(1, max(1, len(entity.name) - 1))]
        elif kind == "pinyin":
            q = full_pinyin(items)
        elif kind == "pinyin_prefix":
            q = full_pinyin(items)[: rng.randint(2, 6)]
        elif kind == "initials":
            q = initials(items)
        else:
            q, sub = typo(entity.name, rng)
            kind = f"typo_{sub}"
        queries.append((kind, q, entity))
    return queries


def run(entities: int, n_queries: int, seed: int) -> dict:
    """Build, warm up, time every query; also time construction at 10× the size."""
    rng = random.Random(seed)
    lexicon = synthetic_lexicon(entities, rng)
    build_ms, matcher = timed(EntityMatcher, lexicon)
    big_ms, _ = timed(EntityMatcher, synthetic_lexicon(entities * 10, random.Random(seed + 1)))
    queries = make_queries(lexicon, n_queries, rng)
    for _, q, e in queries[:20]:  # warm caches the way a running server has them warm
        matcher.suggest(q), matcher.resolve(e.type, q)
    suggest_ms, resolve_ms, by_kind, hits = [], [], {}, {}
    for kind, q, entity in queries:
        ms, _ = timed(matcher.suggest, q)
        suggest_ms.append(ms)
        rms, match = timed(matcher.resolve, entity.type, q)
        resolve_ms.append(rms)
        by_kind.setdefault(kind, []).append(ms)
        if kind.startswith("typo"):
            outcome = "none" if match is None else "intended" if match.name == entity.name else "other"
            hits.setdefault(kind, Counter())[outcome] += 1
    return {
        "entities": len(lexicon),
        "spellings": len(matcher._all),
        "queries": len(queries),
        "construction_s": round(build_ms / 1000, 3),
        f"construction_{len(lexicon) * 10 // 1000}k_s": round(big_ms / 1000, 3),
        "suggest_ms": percentiles(suggest_ms),
        "resolve_ms": percentiles(resolve_ms),
        "suggest_ms_by_kind": {k: percentiles(v) for k, v in sorted(by_kind.items())},
        # resolve() on a one-character typo: the intended name, another real name, or nothing
        "typo_resolve_outcomes": {k: dict(v) for k, v in sorted(hits.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(run(args.entities, args.queries, args.seed), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
