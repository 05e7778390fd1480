"""The two baselines of the relevance benchmark: BM25 over character bigrams, BM25F over jieba words.

Both are self-contained (none of the project's code), normalise text as our
engine does — NFKC, lower case, control characters to spaces, OpenCC `t2s` —
and rank with OR semantics (every document sharing a term with the query
scores), BM25 with k1 = 1.2 and b = 0.75 and Lucene's non-negative idf
`ln(1 + (N - df + 0.5) / (df + 0.5))`.

- `bigram`: one field, title + body. Tokens: overlapping bigrams of each run
  of Chinese characters (a one-character run is kept as a unigram), each
  Latin/number run whole (`c919`, `5g`, `25.1%`).
- `words`: jieba (jieba 0.42.1 itself, HMM on, its stock dictionary) words,
  punctuation and whitespace dropped, stop words kept (idf weighs them);
  Latin/number runs whole. Title boost BM25F-style: per document,
  tf = 3·tf(title) + tf(body) and length = 3·len(title) + len(body), then one
  BM25 saturation with the average of that weighted length.

Postings are numpy arrays in CSR form (term → doc numbers, term frequencies),
cached as `.npz` beside our index, keyed by the hashes of the corpus and of this file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import opencc

K1, B = 1.2, 0.75
TITLE_WEIGHT = 3

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LATIN_RUN = r"[a-z0-9]+(?:[.\-_+%][a-z0-9%]+)*%?"
_RUNS = re.compile(rf"(?P<cjk>[{CJK}]+)|(?P<latin>{_LATIN_RUN})")
_WORD_OK = re.compile(rf"[{CJK}a-z0-9]")
_CONTROLS = {c: " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}
_T2S = opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """NFKC, lower case, control characters to spaces, traditional → simplified.

    >>> normalize("長江經濟帶 Ｃ９１９")
    '长江经济带 c919'
    """
    text = unicodedata.normalize("NFKC", text or "").lower().translate(_CONTROLS)
    return _T2S.convert(text.encode("utf-8", "replace").decode("utf-8"))


def bigrams(text: str) -> list[str]:
    """Bigrams of Chinese runs (a lone character as itself) and whole Latin/number runs.

    >>> bigrams("神舟十六號 C919大飞机 与")
    ['神舟', '舟十', '十六', '六号', 'c919', '大飞', '飞机', '与']
    """
    out = []
    for m in _RUNS.finditer(normalize(text)):
        run = m.group()
        if m.lastgroup == "latin" or len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


_jieba = None


def words(text: str) -> list[str]:
    """jieba words of the normalised text without punctuation; Latin/number runs whole.

    >>> words("农村人居环境整治取得了哪些成效？")
    ['农村', '人居', '环境', '整治', '取得', '了', '哪些', '成效']
    """
    global _jieba
    if _jieba is None:
        import jieba
        jieba.setLogLevel(60)
        _jieba = jieba
    out = []
    for m in _RUNS.finditer(normalize(text)):  # segment each run: punctuation and spaces fall away
        out.extend([m.group()] if m.lastgroup == "latin" else _jieba.lcut(m.group()))
    return [w for w in out if _WORD_OK.search(w)]


class BM25:
    """An inverted index of one tokenisation with (weighted) term frequencies, scored by BM25."""

    def __init__(self, vocab: dict[str, int], offsets, docs, tfs, lengths):
        self.vocab, self.offsets, self.docs, self.tfs = vocab, offsets, docs, tfs
        self.lengths = lengths.astype(np.float64)
        self.n = len(lengths)
        self.avg = float(self.lengths.mean()) if self.n else 1.0

    @classmethod
    def build(cls, documents: Iterable[list[tuple[list[str], int]]]) -> "BM25":
        """Index documents given as lists of (tokens, weight) fields, one document at a time."""
        vocab: dict[str, int] = {}
        # array('i') rather than lists: six million postings as Python ints would take ~1 GB
        term_ids, doc_ids, tfs, lengths = array("i"), array("i"), array("i"), array("q")
        for d, doc in enumerate(documents):
            counts: Counter = Counter()
            for tokens, weight in doc:
                for tok in tokens:
                    counts[tok] += weight
            lengths.append(sum(weight * len(tokens) for tokens, weight in doc))
            term_ids.extend(vocab.setdefault(t, len(vocab)) for t in counts)
            tfs.extend(counts.values())
            doc_ids.extend([d] * len(counts))
        terms = np.frombuffer(term_ids, dtype=np.int32)
        order = np.argsort(terms, kind="stable")  # stable: documents stay in order inside a term
        offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=len(vocab)), out=offsets[1:])
        docs = np.frombuffer(doc_ids, dtype=np.int32)[order]
        weights = np.frombuffer(tfs, dtype=np.int32)[order].astype(np.float32)
        return cls(vocab, offsets, docs, weights, np.frombuffer(lengths, dtype=np.int64))

    def save(self, path: Path) -> None:
        """Write the index as one .npz file."""
        terms = "\n".join(sorted(self.vocab, key=self.vocab.get))  # tokens never hold a newline
        np.savez(path, terms=np.array(terms), offsets=self.offsets, docs=self.docs, tfs=self.tfs,
                 lengths=self.lengths)

    @classmethod
    def load(cls, path: Path) -> "BM25":
        """Read an index written by `save`."""
        z = np.load(path)
        vocab = {t: i for i, t in enumerate(str(z["terms"]).split("\n"))}
        return cls(vocab, z["offsets"], z["docs"], z["tfs"], z["lengths"])

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every document for the query tokens (OR; a repeated token counts again)."""
        total = np.zeros(self.n)
        for tok, qtf in Counter(tokens).items():
            t = self.vocab.get(tok)
            if t is None:
                continue
            lo, hi = self.offsets[t], self.offsets[t + 1]
            docs, tf = self.docs[lo:hi], self.tfs[lo:hi]
            idf = np.log(1 + (self.n - len(docs) + 0.5) / (len(docs) + 0.5))
            norm = K1 * (1 - B + B * self.lengths[docs] / self.avg)
            total[docs] += qtf * idf * tf * (K1 + 1) / (tf + norm)
        return total

    def search(self, tokens: list[str], k: int = 10) -> tuple[list[int], int]:
        """Document numbers of the k best (ties by corpus order) and the number of matches."""
        s = self.scores(tokens)
        matched = np.flatnonzero(s > 0)
        best = matched[np.lexsort((matched, -s[matched]))][:k]
        return best.tolist(), len(matched)


