"""Per-document facet values in compact numpy arrays, loaded once per index generation.

Whoosh's generic `groupedby` walks Python objects per matching document; here
facet counting is a numpy bincount over arrays indexed by document number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

SINGLE = ("source", "kind", "page", "section")  # page: the printed page (版) as a string
LENGTH_FIELDS = ("title", "lead", "body", "title_bi", "body_bi")  # token counts, for BM25F
MULTI = ("reporter", "district")
FILE = "docvalues.npz"
EPOCH = date(1970, 1, 1).toordinal()


@dataclass
class MultiValues:
    """Multi-valued facet: parallel arrays (doc, value id), plus the value vocabulary."""

    doc: np.ndarray
    val: np.ndarray
    vocab: list[str]


@dataclass
class DocValues:
    """Facet values of every document number of one index generation."""

    live: np.ndarray  # bool: False for deleted document numbers
    day: np.ndarray  # int32 days since 1970-01-01, -1 when undated
    order: np.ndarray  # int32 reading order on the printed page (or in the file), -1 when unknown
    single: dict[str, tuple[np.ndarray, list[str]]] = field(default_factory=dict)
    multi: dict[str, MultiValues] = field(default_factory=dict)
    lengths: dict[str, np.ndarray] = field(default_factory=dict)  # field → token count per document

    def take(self, keep: np.ndarray) -> "DocValues":
        """The documents of the boolean mask `keep`, renumbered in order (vocabularies unchanged)."""
        renumber = np.cumsum(keep) - 1
        out = DocValues(live=self.live[keep], day=self.day[keep], order=self.order[keep],
                        lengths={f: a[keep] for f, a in self.lengths.items()})
        out.single = {name: (vals[keep], vocab) for name, (vals, vocab) in self.single.items()}
        for name, mv in self.multi.items():
            kept = keep[mv.doc]
            out.multi[name] = MultiValues(renumber[mv.doc[kept]].astype(np.int32), mv.val[kept], mv.vocab)
        return out

    @property
    def size(self) -> int:
        """Number of document numbers (live or not)."""
        return len(self.live)

    def save(self, gen: Path) -> None:
        """Write docvalues.npz (+ vocabularies) into a generation directory."""
        arrays = {"live": self.live, "day": self.day, "order": self.order, **{f"len_{f}": a for f, a in self.lengths.items()}}
        vocab = {}
        for name, (vals, words) in self.single.items():
            arrays[f"s_{name}"] = vals
            vocab[name] = words
        for name, mv in self.multi.items():
            arrays[f"md_{name}"], arrays[f"mv_{name}"] = mv.doc, mv.val
            vocab[name] = mv.vocab
        np.savez(gen / FILE, **arrays)
        (gen / "docvalues.vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, gen: Path) -> "DocValues":
        """Read what `save` wrote."""
        vocab = json.loads((gen / "docvalues.vocab.json").read_text(encoding="utf-8"))
        with open(gen / FILE, "rb") as fh, np.load(fh, allow_pickle=False) as z:  # closed even if damaged
            dv = cls(live=z["live"], day=z["day"], order=z["order"])
            for name in SINGLE:
                dv.single[name] = (z[f"s_{name}"], vocab[name])
            for name in MULTI:
                dv.multi[name] = MultiValues(z[f"md_{name}"], z[f"mv_{name}"], vocab[name])
            dv.lengths = {f: z[f"len_{f}"] for f in LENGTH_FIELDS}
        return dv


def concat(parts: list[DocValues]) -> DocValues:
    """One generation's doc values from its segments' (in segment order), vocabularies merged."""
    out = DocValues(live=np.concatenate([p.live for p in parts]), day=np.concatenate([p.day for p in parts]),
                    order=np.concatenate([p.order for p in parts]),
                    lengths={f: np.concatenate([p.lengths[f] for p in parts]) for f in LENGTH_FIELDS})
    for name in SINGLE:
        vocab: dict[str, int] = {}
        arrays = []
        for p in parts:
            vals, words = p.single[name]
            remap = np.array([vocab.setdefault(w, len(vocab)) for w in words] + [-1], dtype=np.int32)
            arrays.append(remap[vals])  # -1 (no value) indexes the trailing -1
        out.single[name] = (np.concatenate(arrays), list(vocab))
    for name in MULTI:
        vocab, docs, vals, offset = {}, [], [], 0
        for p in parts:
            mv = p.multi[name]
            remap = np.array([vocab.setdefault(w, len(vocab)) for w in mv.vocab], dtype=np.int32)
            docs.append(mv.doc + offset)
            vals.append(remap[mv.val] if len(mv.val) else mv.val)
            offset += p.size
        out.multi[name] = MultiValues(np.concatenate(docs).astype(np.int32), np.concatenate(vals).astype(np.int32),
                                      list(vocab))
    return out


def day_number(iso: str | None) -> int:
    """Days since 1970-01-01 for an ISO date, -1 when missing or malformed."""
    try:
        return date.fromisoformat(iso).toordinal() - EPOCH if iso else -1
    except (TypeError, ValueError):
        return -1


def reading_order(value: object) -> int:
    """A 1-based reading order as an int32 doc value, -1 when missing or not a sane number.

    >>> reading_order(3), reading_order("07"), reading_order(None), reading_order(True), reading_order(-2)
    (3, 7, -1, -1, -1)
    """
    if isinstance(value, bool):
        return -1
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return -1
    return n if 0 <= n < 1 << 20 else -1


def page_sort_key(page: str | None) -> tuple:
    """How printed pages (版) are ordered: by letter part, then number; unnumbered ones after, unknown last.

    >>> sorted(["10", "A03", "2", "B1", "A12", "要闻", None], key=page_sort_key)
    ['2', '10', 'A03', 'A12', 'B1', '要闻', None]
    """
    if page is None or not str(page).strip():
        return (2, "", 0, "")
    m = re.fullmatch(r"\s*([A-Za-z]*)\s*0*(\d{1,6})\s*版?\s*", str(page))
    if m:
        return (0, m.group(1).upper(), int(m.group(2)), str(page))
    return (1, "", 0, str(page))


def iso_day(n: int) -> str:
    """Inverse of `day_number`."""
    return date.fromordinal(int(n) + EPOCH).isoformat()


class DocValuesBuilder:
    """Collects facet values document number by document number."""

    def __init__(self, size: int):
        self.live = np.zeros(size, dtype=bool)
        self.day = np.full(size, -1, dtype=np.int32)
        self.order = np.full(size, -1, dtype=np.int32)
        self.single_ids = {n: np.full(size, -1, dtype=np.int32) for n in SINGLE}
        self.vocab: dict[str, dict[str, int]] = {n: {} for n in SINGLE + MULTI}
        self.pairs: dict[str, tuple[list[int], list[int]]] = {n: ([], []) for n in MULTI}
        self.lengths = {f: np.zeros(size, dtype=np.float32) for f in LENGTH_FIELDS}

    def _id(self, name: str, value: str) -> int:
        ids = self.vocab[name]
        return ids.setdefault(value, len(ids))

    def add(self, docnum: int, meta: dict, lengths: dict[str, float]) -> None:
        """Record one live document's facet values (keys as in the Article record) and field lengths."""
        self.live[docnum] = True
        for f, n in lengths.items():
            self.lengths[f][docnum] = n
        self.day[docnum] = day_number(meta.get("date"))
        self.order[docnum] = reading_order(meta.get("order"))
        for name in SINGLE:
            if meta.get(name):
                self.single_ids[name][docnum] = self._id(name, meta[name])
        for name in MULTI:
            docs, vals = self.pairs[name]
            for value in dict.fromkeys(meta.get(name + "s") or []):
                docs.append(docnum)
                vals.append(self._id(name, value))

    def build(self) -> DocValues:
        """Freeze into arrays."""
        dv = DocValues(live=self.live, day=self.day, order=self.order, lengths=self.lengths)
        for name in SINGLE:
            dv.single[name] = (self.single_ids[name], list(self.vocab[name]))
        for name in MULTI:
            docs, vals = self.pairs[name]
            dv.multi[name] = MultiValues(np.array(docs, dtype=np.int32), np.array(vals, dtype=np.int32),
                                         list(self.vocab[name]))
        return dv
