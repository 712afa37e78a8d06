"""What a command imports before it knows whether there is work: a run that finds every file unchanged must not
import spaCy, the tagger, the PDF readers or pyarrow, whose import takes longer than the whole run."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from importlib import metadata, resources
from pathlib import Path

import pytest

from lscp import pipeline

ROOT = Path(__file__).resolve().parents[1]

HEAVY = (
    "spacy", "thinc", "pdfplumber", "pypdfium2", "pyarrow", "pandas", "jinja2", "rich", "docx", "rapidfuzz", "lxml",
    "bs4", "lscp.tag", "lscp.extract.reader", "lscp.extract.pdf", "lscp.extract.html", "lscp.extract.text",
    "lscp.extract.docx", "lscp.audit", "lscp.normalise", "lscp.view", "lscp.evaluate",
)  # fmt: skip
"""Modules (and their submodules) that only reading a document, or another command, needs."""


REPORT = "import atexit, sys; atexit.register(lambda: sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules))))"
"""Prepended to the command: at exit, it writes every module the process imported on stderr's last line."""


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def ingest_imports(folder: Path, db: Path) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `lscp ingest FOLDER --db DB -q` in a new process; its outcome and the modules it imported."""
    code = f"{REPORT}; sys.argv = ['lscp', *sys.argv[1:]]; from lscp.cli import main; main()"
    command = [sys.executable, "-c", code, "ingest", str(folder), "--db", str(db), "-q"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    last = done.stderr.rstrip().rsplit("\n", 1)[-1]
    assert last.startswith("MODULES "), done.stderr[-2000:]
    return done, set(last.split()[1:])


def write_reports(folder: Path, count: int, *, old: bool) -> None:
    folder.mkdir(exist_ok=True)
    stamp = time.time() - 3600
    for i in range(count):
        path = folder / f"westshire-{i}.md"
        path.write_text(
            f"# Westshire Safeguarding Children Partnership Annual Report 2023-24\n\nThere were {1000 + i} referrals.\n",
            encoding="utf-8",
        )
        if old:
            os.utime(path, (stamp, stamp))


def test_an_ingest_with_nothing_to_do_imports_no_stage(tmp_path):
    """The second run checks the files' sha256 (they were written during the first run's time margin), the third
    skips them on size and modification time: neither imports a stage that reads documents."""
    reports, db = tmp_path / "reports", tmp_path / "w.duckdb"
    write_reports(reports, 3, old=False)
    first = pipeline.ingest(pipeline.discover([reports])[0], db, workers=1)
    assert first.processed == 3 and first.failed == 0

    for attempt in ("hashed", "by stat"):
        done, modules = ingest_imports(reports, db)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "0 processed (0 ok, 0 partial, 0 failed), 3 unchanged skipped" in done.stderr, attempt
        assert {"lscp.pipeline", "lscp.run", "duckdb"} <= modules, "the check must see the run's imports"
        assert heavy(modules) == [], f"{attempt}: {heavy(modules)}"


def test_paths_that_cannot_be_opened_are_recorded_without_the_readers(tmp_path):
    """A link loop and a broken link have no content to compare, so every run records them again as failed; that
    needs no reader, and a run whose only work they are imports none."""
    reports, db = tmp_path / "reports", tmp_path / "w.duckdb"
    write_reports(reports, 2, old=True)
    (reports / "loop.md").symlink_to("loop.md")
    (reports / "broken.pdf").symlink_to("nowhere.pdf")
    pipeline.ingest(pipeline.discover([reports])[0], db, workers=1)
    done, modules = ingest_imports(reports, db)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "2 processed (0 ok, 0 partial, 2 failed), 2 unchanged skipped" in done.stderr
    assert "FAILED" in done.stderr and "loop.md" in done.stderr and "broken.pdf" in done.stderr
    assert heavy(modules) == [], heavy(modules)


def test_an_ingest_with_work_still_reads_it(tmp_path):
    """The same command with one changed file imports the stages, reads the file and skips the others."""
    reports, db = tmp_path / "reports", tmp_path / "w.duckdb"
    write_reports(reports, 2, old=True)
    pipeline.ingest(pipeline.discover([reports])[0], db, workers=1)
    (reports / "westshire-1.md").write_text("# Westshire Safeguarding Children Partnership Annual Report 2024-25\n", encoding="utf-8")
    done, modules = ingest_imports(reports, db)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1 processed (1 ok, 0 partial, 0 failed), 1 unchanged skipped" in done.stderr
    assert {"spacy", "lscp.tag", "lscp.extract.reader", "pyarrow"} <= modules


def test_the_extractor_version_is_worked_out_without_the_stages():
    """The same version as digesting each stage's folder and code through its own package and asking the tagger
    for its pattern set (which imports them all)."""
    from lscp import tag

    digest = hashlib.sha256()
    for package, folder in (("lscp.tag", "patterns"), ("lscp.normalise", "data"), ("lscp.schemas", "data"), ("lscp.audit", "data")):
        for item in sorted(resources.files(package).joinpath(folder).iterdir(), key=lambda p: p.name):
            if item.is_file():
                digest.update(item.name.encode())
                digest.update(item.read_bytes())
    for stage in ("extract", "tag", "normalise", "schemas", "audit"):
        root = Path(str(resources.files(f"lscp.{stage}")))
        for name in sorted(f"{stage}/{p.relative_to(root).as_posix()}" for p in root.rglob("*.py") if "__pycache__" not in p.parts):
            digest.update(name.encode())
            digest.update((root.parent / name).read_bytes())
    expected = f"{metadata.version('lscp')}+{tag.PATTERN_SET}.{digest.hexdigest()[:10]}"
    assert pipeline.pattern_set() == tag.PATTERN_SET
    assert pipeline.extractor_version() == expected


def test_the_pattern_set_comes_from_the_tagger_when_its_source_does_not_say(monkeypatch):
    import re

    from lscp import tag

    monkeypatch.setattr(pipeline, "_PATTERN_SET", re.compile(r"(?!)(.)(.)"))  # matches nothing
    assert pipeline.pattern_set() == tag.PATTERN_SET


def test_a_schema_name_imports_only_its_module():
    code = (
        "import sys; from lscp.schemas import Status, StageError; "
        "print(sorted(m for m in sys.modules if m.startswith('lscp.schemas')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['lscp.schemas', 'lscp.schemas.errors', 'lscp.schemas.vocab']"


def test_every_schema_name_is_still_there():
    from lscp import schemas

    for name in schemas.__all__:
        assert getattr(schemas, name) is getattr(sys.modules[f"lscp.schemas.{schemas._MODULE_OF[name]}"], name)
    assert schemas.DocumentResult.__module__ == "lscp.schemas.records"
    with pytest.raises(AttributeError):
        schemas.NoSuchModel  # noqa: B018
