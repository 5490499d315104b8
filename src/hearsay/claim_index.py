"""An approximate nearest-neighbour index over claim-mention vectors (hnswlib, cosine).

Each claim mention gets an integer label once; the index is saved into the store as a blob after
every build and loaded at the start of the next, so adding documents costs O(k log n) per new
mention instead of comparing every pair.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

M = 16  # graph degree: recall vs. memory; 16 is hnswlib's recommended middle ground
EF_CONSTRUCTION = 200
EF_SEARCH = 64
INITIAL_CAPACITY = 1024


class ClaimIndex:
    def __init__(self, dimension: int, index: Any = None) -> None:
        import hnswlib

        self.dimension = dimension
        if index is None:
            index = hnswlib.Index(space="cosine", dim=dimension)
            index.init_index(
                max_elements=INITIAL_CAPACITY, ef_construction=EF_CONSTRUCTION, M=M, random_seed=100
            )
        index.set_ef(EF_SEARCH)
        index.set_num_threads(1)
        self._index = index
        self._deleted: set[int] = set()

    # -- persistence ------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        handle, path = tempfile.mkstemp(suffix=".hnsw")
        os.close(handle)
        try:
            self._index.save_index(path)
            with open(path, "rb") as file:
                return file.read()
        finally:
            os.unlink(path)

    @classmethod
    def from_bytes(cls, data: bytes, dimension: int, deleted: Iterable[int] = ()) -> ClaimIndex:
        import hnswlib

        handle, path = tempfile.mkstemp(suffix=".hnsw")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            index = hnswlib.Index(space="cosine", dim=dimension)
            index.load_index(path, allow_replace_deleted=False)
        finally:
            os.unlink(path)
        loaded = cls(dimension, index)
        loaded._deleted = set(deleted)  # hnswlib keeps the marks; we keep the list of them
        return loaded

    # -- contents ---------------------------------------------------------------------------

    @property
    def deleted(self) -> set[int]:
        return set(self._deleted)

    @property
    def count(self) -> int:
        return int(self._index.get_current_count()) - len(self._deleted)

    def labels(self) -> set[int]:
        return set(self._index.get_ids_list()) - self._deleted

    def add(self, vectors: np.ndarray, labels: list[int]) -> None:
        if not labels:
            return
        needed = int(self._index.get_current_count()) + len(labels)
        capacity = int(self._index.get_max_elements())
        if needed > capacity:
            # Doubling keeps the total cost of resizes linear in the corpus.
            self._index.resize_index(max(needed, capacity * 2))
        self._index.add_items(vectors, labels, num_threads=1)

    def remove(self, labels: list[int]) -> None:
        for label in labels:
            if label not in self._deleted:
                self._index.mark_deleted(label)
                self._deleted.add(label)

    def vectors(self, labels: list[int]) -> np.ndarray:
        import numpy as np

        if not labels:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = np.asarray(self._index.get_items(labels), dtype=np.float32)
        # hnswlib's cosine space stores unit vectors already; normalise anyway for safety.
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def nearest(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Labels and cosine similarities of the k nearest stored vectors to each row."""
        import numpy as np

        k = min(k, self.count)
        if k <= 0 or len(vectors) == 0:
            empty = np.zeros((len(vectors), 0))
            return empty.astype(np.int64), empty.astype(np.float32)
        self._index.set_ef(max(EF_SEARCH, k * 2))
        labels, distances = self._index.knn_query(vectors, k=k, num_threads=1)
        return labels.astype(np.int64), (1.0 - distances).astype(np.float32)
