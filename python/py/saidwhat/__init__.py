"""saidwhat: meeting notes and transcripts into tables of who said what.

The command-line program's pipeline, a document at a time, for engines
that bring the files themselves (Spark, Ray, a notebook)::

    import saidwhat
    pipeline = saidwhat.Pipeline(people=["people.csv"], topics="topics.toml")
    tables = pipeline.process("Meetings/2024-05-02.md", data)
    tables["turns"].to_pandas()

Every table is a ``pyarrow.Table`` with the schema of the program's
``.parquet`` file of the same name. The per-document tables come with
their rows for each document (``documents``, ``turns``, ``statements``,
``mentions``, ``speakers``, ``follows``, ``topics``, ``decisions``,
``diagnostics``, ``repairs``, ``repair_changes`` with
``explain_repairs=True``) and so does ``actions``.

The corpus tables (``speaker_totals``, ``topic_totals``,
``speaker_topics``, ``person_actions``) are totals over every document,
for the engine to add up: with ``corpus_parts=True`` each document also
gives ``speaker_parts``, ``topic_parts`` and ``speaker_topic_parts``, its
unrounded sums, from which they come out exactly as the program's
(``examples/spark/saidwhat_spark.py`` does it in Spark SQL; the README's
*Scaling out* gives the formulas). ``Pipeline.people()`` is the
``people`` table.
"""

from __future__ import annotations

import os
from typing import Iterable, Optional, Tuple
from urllib.parse import unquote, urlparse

import pyarrow as pa
import pyarrow.ipc

from . import _native

__all__ = ["Pipeline", "doc_id", "__version__"]
__version__ = _native.__version__


def _paths(paths) -> list:
    if paths is None:
        return []
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def _tables(streams) -> dict:
    return {name: pa.ipc.open_stream(data).read_all() for name, data in streams}


def doc_id(path: str, base: str) -> str:
    """The doc_id the program gives the file ``path`` read from the input
    folder ``base``: its path under ``base``, with ``/``. Both may be
    plain paths or ``file:`` URIs (as Spark's ``binaryFile`` source gives
    them, percent-encoded)."""

    def plain(p: str) -> str:
        if p.startswith("file:"):
            p = unquote(urlparse(p).path)
        return os.path.normpath(p).replace(os.sep, "/")

    p, b = plain(path), plain(base).rstrip("/")
    if not p.startswith(b + "/"):
        raise ValueError(f"{path!r} is not under {base!r}")
    return p[len(b) + 1 :]


class Pipeline:
    """The pipeline, configured once and used for any number of documents.

    people
        People dictionary CSVs (``run --people``).
    topics
        The topic taxonomy, TOML (``run --topics``).
    dictionary_from
        Files or folders whose person notes and meeting frontmatter add to
        the dictionary, as a run's first pass over its inputs: give the
        input folder to get the dictionary a run over it has.
    owner
        Who ``@Myself`` stands for (``run --owner``). A run infers it from
        all the notes; a document at a time cannot, so without it an
        ``@Myself`` item has no owner.
    input_format
        ``"auto"`` (default), ``"markdown"`` or a format name
        (``run --input-format``).
    explain_repairs
        Also give ``repair_changes``.
    max_file_size
        Files of more bytes than this are not read: their ``documents``
        row is a failure and ``diagnostics`` says ``too-large``
        (``run --max-file-size``; default 256 MiB, as a run's).
    corpus_parts
        Also give the parts tables (``speaker_parts``, ``topic_parts``,
        ``speaker_topic_parts``), the sums behind the corpus tables.
    vault_topics
        Also take the targets of wiki links in the notes of
        ``dictionary_from`` that are not people as topics
        (``run --vault-topics``).

    Processing releases the GIL; ``process_many`` and ``process_batch``
    process their documents in parallel, the rows in the order given.
    """

    def __init__(
        self,
        people=None,
        topics=None,
        dictionary_from=None,
        owner: Optional[str] = None,
        input_format: Optional[str] = None,
        explain_repairs: bool = False,
        corpus_parts: bool = False,
        vault_topics: bool = False,
        max_file_size: Optional[int] = None,
    ):
        self._native = _native.Pipeline(
            _paths(people),
            os.fspath(topics) if topics is not None else None,
            _paths(dictionary_from),
            owner,
            input_format,
            explain_repairs,
            corpus_parts,
            vault_topics,
            max_file_size,
        )

    @property
    def tables(self) -> list:
        """The names of the tables every call gives, in order."""
        return list(self._native.tables())

    def schema(self, table: str) -> pa.Schema:
        """The Arrow schema of ``table``."""
        return self.process("", b"")[table].schema

    def people(self) -> pa.Table:
        """The ``people`` table: the dictionary, as the program writes it
        for a run over the same inputs."""
        return pa.ipc.open_stream(self._native.people()).read_all()

    def process(self, doc_id: str, data: bytes) -> dict:
        """The tables of one document: ``doc_id`` is its path under the
        input folder (with ``/``), ``data`` its bytes. It is read whatever
        its name, as the program reads a file named on its command line."""
        return _tables(self._native.process(doc_id, bytes(data)))

    def process_many(self, documents: Iterable[Tuple[str, bytes]]) -> dict:
        """The tables of several documents, their rows in the order given."""
        ids, data = [], []
        for i, d in documents:
            ids.append(i)
            data.append(bytes(d))
        return _tables(self._native.process_many(ids, data))

    def process_batch(
        self,
        batch: pa.RecordBatch,
        base: Optional[str] = None,
        path: str = "path",
        content: str = "content",
    ) -> dict:
        """The tables of the documents of an Arrow batch with a path and a
        content column (Spark's ``binaryFile`` rows, Ray's
        ``read_binary_files(include_paths=True)``). With ``base``, the
        doc_ids are the paths under it (:func:`doc_id`); else the paths as
        they are. The files are taken as a listing of a folder: those the
        program's walk does not read for their extension are not read and
        have their ``skipped`` diagnostic, as in a run."""
        return _tables(self.process_batch_ipc(batch, base, path, content))

    def process_batch_ipc(self, batch, base=None, path="path", content="content"):
        """:meth:`process_batch` as (table, Arrow IPC stream bytes) pairs,
        for engines that move the rows on without opening them."""
        paths = batch.column(path).to_pylist()
        ids = [doc_id(p, base) for p in paths] if base is not None else paths
        data = batch.column(content).to_pylist()
        return self._native.process_many(ids, data, True)