def bigram_fields(record: dict) -> list[tuple[list[str], int]]:
    """The bigram baseline's one field: title and body together."""
    return [(bigrams((record.get("title") or "") + "\n" + (record.get("body") or "")), 1)]


def word_fields(record: dict) -> list[tuple[list[str], int]]:
    """The words baseline's two fields: the title (weight 3) and the body."""
    return [(words(record.get("title") or ""), TITLE_WEIGHT), (words(record.get("body") or ""), 1)]


BASELINES = {"bm25_bigrams": (bigram_fields, bigrams), "bm25_words_title": (word_fields, words)}


def load_or_build(name: str, records: list[dict], cache: Path, key: str, log) -> BM25:
    """The baseline's index from `cache` if it was built from the same corpus, else built and cached."""
    source = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=4).hexdigest()
    path = cache / f"{name}-{source}-{key}.npz"
    if path.exists():
        return BM25.load(path)
    log(f"{name}: indexing {len(records)} articles")
    fields, _ = BASELINES[name]
    index = BM25.build(fields(r) for r in records)
    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.glob(f"{name}-*.npz"):  # built by another version of this file or another corpus
        stale.unlink()
    index.save(path)
    return index


def run(name: str, index: BM25, queries: list[str], ids: list[str]) -> list[dict]:
    """For each query, the record ids of the baseline's top 10 and its number of matches."""
    _, tokenize = BASELINES[name]
    out = []
    for q in queries:
        best, total = index.search(tokenize(q))
        out.append({"ids": [ids[d] for d in best], "total": total})
    return out
