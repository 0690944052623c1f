"""The package as a user meets it: help, signatures, stubs, the dictionary."""

from __future__ import annotations

import inspect
import pydoc
import subprocess
import sys
from pathlib import Path

import kosearch


def test_help_is_useful() -> None:
    text = pydoc.render_doc(kosearch.Index, renderer=pydoc.plaintext)
    for expected in ["create(path, *, analyzer=None", "search(self, /, query, limit=10, offset=0", "context manager", "IndexLockedError"]:
        assert expected in text, expected
    assert "query language" in (kosearch.Searcher.search.__doc__ or "")
    assert str(inspect.signature(kosearch.Index.writer)).startswith("(self, /, *, threads=0, memory_mb=256")
    assert kosearch.__doc__ and "install_dictionary" in kosearch.__doc__


def test_the_stub_matches_the_compiled_module(tmp_path: Path) -> None:
    """mypy's stubtest: every name of the compiled module is in the stub with
    the module's signature and defaults, and nothing else is, but the names
    for type checkers only (``python/stubtest-allowlist.txt``); mypy checks
    the package's Python files on the way."""
    allowlist = Path(__file__).resolve().parents[1] / "stubtest-allowlist.txt"
    stubtest = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "kosearch", "--allowlist", str(allowlist)],
        cwd=tmp_path,  # its cache
        capture_output=True,
        text=True,
        check=False,
    )
    assert stubtest.returncode == 0, stubtest.stdout + stubtest.stderr
    assert (Path(kosearch.__file__).with_name("py.typed")).exists()


def test_the_rag_example_type_checks_strictly(tmp_path: Path) -> None:
    """A user's typed code checks against the stub: the RAG example under
    ``mypy --strict``."""
    example = Path(__file__).resolve().parents[1] / "examples" / "rag.py"
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(example)],
        cwd=tmp_path,  # its cache
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


def test_everything_exported_exists() -> None:
    for name in kosearch.__all__:
        assert hasattr(kosearch, name), name
    assert issubclass(kosearch.QueryError, kosearch.Error) and issubclass(kosearch.QueryError, ValueError)


def test_installing_again_does_nothing() -> None:
    lines: list[str] = []
    report = kosearch.install_dictionary(log=lines.append)
    assert report["already_installed"] is True
    assert report["dir"] == kosearch.dictionary_status()["dir"]
