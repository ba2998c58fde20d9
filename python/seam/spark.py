"""Score a Spark DataFrame with seam.

    from seam.spark import score_dataframe
    scored = score_dataframe(spark.read.json("corpus/*.jsonl.gz"))
    scored.where("seam.flagged > 0").select("id", "seam.paragraphs").show()

The work runs on the executors with ``mapInPandas``: rows arrive in Arrow batches, each batch is
scored by one :class:`seam.Scorer` kept for the life of the executor's Python worker (built on
its first batch, not per row or per task), and the results go back as Arrow. A model file given
on the driver is read there and its text travels with the task, so executors need no copy of
it and no shared filesystem.

Needs ``pyspark`` (3.5 or 4.x), ``pandas`` (below 3 for PySpark 4.3) and ``pyarrow``:
``pip install './python[spark]'``.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Tuple, Union

from ._seam import Scorer, SeamError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame

__all__ = ["SEAM_SCHEMA", "seam_type", "score_dataframe", "dolma_dataframe", "dolma_line"]

#: The type of the ``seam`` column, in Spark's DDL: the document-level fields of
#: ``seam score --format jsonl`` and each paragraph's fields but its text (the row has the
#: text). ``start``/``end`` are byte offsets into the UTF-8 text (null for HTML blocks, which
#: have ``tag`` instead); ``flagged`` is a count for the document and a boolean for a paragraph.
SEAM_SCHEMA = (
    "struct<model: string, threshold: double, flagged: int, max_score: double, "
    "paragraphs: array<struct<index: int, start: bigint, end: bigint, tag: string, "
    "score: double, flagged: boolean, "
    "reasons: array<struct<feature: string, contribution: double, detail: string>>>>>"
)


def seam_type():
    """:data:`SEAM_SCHEMA` as a ``pyspark.sql.types.StructType``."""
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        IntegerType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    def struct(*fields):
        return StructType([StructField(name, t, True) for name, t in fields])

    reason = struct(
        ("feature", StringType()), ("contribution", DoubleType()), ("detail", StringType())
    )
    paragraph = struct(
        ("index", IntegerType()),
        ("start", LongType()),
        ("end", LongType()),
        ("tag", StringType()),
        ("score", DoubleType()),
        ("flagged", BooleanType()),
        ("reasons", ArrayType(reason, True)),
    )
    return struct(
        ("model", StringType()),
        ("threshold", DoubleType()),
        ("flagged", IntegerType()),
        ("max_score", DoubleType()),
        ("paragraphs", ArrayType(paragraph, True)),
    )


_PARAGRAPH_KEYS = ("index", "start", "end", "tag", "score", "flagged", "reasons")

# One Scorer per executor Python worker and configuration: Spark reuses its Python workers
# between tasks (spark.python.worker.reuse, on by default), so the model is parsed once per
# worker process, not per task and never per row.
_SCORERS: Dict[Tuple[Any, ...], Scorer] = {}
# How many Scorers this process has built, per configuration (the tests read it).
_BUILT: Dict[Tuple[Any, ...], int] = {}


class _Config:
    """What an executor needs to build the driver's Scorer: pickled into the task."""

    def __init__(
        self,
        model: Union[str, "os.PathLike[str]", None],
        threshold,
        reasons: int,
        keep_comments: bool = False,
    ):
        if model is None:
            self.model_json = None
            self.model_name = None
            digest = "embedded"
        else:
            path = os.fspath(model)
            try:
                with open(path, encoding="utf-8") as f:
                    self.model_json = f.read()
            except OSError as e:
                raise SeamError(f"{path}: {e.strerror}") from e
            # Named after its file, as Scorer(model=PATH) and `seam score --model PATH` do.
            self.model_name = os.path.splitext(os.path.basename(path))[0]
            digest = hashlib.sha256(self.model_json.encode()).hexdigest()
        self.threshold = threshold
        self.reasons = reasons
        self.keep_comments = keep_comments
        self.key = (digest, self.model_name, threshold, reasons, keep_comments)
        # Fail on the driver, at once, for a model file that executors could not load.
        self.scorer()

    def scorer(self) -> Scorer:
        s = _SCORERS.get(self.key)
        if s is None:
            if self.model_json is None:
                s = Scorer(
                    threshold=self.threshold,
                    reasons=self.reasons,
                    keep_comments=self.keep_comments,
                )
            else:
                s = Scorer.from_json(
                    self.model_json,
                    self.model_name,
                    self.threshold,
                    self.reasons,
                    self.keep_comments,
                )
            _SCORERS[self.key] = s
            _BUILT[self.key] = _BUILT.get(self.key, 0) + 1
        return s


def _check_columns(df: "DataFrame", *names: Optional[str]) -> None:
    for name in names:
        if name is not None and name not in df.columns:
            raise SeamError(
                f'no column "{name}" in the DataFrame (columns: {", ".join(df.columns)})'
            )


def _batch_inputs(
    pdf: "pd.DataFrame", text_col: str, id_col: Optional[str]
) -> Tuple[List[int], List[Any], Optional[List[Any]]]:
    """Positions of the rows with a text, their texts and (when there is an id column) ids."""
    values = pdf[text_col].tolist()
    present = [i for i, t in enumerate(values) if t is not None and t == t]
    # A binary column arrives as bytearray.
    rows_texts = [bytes(v) if isinstance(v, bytearray) else v for v in (values[i] for i in present)]
    ids = None
    if id_col is not None:
        id_values = pdf[id_col].tolist()
        ids = [_id_of(id_values[i], i) for i in present]
    return present, rows_texts, ids


