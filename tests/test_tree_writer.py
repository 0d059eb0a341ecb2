"""TreeWriter: staged files reach the tree only on commit, a first build in one rename, later ones file by file."""

from __future__ import annotations

from pathlib import Path

from generator.render.output import TreeWriter

FILES = {"index.md": b"home", "papers/a.md": b"A", "papers/deep/b.md": b"B"}


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_a_first_build_moves_the_staged_tree_in_and_nothing_before_commit(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    writer = TreeWriter(root)
    writer.add(FILES)
    assert not root.exists()  # an aborted or failed first build leaves nothing behind
    report = writer.commit()
    assert tree(root) == FILES and report.written == sorted(FILES) and report.deleted == []
    assert not writer.staging.exists()


def test_a_later_build_writes_changes_and_deletes_what_is_gone(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    first = TreeWriter(root)
    first.add(FILES)
    first.commit()
    writer = TreeWriter(root)
    writer.add({"index.md": b"home", "papers/a.md": b"A2"})
    report = writer.commit(previous=set(FILES))
    assert tree(root) == {"index.md": b"home", "papers/a.md": b"A2"}
    assert report.written == ["papers/a.md"] and report.unchanged == 1 and report.deleted == ["papers/deep/b.md"]
    assert not (root / "papers" / "deep").exists()
