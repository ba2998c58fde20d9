"""seam.Scorer against the command line on the same documents, its errors, and its panics."""

from __future__ import annotations

import ast
import json
import threading
import time
from pathlib import Path

import pytest

import seam
from seam.spark import dolma_line

from conftest import (
    EXAMPLES,
    PYTHON_DIR,
    ROOT,
    SPLICE,
    assert_same,
    cli_lines,
    corpus,
    require_shared,
    run_cli,
    splice_texts,
    write_jsonl,
)

FORMATS = {".txt": "text", ".md": "markdown", ".html": "html"}
EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in FORMATS)


@pytest.fixture(scope="module")
def scorer() -> seam.Scorer:
    return seam.Scorer()


def rel(p: Path) -> str:
    return str(p.relative_to(ROOT))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_an_example_scores_as_the_command_line_scores_it(seam_bin, scorer, path):
    [cli] = cli_lines(seam_bin, "score", "--format", "jsonl", rel(path))
    fmt = FORMATS[path.suffix]
    # bytes, decoded as the command line decodes the file, and str
    assert_same(scorer.score(path.read_bytes(), format=fmt, id=rel(path)), cli)
    assert_same(scorer.score(path.read_text(encoding="utf-8"), format=fmt, id=rel(path)), cli)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_clean_writes_what_seam_clean_writes(seam_bin, scorer, path):
    cli = run_cli(seam_bin, "clean", "-q", rel(path)).stdout
    assert scorer.clean(path.read_bytes(), format=FORMATS[path.suffix]) == cli


def test_options_act_as_the_flags_do(seam_bin):
    path = EXAMPLES / "article_with_ad.txt"
    model = ROOT / "models" / "default.json"
    args = ["--threshold", "0.05", "--reasons", "1", "--model", rel(model)]
    [cli] = cli_lines(seam_bin, "score", "--format", "jsonl", *args, rel(path))
    scorer = seam.Scorer(model=model, threshold=0.05, reasons=1)
    result = scorer.score(path.read_text(), id=rel(path))
    assert_same(result, cli)
    assert result["model"] == "default" and result["threshold"] == 0.05
    assert all(len(p["reasons"]) <= 1 for p in result["paragraphs"])
    assert scorer.model == "default" and scorer.reasons == 1 and scorer.threshold == 0.05
    # A model given as JSON text is the same model.
    same = seam.Scorer.from_json(model.read_text(), "default", threshold=0.05, reasons=1)
    assert same.score(path.read_text(), id=rel(path)) == result


def test_keep_comments_acts_as_the_flag_does(seam_bin):
    path = EXAMPLES / "page_with_comments.html"
    page = path.read_text(encoding="utf-8")
    comment_reason = "a reader's comment below the main text"
    for keep, flags in [(False, []), (True, ["--keep-comments"])]:
        [cli] = cli_lines(seam_bin, "score", "--format", "jsonl", *flags, rel(path))
        result = seam.Scorer(keep_comments=keep).score(page, id=rel(path), format="html")
        assert_same(result, cli)
        details = [r["detail"] for p in result["paragraphs"] for r in p["reasons"]]
        assert details.count(comment_reason) == (0 if keep else 4)
        scorer = seam.Scorer(keep_comments=keep)
        assert scorer.keep_comments is keep
        assert f"keep_comments={keep}" in repr(scorer)
    # A model given as text keeps them as a model file does (the Spark executors' path).
    model = (ROOT / "models" / "html.json").read_text()
    for keep in (False, True):
        text = seam.Scorer.from_json(model, "html", keep_comments=keep).score(page, format="html")
        details = [r["detail"] for p in text["paragraphs"] for r in p["reasons"]]
        assert (comment_reason in details) is not keep


def test_the_splice_dev_documents_score_as_the_command_line_scores_them(seam_bin, scorer):
    require_shared()
    files = sorted((SPLICE / "docs").glob("*.txt"))
    cli = cli_lines(seam_bin, "score", "--format", "jsonl", str(SPLICE / "docs"))
    assert [c["id"] for c in cli] == [str(f) for f in files]
    texts = [f.read_text(encoding="utf-8") for f in files]
    results = scorer.score_many(texts, ids=[str(f) for f in files])
    assert_same(results, cli)
    assert sum(r["flagged"] for r in results) > 50


