"""Each page's annotations, kept packed between the moments they are needed.

After its pages, a publication's annotations are the most a build holds: 4,000 are 2.9 MB of
Python objects, yet a page's are needed only while it is woven, and to list its corrections.
Pickled and compressed, eight annotations take three quarters of a kilobyte (0.4 MB for the
4,000), and unpacking them about 30 µs; unpacked lists are new objects, freed once used. The
build's memory is also smaller when it forks its worker (`ahead.py`), which keeps its own copy of
every memory page either process writes to afterwards.
`mkdocs serve` keeps every file it has read as objects (its cache, keyed on each file's mtime and
size), so there packing saves nothing, and costs the 0.4 MB.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterator, Mapping, MutableMapping

from .model import Annotation


class PackedAnnotations(MutableMapping[str, list[Annotation]]):
    """Page key -> its annotations. Reading gives a new list each time: to change a page's
    annotations, assign the changed list."""

    def __init__(self, lists: Mapping[str, list[Annotation]] | None = None) -> None:
        self._packed: dict[str, bytes] = {}
        for key, listed in (lists or {}).items():
            self[key] = listed

    def __getitem__(self, key: str) -> list[Annotation]:
        annotations: list[Annotation] = pickle.loads(zlib.decompress(self._packed[key]))
        return annotations

    def __setitem__(self, key: str, annotations: list[Annotation]) -> None:
        # Level 1: as small as the default level for lists this size, and faster.
        self._packed[key] = zlib.compress(pickle.dumps(annotations, pickle.HIGHEST_PROTOCOL), 1)

    def __delitem__(self, key: str) -> None:
        del self._packed[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, key: object) -> bool:
        return key in self._packed  # without unpacking, as Mapping's would
