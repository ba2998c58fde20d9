"""Score a corpus with seam on Spark and write Dolma attribute files laid out like the input.

    python python/examples/dolma_attributes.py crawl/documents crawl/attributes/seam
    python python/examples/dolma_attributes.py --input-format parquet corpus/ corpus-attributes/
    spark-submit python/examples/dolma_attributes.py s3-mounted/documents s3-mounted/attributes/seam

For every input file DOCUMENTS/a/part-3.jsonl.gz (or .jsonl, .json.gz, .parquet) it writes
ATTRIBUTES/a/part-3.jsonl.gz: one attribute record per document of that file, in the file's
order, with its ids, byte for byte what `seam score --format dolma` writes for the file. That is
the layout `dolma mix` reads (`attributes: [seam]` beside `documents/`), with span replacement
on `seam__default__offtopic` (see the project README, "Outputs").

How: the corpus is read as a DataFrame with each row's file (`input_file_name()`) and a
position (`monotonically_increasing_id()`, which grows with the row's place in its file: a
file's splits are read by tasks in file order), scored by `seam.spark.dolma_dataframe` with
`mapInPandas`, regrouped by file, sorted back into file order, and each file's records are
written by the task that holds them (to a temporary name, renamed when complete). The output
directory must be reachable by the executors under the same path (local mode, or a shared
mount); an input file without documents gets an empty attribute file.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
from typing import Iterable, Iterator, List, Optional
from urllib.parse import unquote, urlparse

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from seam.spark import dolma_dataframe

FILE, ROW = "_seam_file", "_seam_row"


def local_path(uri: str) -> str:
    """A `file:` URI (what `input_file_name()` gives) as a path."""
    parsed = urlparse(uri)
    if parsed.scheme not in ("", "file"):
        raise SystemExit(f"{uri}: only local or mounted files are written by this example")
    return os.path.abspath(unquote(parsed.path))


def attribute_name(relative: str) -> str:
    """part-3.jsonl.gz -> part-3.jsonl.gz, part-1.jsonl -> part-1.jsonl.gz,
    part-0.snappy.parquet -> part-0.jsonl.gz: Dolma reads gzip JSONL."""
    for suffix in (".jsonl.gz", ".json.gz", ".ndjson.gz"):
        if relative.endswith(suffix):
            return relative[: -len(suffix)] + ".jsonl.gz"
    for suffix in (".jsonl", ".json", ".ndjson"):
        if relative.endswith(suffix):
            return relative[: -len(suffix)] + ".jsonl.gz"
    stem = relative
    if stem.endswith(".parquet"):
        stem = stem[: -len(".parquet")]
        for codec in (".snappy", ".gz", ".zstd", ".lz4", ".brotli"):
            if stem.endswith(codec):
                stem = stem[: -len(codec)]
    return stem + ".jsonl.gz"


def read(spark: SparkSession, documents: str, input_format: str, text_col: str, id_col: str) -> DataFrame:
    reader = spark.read.option("recursiveFileLookup", "true")
    if input_format == "json":
        # The two fields only, as strings: no pass over the data to infer a schema, and a
        # numeric id comes as its digits, as seam writes it.
        df = reader.schema(f"`{id_col}` string, `{text_col}` string").json(documents)
    else:
        df = reader.format(input_format).load(documents)
    # Directly above the scan, before anything can reorder the rows.
    return df.select(
        F.col(id_col).cast("string").alias(id_col),
        F.col(text_col),
        F.input_file_name().alias(FILE),
        F.monotonically_increasing_id().alias(ROW),
    )


def write_partition(root: str, out_root: str, column: str):
    def write(rows: Iterable) -> Iterator[str]:
        current: Optional[str] = None
        tmp = target = None
        f = None
        written: List[str] = []

        def finish():
            f.close()
            os.replace(tmp, target)

        for row in rows:
            if row[FILE] != current:
                if f is not None:
                    finish()
                current = row[FILE]
                relative = os.path.relpath(local_path(current), root)
                name = attribute_name(relative)
                target = os.path.join(out_root, name)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                tmp = os.path.join(
                    os.path.dirname(target), f".{os.path.basename(target)}.{os.getpid()}.tmp"
                )
                f = gzip.open(tmp, "wb")
                written.append(name)
            if row[column] is None:
                raise ValueError(f"{current}: a document without text: Dolma needs every line")
            f.write(row[column].encode("utf-8") + b"\n")
        if f is not None:
            finish()
        return iter(written)

    return write


def run(
    spark: SparkSession,
    documents: str,
    attributes: str,
    input_format: str = "json",
    text_col: str = "text",
    id_col: str = "id",
    format: str = "text",
    model: Optional[str] = None,
    keep_comments: bool = False,
) -> List[str]:
    """Write the attribute files; return their paths relative to `attributes`."""
    root = os.path.abspath(documents)
    out_root = os.path.abspath(attributes)
    df = read(spark, root, input_format, text_col, id_col)
    scored = dolma_dataframe(
        df, text_col=text_col, id_col=id_col, format=format, model=model, keep_comments=keep_comments
    )
    grouped = (
        scored.select(FILE, ROW, "dolma")
        .repartition(FILE)
        .sortWithinPartitions(FILE, ROW)
    )
    written = grouped.rdd.mapPartitions(write_partition(root, out_root, "dolma")).collect()
    # Input files without a document (empty, or only blank lines) still get their file.
    for uri in df.inputFiles():
        name = attribute_name(os.path.relpath(local_path(uri), root))
        if name not in written:
            target = os.path.join(out_root, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with gzip.open(target, "wb"):
                pass
            written.append(name)
    return written


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("documents", help="a directory (read recursively) or a file")
    p.add_argument("attributes", help="where the attribute files go, e.g. .../attributes/seam")
    p.add_argument("--input-format", choices=["json", "parquet"], default="json",
                   help="json: JSONL, gzip or not (default); parquet")
    p.add_argument("--text-col", default="text")
    p.add_argument("--id-col", default="id")
    p.add_argument("--format", default="text", choices=["text", "markdown", "html"],
                   help="how seam segments the text column")
    p.add_argument("--model", help="a model file (default: the embedded model)")
    p.add_argument("--keep-comments", action="store_true",
                   help="(html) score readers' comments below a story like any block instead of flagging them")
    a = p.parse_args(argv)
    spark = SparkSession.builder.appName("seam-dolma-attributes").getOrCreate()
    written = run(spark, a.documents, a.attributes, a.input_format, a.text_col, a.id_col,
                  a.format, a.model, a.keep_comments)
    print(f"wrote {len(written)} attribute files under {a.attributes}", file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
