"""A segment's postings file: every field's dictionary columns and sections, memory-mapped when read.

Layout: the magic bytes, the length of a JSON header, the header (per field:
where each column and section lies, its dtype and length), then the arrays,
each 8-byte aligned. The reader maps the file and makes numpy views of it, so
opening a segment reads only the header, and the operating system's page cache
is the only copy of the postings in memory.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.format.fields import EncodedField
from index.format.reader import FieldReader

MAGIC = b"YPF1"
EXTENSION = ".ypf"
_LENGTH = struct.Struct("<Q")


@dataclass(frozen=True)
class FileRange:
    """`size` bytes of the file at `path` from `offset`: a section copied into place, never held in memory."""

    path: Path
    offset: int
    size: int


def write_postings(fh, fields: dict[str, EncodedField]) -> None:
    """Write the encoded fields to an open binary file (a section is bytes, or FileRanges holding them)."""
    header, chunks, offset = {}, [], 0
    for name, enc in sorted(fields.items()):
        entry = {"columns": {}, "sections": {}}
        for col, array in enc.columns.items():
            entry["columns"][col] = [offset, len(array), array.dtype.str]
            offset = _add(chunks, array.tobytes(), offset)
        for sec, data in enc.sections.items():
            entry["sections"][sec] = [offset, _size(data)]
            offset = _add(chunks, data, offset)
        header[name] = entry
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    start = len(MAGIC) + _LENGTH.size + len(head)
    start += -start % 8
    fh.write(MAGIC + _LENGTH.pack(len(head)) + head + bytes(start - len(MAGIC) - _LENGTH.size - len(head)))
    for chunk in chunks:
        if isinstance(chunk, list):
            for part in chunk:
                _append_range(fh, part)
        else:
            fh.write(chunk)
    fh.write(bytes(16))  # slack: nothing reads past the end


def _append_range(fh, part: FileRange) -> None:
    """Copy a range of a file to the end of the open file `fh`, inside the kernel where it can."""
    fh.flush()
    at, left = part.offset, part.size
    with open(part.path, "rb") as src:
        try:
            while left > 0:
                copied = os.copy_file_range(src.fileno(), fh.fileno(), left, at)
                if not copied:
                    break
                at, left = at + copied, left - copied
        except (AttributeError, OSError):  # no copy_file_range here, or not between these files
            pass
        fh.seek(0, os.SEEK_END)  # the buffered writer learns where the kernel left the file
        src.seek(at)
        while left > 0:  # what the kernel did not copy
            block = src.read(min(left, 1 << 20))
            if not block:
                raise ValueError(f"{part.path} ends before byte {part.offset + part.size}")
            fh.write(block)
            left -= len(block)


def _size(data: bytes | list[FileRange]) -> int:
    return sum(part.size for part in data) if isinstance(data, list) else len(data)


def _add(chunks: list, data: bytes | list[FileRange], offset: int) -> int:
    chunks.append(data)
    size = _size(data)
    pad = -size % 8
    if pad:
        chunks.append(bytes(pad))
    return offset + size + pad


class SegmentPostings:
    """The fields of one segment's postings file, each a FieldReader over the mapped file."""

    def __init__(self, path: str):
        self.path = path
        with open(path, "rb") as fh:
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            self._fd = os.dup(fh.fileno())  # kept to see the mapped file shrink (`intact`)
        self._size = len(self._map)
        if self._map[:4] != MAGIC:
            raise ValueError(f"{path} is not a Yuwen postings file")
        (length,) = _LENGTH.unpack_from(self._map, 4)
        header = json.loads(self._map[12:12 + length].decode("utf-8"))
        start = 12 + length
        start += -start % 8
        self.buf = np.frombuffer(self._map, dtype=np.uint8)
        self.fields: dict[str, FieldReader] = {}
        for name, entry in header.items():
            columns = {col: np.frombuffer(self._map, dtype=dtype, count=n, offset=start + off)
                       for col, (off, n, dtype) in entry["columns"].items()}
            bases = {sec: start + off for sec, (off, _) in entry["sections"].items()}
            sizes = {sec: n for sec, (_, n) in entry["sections"].items()}
            self.fields[name] = FieldReader(self.buf, columns, bases, sizes, self.drop_pages)

    def intact(self) -> bool:
        """Whether the mapped file still has its length. Reading a page of a mapping past the end
        of a file cut short kills the process (SIGBUS), so the server asks before every request."""
        try:
            return self._fd >= 0 and os.fstat(self._fd).st_size >= self._size
        except OSError:
            return False

    def drop_pages(self) -> None:
        """Unmap the pages read so far from this process (the page cache keeps them): a merge reads
        each once, and without this its memory would grow by every source file it has read.
        (`reader.lists_of` copies what it reads: nothing read through the mapping stays a view of it.)"""
        self._map.madvise(mmap.MADV_DONTNEED)

    def close(self) -> None:
        """Release the mapping (views made from it must be gone)."""
        self.fields.clear()
        self.buf = None
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        try:
            self._map.close()
        except BufferError:  # a view is still alive somewhere; the mapping goes with it
            pass
