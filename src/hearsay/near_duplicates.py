"""Near-duplicate documents: MinHash signatures over word shingles, found with LSH.

A syndicated wire story republished with a different headline, or the same page captured twice
with a different menu, is a near duplicate. hearsay records it on the document
(``Document.near_duplicates``) and keeps both: the copies may differ in exactly the words that
matter (a changed attribution, a dropped hedge).

Signatures are plain bytes so the store can keep them and re-add them on the next run.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
_SEED = 1
# Pinned so signatures stored by one datasketch version compare with the next one's.
_SCHEME = "affine32"
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping runs of ``size`` lowercase words; a shorter text is one shingle."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash_signature(text: str) -> bytes:
    """A MinHash signature of ``text`` (``NUM_PERM`` 64-bit values) as bytes."""
    import numpy as np
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def _lean(signature: bytes) -> LeanMinHash:
    import numpy as np
    from datasketch import LeanMinHash

    values = np.frombuffer(signature, dtype=np.uint64)
    if values.size != NUM_PERM:
        raise ValueError(f"a signature holds {NUM_PERM} values, this one {values.size}")
    return LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(_lean(a).jaccard(_lean(b)))


class NearDuplicateIndex:
    """Documents seen so far, queryable for near duplicates of a new one."""

    def __init__(self, threshold: float = 0.8) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self._lsh: MinHashLSH | None = None
        self._signatures: dict[str, LeanMinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._signatures

    def add(self, doc_id: str, signature: bytes) -> list[str]:
        """Index ``doc_id``; return the ids already indexed that are near duplicates of it.

        LSH candidates are checked against the threshold, so a returned id really is similar.
        Adding an id twice is harmless (it is not its own duplicate).
        """
        if self._lsh is None:
            from datasketch import MinHashLSH

            self._lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)
        minhash = _lean(signature)
        candidates = self._lsh.query(minhash)
        duplicates = sorted(
            other for other in candidates
            if other != doc_id and self._signatures[other].jaccard(minhash) >= self.threshold
        )
        if doc_id not in self._signatures:
            self._lsh.insert(doc_id, minhash)
            self._signatures[doc_id] = minhash
        return duplicates