def test_a_jsonl_corpus_scores_as_the_command_line_scores_it(seam_bin, scorer, tmp_path):
    docs = splice_texts() or corpus(200)
    path = write_jsonl(tmp_path / "docs.jsonl", docs)
    cli = cli_lines(seam_bin, "score", "--format", "jsonl", str(path))
    texts = [d["text"] for d in docs]
    ids = [d["id"] for d in docs]
    one_thread = scorer.score_many(texts, ids=ids, jobs=1)
    assert_same(one_thread, cli)
    assert scorer.score_many(texts, ids=ids) == one_thread
    assert scorer.score_many(texts, ids=ids, jobs=3) == one_thread
    assert scorer.score(texts[7], id=ids[7]) == one_thread[7]


def test_result_objects_are_the_wire_objects_seam_serializes(scorer):
    # Results are built directly (fast); the command line's serde wire type defines them.
    cases = [(p.read_bytes(), FORMATS[p.suffix]) for p in EXAMPLE_FILES]
    cases += [(d["text"], "text") for d in corpus(300)]
    cases += [(d["text"], "markdown") for d in corpus(20)]
    for i, (text, fmt) in enumerate(cases):
        fast = scorer.score(text, format=fmt, id=str(i))
        wire = scorer._score_via_serde(text, format=fmt, id=str(i))
        assert fast == wire
        assert list(fast) == list(wire), "keys in the line's order"
        for p, q in zip(fast["paragraphs"], wire["paragraphs"]):
            assert list(p) == list(q)


def test_dolma_records_are_the_lines_seam_writes(seam_bin, scorer, tmp_path):
    docs = corpus(300)
    # Non-ASCII text and a numeric id: offsets count characters, ids are written as strings.
    docs[0] = {"id": 17, "text": "Café — ouvert.\n\nZweite Straße 🚲 hier, mit Rabatt: 60% off!"}
    path = write_jsonl(tmp_path / "docs.jsonl", docs)
    cli = run_cli(seam_bin, "score", "--format", "dolma", "-q", str(path)).stdout
    texts, ids = [d["text"] for d in docs], [d["id"] for d in docs]
    lines = [dolma_line(r) for r in scorer.dolma_many(texts, ids)]
    assert "\n".join(lines) + "\n" == cli
    assert scorer.dolma(texts[0], 17) == json.loads(cli.split("\n")[0])
    assert scorer.attribute == "seam__default__offtopic"


def test_ids_default_to_positions_and_may_be_ints(scorer):
    texts = ["First paragraph here.\n\nSecond one.", "Another document."]
    assert [r["id"] for r in scorer.score_many(texts)] == ["0", "1"]
    assert [r["id"] for r in scorer.score_many(texts, ids=[5, "x"])] == ["5", "x"]
    assert scorer.score(texts[0])["id"] == "0"
    assert scorer.score_many([]) == []
    assert scorer.score_many(iter(texts)) == scorer.score_many(texts)
    assert scorer.clean_many(texts) == [scorer.clean(t) for t in texts]


def test_empty_and_odd_documents_score(scorer):
    for text in ["", "\n\n\n", "x", "\u0000\u0001", "🚲" * 1000, b"\xff\xfe broken utf-8"]:
        r = scorer.score(text)
        assert r["flagged"] == sum(p["flagged"] for p in r["paragraphs"])
    assert scorer.score("<p>Hello</p>", format="html")["paragraphs"][0]["tag"] == "p"


# --- errors ---------------------------------------------------------------------------------


