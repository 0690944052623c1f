"""The package as a user meets it: help, signatures, stubs, the dictionary."""

from __future__ import annotations

import ast
import inspect
import pydoc
from pathlib import Path

import kosearch


def test_help_is_useful() -> None:
    text = pydoc.render_doc(kosearch.Index, renderer=pydoc.plaintext)
    for expected in ["create(path, *, analyzer=None", "search(self, /, query, limit=10, offset=0", "context manager", "IndexLockedError"]:
        assert expected in text, expected
    assert "query language" in (kosearch.Searcher.search.__doc__ or "")
    assert str(inspect.signature(kosearch.Index.writer)).startswith("(self, /, *, threads=0, memory_mb=256")
    assert kosearch.__doc__ and "install_dictionary" in kosearch.__doc__


def test_the_stub_lists_what_the_module_has() -> None:
    stub = Path(kosearch.__file__).with_name("_kosearch.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    stubbed = {
        node.name
        for node in tree.body
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and not node.name.endswith(("Dict", "Report", "Status"))
    } | {"IndexingReport"}
    compiled = {name for name in dir(kosearch._kosearch) if not name.startswith("_") and name[0].isalpha() and not name.isupper()}
    assert stubbed == compiled
    for name in compiled:
        cls = getattr(kosearch._kosearch, name)
        if inspect.isclass(cls):
            methods = {m for m in vars(cls) if not m.startswith("_")}
            node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
            in_stub = {n.name for n in node.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}
            assert methods == in_stub, name
    assert (Path(kosearch.__file__).with_name("py.typed")).exists()


def test_everything_exported_exists() -> None:
    for name in kosearch.__all__:
        assert hasattr(kosearch, name), name
    assert issubclass(kosearch.QueryError, kosearch.Error) and issubclass(kosearch.QueryError, ValueError)


def test_installing_again_does_nothing() -> None:
    lines: list[str] = []
    report = kosearch.install_dictionary(log=lines.append)
    assert report["already_installed"] is True
    assert report["dir"] == kosearch.dictionary_status()["dir"]