def _id_of(value: Any, position: int) -> Union[str, int]:
    if value is None or value != value:  # null, NaN
        return str(position)
    if isinstance(value, (str, int)):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)  # an integer id column with nulls arrives as float64
    return str(value)


def _struct(result: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "model": result["model"],
        "threshold": result["threshold"],
        "flagged": result["flagged"],
        "max_score": result["max_score"],
        "paragraphs": [
            {k: p.get(k) for k in _PARAGRAPH_KEYS} for p in result["paragraphs"]
        ],
    }


def score_dataframe(
    df: "DataFrame",
    text_col: str = "text",
    id_col: Optional[str] = "id",
    format: str = "text",
    model: Union[str, "os.PathLike[str]", None] = None,
    *,
    threshold: Optional[float] = None,
    reasons: int = 3,
    keep_comments: bool = False,
    column: str = "seam",
    jobs: int = 1,
) -> "DataFrame":
    """The DataFrame with a struct column ``seam`` (:data:`SEAM_SCHEMA`) holding each row's
    scores: ``model``, ``threshold``, ``flagged`` (how many paragraphs), ``max_score`` and
    ``paragraphs`` (``index``, ``start``, ``end``, ``tag``, ``score``, ``flagged``,
    ``reasons``), the values of ``seam score --format jsonl`` for the same text.

    - ``text_col``: the documents (string, or binary: decoded as the command line decodes a
      file). A null text gets a null ``seam``.
    - ``id_col``: the document ids handed to seam (as ``score_many``'s ``ids``; the struct does
      not repeat them). ``None``, or a name the frame lacks while left at ``"id"``: positions.
    - ``format``: ``text``, ``markdown`` or ``html``.
    - ``model``: a model file on the driver (read there and shipped with the tasks); ``None``
      for the embedded models. ``threshold``, ``reasons`` and ``keep_comments`` as for
      :class:`seam.Scorer`.
    - ``column``: the name of the new column. ``jobs``: threads per Spark task (Spark's own
      tasks already use every executor core, so 1 by default).
    """
    config = _Config(model, threshold, reasons, keep_comments)
    _check_columns(df, text_col)
    if id_col == "id" and id_col not in df.columns:
        id_col = None
    _check_columns(df, id_col)
    config.scorer().score("", format=format)  # an unknown format fails here, on the driver
    schema = _output_schema(df, column, seam_type())

    def score_batches(batches: Iterator["pd.DataFrame"]) -> Iterator["pd.DataFrame"]:
        scorer = config.scorer()
        for pdf in batches:
            present, texts, ids = _batch_inputs(pdf, text_col, id_col)
            results = scorer.score_many(texts, format=format, ids=ids, jobs=jobs)
            out: List[Optional[Dict[str, Any]]] = [None] * len(pdf)
            for i, r in zip(present, results):
                out[i] = _struct(r)
            pdf = pdf.drop(columns=[column], errors="ignore")
            pdf[column] = out
            yield pdf

    return df.mapInPandas(score_batches, schema)


def dolma_dataframe(
    df: "DataFrame",
    text_col: str = "text",
    id_col: str = "id",
    format: str = "text",
    model: Union[str, "os.PathLike[str]", None] = None,
    *,
    keep_comments: bool = False,
    column: str = "dolma",
    jobs: int = 1,
) -> "DataFrame":
    """The DataFrame with a string column ``dolma``: each row's Dolma attribute record as one
    JSON line (without the line break), the line ``seam score --format dolma`` writes for it,
    ready to be written to ``attributes/seam/`` files that line up with the ``documents/``
    files (see ``python/examples/dolma_attributes.py``). Ids are written as strings. A null
    text gets a null record (which cannot line up with a Dolma document: filter them first).
    ``keep_comments`` as for :class:`seam.Scorer`.
    """
    from pyspark.sql.types import StringType

    config = _Config(model, None, 0, keep_comments)
    _check_columns(df, text_col, id_col)
    config.scorer().score("", format=format)
    schema = _output_schema(df, column, StringType())

    def record_batches(batches: Iterator["pd.DataFrame"]) -> Iterator["pd.DataFrame"]:
        scorer = config.scorer()
        for pdf in batches:
            present, texts, ids = _batch_inputs(pdf, text_col, id_col)
            records = scorer.dolma_many(texts, ids, format=format, jobs=jobs)
            out: List[Optional[str]] = [None] * len(pdf)
            for i, r in zip(present, records):
                out[i] = dolma_line(r)
            pdf = pdf.drop(columns=[column], errors="ignore")
            pdf[column] = out
            yield pdf

    return df.mapInPandas(record_batches, schema)


def dolma_line(record: Dict[str, Any]) -> str:
    """A record from :meth:`seam.Scorer.dolma` as ``seam score --format dolma`` writes it
    (keys ``id`` then ``attributes``, compact, UTF-8 as is), without the line break."""
    return json.dumps(
        {"id": record["id"], "attributes": record["attributes"]},
        separators=(",", ":"),
        ensure_ascii=False,
    )


def _output_schema(df: "DataFrame", column: str, data_type):
    """The frame's schema with ``column`` (replaced when it exists) of ``data_type``."""
    from pyspark.sql.types import StructField, StructType

    fields = [f for f in df.schema.fields if f.name != column]
    return StructType(fields + [StructField(column, data_type, True)])
