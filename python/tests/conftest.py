"""Shared fixtures: the `seam` binary to compare against, the corpora, and a comparison of
results that allows the 1e-4 the issue allows on scores and nothing else."""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any, List, Optional

import pytest

PYTHON_DIR = Path(__file__).resolve().parent.parent
ROOT = PYTHON_DIR.parent
EXAMPLES = ROOT / "data" / "examples"
SPLICE = ROOT.parent / "shared" / "data" / "splice-dev"


def cli_path() -> Path:
    """The command line to compare with: $SEAM_BIN, else the root's release build (built on
    demand, as `cargo test --release` in .ci/run leaves it)."""
    given = os.environ.get("SEAM_BIN")
    if given:
        return Path(given)
    binary = ROOT / "target" / "release" / "seam"
    if not binary.exists():
        subprocess.run(
            ["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True
        )
    return binary


@pytest.fixture(scope="session")
def seam_bin() -> Path:
    return cli_path()


def run_cli(seam_bin: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run `seam` in the project root; stdout and stderr decoded as UTF-8 with no newline
    translation (a `\r` in a cleaned text stays one)."""
    done = subprocess.run([str(seam_bin), *args], capture_output=True, cwd=ROOT)
    done.stdout = done.stdout.decode("utf-8")
    done.stderr = done.stderr.decode("utf-8")
    if check and done.returncode != 0:
        raise AssertionError(f"seam {' '.join(args)}: exit {done.returncode}: {done.stderr}")
    return done


def cli_lines(seam_bin: Path, *args: str) -> List[Any]:
    out = run_cli(seam_bin, *args, "-q").stdout
    return [json.loads(line) for line in out.split("\n") if line.strip()]


def assert_same(py: Any, cli: Any, where: str = "$") -> None:
    """Equal, except that numbers other than integers may differ by 1e-4. Booleans (the flags)
    and integers (indices, offsets, counts) must be identical."""
    if isinstance(cli, bool) or isinstance(py, bool):
        assert py is cli, f"{where}: {py!r} != {cli!r}"
    elif isinstance(cli, float) or isinstance(py, float):
        assert isinstance(py, (int, float)) and isinstance(cli, (int, float)), where
        assert math.isclose(py, cli, rel_tol=0, abs_tol=1e-4), f"{where}: {py} != {cli}"
    elif isinstance(cli, dict):
        assert isinstance(py, dict), f"{where}: {type(py)}"
        assert sorted(py) == sorted(cli), f"{where}: keys {sorted(py)} != {sorted(cli)}"
        for k in cli:
            assert_same(py[k], cli[k], f"{where}.{k}")
    elif isinstance(cli, list):
        assert isinstance(py, list), f"{where}: {type(py)}"
        assert len(py) == len(cli), f"{where}: {len(py)} items != {len(cli)}"
        for i, (a, b) in enumerate(zip(py, cli)):
            assert_same(a, b, f"{where}[{i}]")
    else:
        assert py == cli, f"{where}: {py!r} != {cli!r}"


def splice_texts() -> Optional[List[dict]]:
    """splice-dev's 912 documents as plain text (paragraphs joined by blank lines, as the
    throughput bench reads them), or None when ../shared is absent."""
    path = SPLICE / "splice.jsonl"
    if not path.exists():
        return None
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs.append(
                {"id": d["id"], "text": "\n\n".join(p["text"] for p in d["paragraphs"])}
            )
    return docs


def corpus(n: int) -> List[dict]:
    """`n` distinct documents: splice-dev's when present, then variants of them (paragraphs
    rotated, so that each paragraph's context changes); from data/examples without it."""
    base = splice_texts()
    if base is None:
        base = [
            {"id": p.name, "text": p.read_text(encoding="utf-8")}
            for p in sorted(EXAMPLES.glob("*"))
            if p.suffix in (".txt", ".md")
        ]
    rng = random.Random(8)
    docs = []
    for i in range(n):
        d = base[i % len(base)]
        paras = d["text"].split("\n\n")
        turn = i // len(base)
        if turn:
            k = rng.randrange(len(paras))
            paras = paras[k:] + paras[:k]
        docs.append({"id": f"{d['id']}#{turn}", "text": "\n\n".join(paras)})
    return docs


def write_jsonl(path: Path, records: List[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="session")
def have_shared() -> bool:
    return SPLICE.exists()


def require_shared() -> None:
    if not SPLICE.exists():
        pytest.skip(f"{SPLICE} absent (the shared benchmark data sits beside the project)")


def which_java() -> Optional[str]:
    return shutil.which("java")
