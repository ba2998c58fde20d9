"""Type stubs of the native module (python/src/lib.rs). The TypedDicts describe the result
objects; they exist for type checkers only (import them under ``typing.TYPE_CHECKING``)."""

import os
from typing import Dict, Iterable, List, Literal, Optional, TypedDict, Union

from typing_extensions import NotRequired

__version__: str

Format = Literal["text", "txt", "markdown", "md", "html", "htm"]
Text = Union[str, bytes]
Id = Union[str, int]

class Reason(TypedDict):
    feature: str
    contribution: float
    detail: str

class Paragraph(TypedDict):
    index: int
    start: NotRequired[int]
    """Byte offset of the paragraph in the UTF-8 text; absent for HTML blocks."""
    end: NotRequired[int]
    tag: NotRequired[str]
    """The block element (``p``, ``li``, ``h2``, ...) of an HTML block."""
    text: str
    score: float
    flagged: bool
    reasons: List[Reason]

class Result(TypedDict):
    """One line of ``seam score --format jsonl``."""

    id: str
    model: str
    threshold: float
    flagged: int
    """How many paragraphs are flagged."""
    max_score: float
    paragraphs: List[Paragraph]

class DolmaRecord(TypedDict):
    """One line of ``seam score --format dolma``: ``attributes`` maps ``seam__MODEL__offtopic``
    to ``[start, end, score]`` per paragraph, in characters."""

    id: str
    attributes: Dict[str, List[List[float]]]

class SeamError(ValueError):
    """An error from seam, with the message the command line prints; also a panic inside seam
    (an "internal error")."""

class Scorer:
    """Scores each paragraph of a document for "does not belong".

    ``model``: a model file's path (``None``: the embedded models); ``threshold``: flag at or
    above this instead of the model's threshold; ``reasons``: reasons per flagged paragraph;
    ``keep_comments``: keep readers' comments below a web page's story instead of flagging them.
    Immutable and safe to share between threads.
    """

    def __init__(
        self,
        model: Union[str, "os.PathLike[str]", None] = None,
        threshold: Optional[float] = None,
        reasons: int = 3,
        keep_comments: bool = False,
    ) -> None: ...
    @staticmethod
    def from_json(
        model_json: str,
        name: str = "model",
        threshold: Optional[float] = None,
        reasons: int = 3,
        keep_comments: bool = False,
    ) -> "Scorer":
        """A Scorer whose model is given as the text of a model file."""
    @property
    def model(self) -> str:
        """The name of the model that scores text."""
    @property
    def threshold(self) -> float:
        """The threshold text documents are flagged at."""
    @property
    def reasons(self) -> int: ...
    @property
    def keep_comments(self) -> bool:
        """Whether readers' comments below a web page's story are kept."""
    @property
    def attribute(self) -> str:
        """The Dolma attribute name, ``seam__MODEL__offtopic``."""
    def score(self, text: Text, format: Format = "text", id: Optional[Id] = None) -> Result:
        """Score one document: one line of ``seam score --format jsonl``."""
    def score_many(
        self,
        texts: Iterable[Text],
        format: Format = "text",
        ids: Optional[Iterable[Id]] = None,
        jobs: Optional[int] = None,
    ) -> List[Result]:
        """Score many documents on ``jobs`` threads (default: every core), GIL released, in
        input order. ``ids`` default to the positions ``"0"``, ``"1"``, ..."""
    def clean(self, text: Text, format: Format = "text") -> str:
        """The document without its flagged paragraphs, as ``seam clean`` writes it."""
    def clean_many(
        self, texts: Iterable[Text], format: Format = "text", jobs: Optional[int] = None
    ) -> List[str]: ...
    def dolma(self, text: Text, id: Id, format: Format = "text") -> DolmaRecord:
        """The Dolma attribute record: one line of ``seam score --format dolma``."""
    def dolma_many(
        self,
        texts: Iterable[Text],
        ids: Iterable[Id],
        format: Format = "text",
        jobs: Optional[int] = None,
    ) -> List[DolmaRecord]: ...

def _panic_for_tests(jobs: Optional[int] = None, converting: bool = False) -> None: ...
