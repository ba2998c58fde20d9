"""seam.spark on PySpark in local mode (local[2]) against the command line."""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import pytest

from conftest import (
    EXAMPLES,
    PYTHON_DIR,
    ROOT,
    assert_same,
    cli_lines,
    corpus,
    run_cli,
    which_java,
    write_jsonl,
)

pyspark = pytest.importorskip("pyspark")
if which_java() is None:  # pragma: no cover
    pytest.skip("PySpark needs Java", allow_module_level=True)

import seam  # noqa: E402
from seam.spark import dolma_dataframe, score_dataframe  # noqa: E402

N_DOCS = 2000


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # The executors' Python is this one (the venv with seam in it).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("seam-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def docs():
    return corpus(N_DOCS)


@pytest.fixture(scope="module")
def docs_jsonl(docs, tmp_path_factory):
    return write_jsonl(tmp_path_factory.mktemp("spark") / "docs.jsonl", docs)


def without_text(cli: dict) -> dict:
    """A line of `seam score --format jsonl` cut to the fields of the `seam` struct."""
    out = {k: cli[k] for k in ("model", "threshold", "flagged", "max_score")}
    out["paragraphs"] = [
        {k: p.get(k) for k in ("index", "start", "end", "tag", "score", "flagged", "reasons")}
        for p in cli["paragraphs"]
    ]
    return out


def test_score_dataframe_scores_2000_documents_as_the_command_line(
    spark, seam_bin, docs, docs_jsonl
):
    cli = {c["id"]: c for c in cli_lines(seam_bin, "score", "--format", "jsonl", str(docs_jsonl))}
    df = spark.read.json(str(docs_jsonl)).repartition(6)
    scored = score_dataframe(df)
    assert scored.columns == df.columns + ["seam"]
    rows = scored.select("id", "seam").collect()
    assert len(rows) == N_DOCS == len(cli)
    flagged = 0
    for row in rows:
        got = row["seam"].asDict(recursive=True)
        assert_same(got, without_text(cli[row["id"]]), row["id"])
        flagged += got["flagged"]
    assert flagged > 0
    # The struct is queryable like any column.
    n = scored.where("seam.flagged > 0").count()
    assert n == sum(1 for c in cli.values() if c["flagged"] > 0)


def test_one_scorer_per_executor_process_not_per_task(spark, docs):
    df = spark.createDataFrame(docs[:240]).repartition(12)
    score_dataframe(df, reasons=2).select("seam.flagged").collect()  # 12 tasks
    key = ("embedded", None, None, 2, False)

    def built(batches):
        import pandas as pd

        import seam.spark as s

        for _ in batches:
            yield pd.DataFrame({"pid": [os.getpid()], "n": [s._BUILT.get(key, 0)]})

    # The executors' Python workers are reused across jobs: ask each (through mapInPandas
    # too, whose workers are the ones that scored) how many Scorers it built.
    probe = spark.range(0, 8, 1, 8).mapInPandas(built, "pid long, n long")
    seen = {r["pid"]: r["n"] for r in probe.collect()}
    assert seen and all(n <= 1 for n in seen.values()), seen
    assert sum(seen.values()) >= 1


def test_a_model_file_ships_to_the_executors(spark, seam_bin, docs, tmp_path):
    model = tmp_path / "mine.json"
    model.write_text((ROOT / "models" / "default.json").read_text())
    few = docs[:200]
    path = write_jsonl(tmp_path / "few.jsonl", few)
    args = ["--model", str(model), "--threshold", "0.2", "--reasons", "1"]
    cli = {c["id"]: c for c in cli_lines(seam_bin, "score", "--format", "jsonl", *args, str(path))}
    df = spark.createDataFrame(few)
    scored = score_dataframe(df, model=str(model), threshold=0.2, reasons=1, column="s")
    model.unlink()  # the executors hold the model's text, not the path
    for row in scored.select("id", "s").collect():
        got = row["s"].asDict(recursive=True)
        assert got["model"] == "mine"
        assert_same(got, without_text(cli[row["id"]]), row["id"])