def test_errors_are_seam_errors_with_seams_messages(seam_bin, scorer, tmp_path):
    assert issubclass(seam.SeamError, ValueError)
    with pytest.raises(seam.SeamError, match='unknown format "jsonl": expected text, markdown or html'):
        scorer.score("text", format="jsonl")
    missing = tmp_path / "missing.json"
    with pytest.raises(seam.SeamError) as e:
        seam.Scorer(model=missing)
    cli = run_cli(seam_bin, "score", "--model", str(missing), rel(EXAMPLE_FILES[0]), check=False)
    assert cli.returncode != 0 and str(e.value) in cli.stderr, (str(e.value), cli.stderr)
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"format": "seam-model", "version": 999}')
    with pytest.raises(seam.SeamError) as e:
        seam.Scorer(model=garbage)
    cli = run_cli(seam_bin, "score", "--model", str(garbage), rel(EXAMPLE_FILES[0]), check=False)
    assert str(e.value) in cli.stderr, (str(e.value), cli.stderr)
    with pytest.raises(seam.SeamError, match="not a model file"):
        seam.Scorer.from_json("[1, 2", "broken")
    with pytest.raises(seam.SeamError, match="threshold 1.5 is not a number between 0 and 1"):
        seam.Scorer(threshold=1.5)
    with pytest.raises(seam.SeamError, match="2 ids for 1 texts"):
        scorer.score_many(["a"], ids=["a", "b"])
    with pytest.raises(seam.SeamError, match="jobs must be at least 1"):
        scorer.score_many(["a"], jobs=0)


def test_wrong_types_are_type_errors(scorer):
    with pytest.raises(TypeError, match="a document must be str or bytes, not int"):
        scorer.score(3)
    with pytest.raises(TypeError, match="not NoneType"):
        scorer.score_many(["ok", None])
    with pytest.raises(TypeError, match="a document id must be str or int, not float"):
        scorer.score("ok", id=1.5)
    with pytest.raises(TypeError):
        scorer.score_many(5)
    with pytest.raises(OverflowError):
        seam.Scorer(reasons=-1)


@pytest.mark.parametrize(
    "jobs, converting", [(None, False), (1, False), (2, False), (None, True), (2, True)]
)
def test_no_panic_crosses_into_python(scorer, jobs, converting):
    with pytest.raises(seam.SeamError, match="internal error: test panic in document 2"):
        seam._seam._panic_for_tests(jobs=jobs, converting=converting)
    # and everything still works after it
    assert scorer.score_many(["one.", "two."], jobs=jobs)[1]["id"] == "1"


# --- threads --------------------------------------------------------------------------------


def test_score_many_releases_the_gil(scorer):
    texts = [d["text"] for d in corpus(2000)]
    ticks = 0
    done = threading.Event()

    def tick():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    start = time.perf_counter()
    scorer.score_many(texts, jobs=1)
    elapsed = time.perf_counter() - start
    done.set()
    t.join()
    # A call that held the GIL throughout would leave the other thread a tick or two; one that
    # releases it while scoring leaves it about one per millisecond.
    assert ticks > 0.2 * elapsed / 0.001, (ticks, elapsed)


def test_a_scorer_is_shared_between_threads(scorer):
    texts = [d["text"] for d in corpus(40)]
    expected = scorer.score_many(texts, jobs=1)
    results = [None] * 4

    def work(k):
        results[k] = scorer.score_many(texts, jobs=2)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


# --- the package ----------------------------------------------------------------------------


def test_the_stubs_name_what_the_module_has():
    stub = ast.parse((PYTHON_DIR / "seam" / "_seam.pyi").read_text())
    scorer_stub = next(n for n in stub.body if isinstance(n, ast.ClassDef) and n.name == "Scorer")
    stubbed = {n.name for n in scorer_stub.body if isinstance(n, ast.FunctionDef)} - {"__init__"}
    runtime = {n for n in dir(seam.Scorer) if not n.startswith("_")}
    assert stubbed == runtime
    assert (PYTHON_DIR / "seam" / "py.typed").exists()
    assert seam.Scorer.score_many.__doc__ and "GIL" in seam.Scorer.score_many.__doc__
    assert seam.__version__ == "0.1.0"


def test_the_package_docstring_example_runs():
    import doctest

    failures, tried = doctest.testmod(seam, verbose=False)
    assert tried > 0 and failures == 0
