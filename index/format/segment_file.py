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
import shutil
import struct
from pathlib import Path

import numpy as np

from index.format.fields import EncodedField
from index.format.reader import FieldReader

MAGIC = b"YPF1"
EXTENSION = ".ypf"
_LENGTH = struct.Struct("<Q")


def write_postings(fh, fields: dict[str, EncodedField]) -> None:
    """Write the encoded fields to an open binary file (a section is bytes, or a file holding them)."""
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
        if isinstance(chunk, Path):
            _append_file(fh, chunk)
        else:
            fh.write(chunk)
    fh.write(bytes(16))  # slack: nothing reads past the end


def _append_file(fh, path: Path) -> None:
    """Copy the file at `path` to the end of the open file `fh`, inside the kernel where it can."""
    fh.flush()
    with open(path, "rb") as part:
        left = os.fstat(part.fileno()).st_size
        try:
            while left > 0:
                copied = os.copy_file_range(part.fileno(), fh.fileno(), left)
                if not copied:
                    break
                left -= copied
        except (AttributeError, OSError):  # no copy_file_range here, or not between these files
            fh.seek(0, os.SEEK_END)
            shutil.copyfileobj(part, fh, 1 << 20)  # from where the kernel's copy stopped
    fh.seek(0, os.SEEK_END)  # the buffered writer learns where the kernel left the file


def _size(data: bytes | Path) -> int:
    return data.stat().st_size if isinstance(data, Path) else len(data)


def _add(chunks: list, data: bytes | Path, offset: int) -> int:
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
