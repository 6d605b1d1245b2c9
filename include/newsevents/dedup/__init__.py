"""Duplicate detection at three levels: exact documents, near-duplicate documents
(MinHash LSH with a date window and a facts guard) and repeated paragraphs.

``document`` builds what the decision needs, ``compare`` decides one pair, ``cluster``
groups documents in memory (the CLI, the benchmark) and ``store`` keeps signatures,
links and stories incrementally in the warehouse with the same rules.
"""

from .cluster import MAX_STORY_SPAN, Index, UnionFind, cluster, stories
from .match import MAX_DAY_GAP, Doc, Verdict, compare, document, documents, fact_conflict
from .paragraphs import repeated_paragraphs, story_repeats
from .text import exact_hash, fact_mask, normalized, words

__all__ = ["Doc", "Index", "MAX_DAY_GAP", "MAX_STORY_SPAN", "UnionFind", "Verdict", "cluster", "compare",
           "document", "documents", "exact_hash", "fact_conflict", "fact_mask", "normalized",
           "repeated_paragraphs", "stories", "story_repeats", "words"]