def test_other_columns_formats_and_nulls(spark, seam_bin):
    page = EXAMPLES / "page_with_ad.html"
    [cli] = cli_lines(seam_bin, "score", "--format", "jsonl", str(page))
    df = spark.createDataFrame(
        [(1, page.read_text(), 2.5), (2, None, 3.5)], "doc long, page string, weight double"
    )
    scored = score_dataframe(df, text_col="page", id_col="doc", format="html")
    rows = {r["doc"]: r for r in scored.collect()}
    assert rows[1]["weight"] == 2.5 and rows[2]["weight"] == 3.5
    assert rows[2]["seam"] is None
    got = rows[1]["seam"].asDict(recursive=True)
    assert_same(got, without_text(cli))
    assert got["paragraphs"][0]["tag"] is not None and got["paragraphs"][0]["start"] is None


def test_keep_comments_reaches_the_executors(spark, seam_bin):
    page = EXAMPLES / "page_with_comments.html"
    df = spark.createDataFrame([(1, page.read_text())], "doc long, page string")
    flagged = {}
    for keep, flags in [(False, []), (True, ["--keep-comments"])]:
        [cli] = cli_lines(seam_bin, "score", "--format", "jsonl", *flags, str(page))
        scored = score_dataframe(df, text_col="page", id_col="doc", format="html", keep_comments=keep)
        got = scored.collect()[0]["seam"].asDict(recursive=True)
        assert_same(got, without_text(cli))
        flagged[keep] = got["flagged"]
    # Flagged, the four comment blocks; kept, not all of them.
    assert flagged[False] >= 4 and flagged[True] < flagged[False], flagged


def test_bad_arguments_fail_on_the_driver(spark):
    df = spark.createDataFrame([("a", "text")], "id string, text string")
    with pytest.raises(seam.SeamError, match='no column "body"'):
        score_dataframe(df, text_col="body")
    with pytest.raises(seam.SeamError, match='unknown format "pdf"'):
        score_dataframe(df, format="pdf")
    with pytest.raises(seam.SeamError, match="missing.json"):
        score_dataframe(df, model="/nonexistent/missing.json")


def test_dolma_dataframe_writes_the_lines_seam_writes(spark, seam_bin, docs, tmp_path):
    few = docs[:300]
    path = write_jsonl(tmp_path / "few.jsonl", few)
    cli = run_cli(seam_bin, "score", "--format", "dolma", "-q", str(path)).stdout.split("\n")[:-1]
    df = spark.read.json(str(path))
    lines = [r["dolma"] for r in dolma_dataframe(df).select("dolma").collect()]
    assert lines == cli


def test_the_example_writes_attribute_files_partitioned_like_the_input(
    spark, seam_bin, docs, tmp_path
):
    example = PYTHON_DIR / "examples" / "dolma_attributes.py"
    sys.path.insert(0, str(example.parent))
    try:
        import dolma_attributes
    finally:
        sys.path.pop(0)
    # Imported as a module here (run as a script it travels with its functions).
    spark.sparkContext.addPyFile(str(example))
    documents = tmp_path / "crawl" / "documents"
    (documents / "sub").mkdir(parents=True)
    parts = {
        "part-0.jsonl.gz": docs[:500],
        "part-1.jsonl": docs[500:700],
        "sub/part-2.jsonl.gz": docs[700:1000],
    }
    for name, records in parts.items():
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
        target = documents / name
        target.write_bytes(gzip.compress(body) if name.endswith(".gz") else body)
    out = tmp_path / "crawl" / "attributes" / "seam"
    # Small input splits, so that one file is read by several tasks.
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(256 * 1024))
    try:
        written = dolma_attributes.run(spark, str(documents), str(out), "json")
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert sorted(written) == sorted(
        ["part-0.jsonl.gz", "part-1.jsonl.gz", "sub/part-2.jsonl.gz"]
    )
    for name in parts:
        cli = run_cli(seam_bin, "score", "--format", "dolma", "-q", str(documents / name)).stdout
        stem = name if name.endswith(".gz") else name + ".gz"
        got = gzip.decompress((out / stem).read_bytes()).decode()
        assert got == cli, name

    # Parquet in, the same records out.
    pq = tmp_path / "pq" / "documents"
    spark.createDataFrame(docs[:300]).coalesce(1).write.parquet(str(pq))
    out_pq = tmp_path / "pq" / "attributes" / "seam"
    written = dolma_attributes.run(spark, str(pq), str(out_pq), "parquet")
    assert len(written) == 1 and written[0].endswith(".jsonl.gz")
    cli_path = write_jsonl(tmp_path / "pq.jsonl", docs[:300])
    cli = run_cli(seam_bin, "score", "--format", "dolma", "-q", str(cli_path)).stdout
    assert gzip.decompress((out_pq / written[0]).read_bytes()).decode() == cli
