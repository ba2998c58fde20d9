r"""seam finds the paragraphs that do not belong in a document: an ad spliced into a news story,
spam injected into a hacked page, a "subscribe / follow us" block, page furniture, a paragraph
from another article.

    >>> import seam
    >>> scorer = seam.Scorer()
    >>> result = scorer.score(
    ...     "The council approved the tram line on Tuesday after a long debate.\n\n"
    ...     "Construction starts in spring and the first trams run in 2031.\n\n"
    ...     "Get 60% off your first box with code CRATE60! Free delivery, order now.\n\n"
    ...     "Residents of the old town asked for quieter trams and fewer night works.")
    >>> [p["index"] for p in result["paragraphs"] if p["flagged"]]
    [2]
    >>> [r["detail"] for r in result["paragraphs"][2]["reasons"]]  # doctest: +ELLIPSIS
    ['off topic: meaning far from the rest (similarity 0.10)', ..., 'promotional vocabulary: 60 off, first box, free delivery']

A result is the object of one line of ``seam score --format jsonl``. :class:`Scorer` also
scores many documents on every core (:meth:`Scorer.score_many`), cleans documents
(:meth:`Scorer.clean`) and writes Dolma attribute records (:meth:`Scorer.dolma`).
:mod:`seam.spark` scores a Spark DataFrame.
"""

from ._seam import Scorer, SeamError, __version__

__all__ = ["Scorer", "SeamError", "__version__"]
