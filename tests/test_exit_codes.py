"""Every command keeps the README's exit-code table for every warehouse fault: one line of error, no traceback."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from lscp import cli
from lscp import load
from lscp.run import RunLock, lock_path

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
REPORT = "# Westshire Safeguarding Children Partnership Annual Report 2022-23\n\nThere were 1,234 referrals in 2022-23.\n"


def readme_codes() -> dict[int, str]:
    """code -> meaning, from the README's exit-code table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Exit codes") :]
    return {int(code): meaning for code, meaning in re.findall(r"^\| `(\d)` \| ([^|]+) \|", section, re.M)}


def code_for(*words: str) -> int:
    """The README's code whose meaning names every word."""
    found = [code for code, meaning in readme_codes().items() if all(word in meaning for word in words)]
    assert len(found) == 1, (words, readme_codes())
    return found[0]


def test_the_table_names_each_fault():
    assert code_for("not a DuckDB file") == 4 and code_for("permissions") == 4 and code_for("disk") == 4
    assert code_for("missing", "warehouse") == 2 and code_for("busy") == 3


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("codes")
    (root / "r.md").write_text(REPORT)
    (root / "sources.csv").write_text("partnership,url\n")
    (root / "gold.jsonl").write_text('{"covers": ["r"]}\n')
    good = root / "good.duckdb"
    assert runner.invoke(cli.app, ["ingest", "-q", str(root / "r.md"), "--db", str(good), "--workers", "1"]).exit_code == 0
    return root, good


def commands(root: Path, db: Path) -> dict[str, list[str]]:
    return {
        "ingest": ["ingest", "-q", str(root / "r.md"), "--db", str(db), "--workers", "1"],
        "nightly": ["nightly", "-q", "--sources", str(root / "sources.csv"), "--dest", str(root / "dest"), "--db", str(db)],
        "query": ["query", "SELECT count(*) FROM documents", "--db", str(db)],
        "runs": ["runs", "--db", str(db)],
        "export facts": ["export", "facts", "--out", str(root / "out" / "f.jsonl"), "--db", str(db)],
        "export table": ["export", "table", "documents", "--out", str(root / "out" / "d.csv"), "--format", "csv", "--db", str(db)],
        "export all": ["export", "all", "--dir", str(root / "out" / "all"), "--db", str(db)],
        "eval": ["eval", "--gold", str(root / "gold.jsonl"), "--db", str(db)],
        "show": ["show", "r", "--db", str(db)],
        "audit": ["audit", "r", "--db", str(db)],
        "report": ["report", "--out", str(root / "out" / "site"), "--db", str(db)],
    }


WRITERS = {"ingest", "nightly"}
ALL = ["ingest", "nightly", "query", "runs", "export facts", "export table", "export all", "eval", "show", "audit", "report"]


def check(args: list[str], expected: int) -> None:
    result = runner.invoke(cli.app, args)
    assert result.exit_code == expected, (args, result.output)
    assert "Traceback" not in result.output and not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr


def broken(root: Path, good: Path, fault: str) -> Path:
    if fault == "not a DuckDB file":
        (root / "text.duckdb").write_text("these are notes, not a database\n")
        return root / "text.duckdb"
    if fault == "truncated":
        (root / "half.duckdb").write_bytes(good.read_bytes()[:100_000])
        return root / "half.duckdb"
    if fault == "parent is a file":
        (root / "a-file").write_text("x")
        return root / "a-file" / "w.duckdb"
    if fault == "a folder":
        (root / "a-folder.duckdb").mkdir(exist_ok=True)
        return root / "a-folder.duckdb"
    raise AssertionError(fault)


@pytest.mark.parametrize("command", ALL)
@pytest.mark.parametrize("fault", ["not a DuckDB file", "truncated", "parent is a file", "a folder"])
def test_a_broken_warehouse_exits_4_from_every_command(made, command, fault):
    root, good = made
    db = broken(root, good, fault)
    check(commands(root, db)[command], code_for("not a DuckDB file"))


@pytest.mark.parametrize("command", sorted(set(ALL) - WRITERS))
def test_a_missing_warehouse_is_a_usage_error_for_readers(made, command, tmp_path):
    root, _ = made
    check(commands(root, tmp_path / "none.duckdb")[command], code_for("missing", "warehouse"))


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_folder_that_cannot_be_written_exits_4(made, command, tmp_path):
    root, _ = made
    if os.geteuid() == 0:  # root writes anywhere: a folder nobody can create stands in for a read-only one
        db = Path("/proc/lscp-no-such-folder/w.duckdb")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        db = folder / "w.duckdb"
    check(commands(root, db)[command], code_for("permissions"))


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_held_lock_exits_3_and_wait_waits_for_it(made, command, tmp_path):
    root, good = made
    db = tmp_path / "w.duckdb"
    shutil.copy(good, db)
    with RunLock(lock_path(db), "test"):
        check(commands(root, db)[command], code_for("busy"))


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_full_disk_exits_4_and_the_run_is_recorded_as_failed(made, command, tmp_path, monkeypatch):
    root, good = made
    db = tmp_path / "w.duckdb"
    shutil.copy(good, db)
    (root / "dest").mkdir(exist_ok=True)
    (root / "dest" / "new.md").write_text(REPORT)
    args = commands(root, db)[command]
    if command == "ingest":
        (tmp_path / "new.md").write_text(REPORT)
        args = ["ingest", "-q", str(tmp_path / "new.md"), "--db", str(db), "--workers", "1"]

    def full(*_args, **_kwargs):
        raise duckdb.IOException('Could not write file "w.duckdb.wal": No space left on device')

    monkeypatch.setattr(load.warehouse, "write_document", full)
    check(args, code_for("disk"))
    monkeypatch.undo()
    con = duckdb.connect(str(db), read_only=True)
    status, code = con.execute("SELECT status, exit_code FROM runs ORDER BY run_id DESC LIMIT 1").fetchone()
    con.close()
    assert (status, code) == ("failed", 4)


@pytest.mark.parametrize(
    "command", [["query", "select * from range(2000000)", "--format", "csv"], ["export", "table", "pages", "--format", "csv", "--out", "-"]]
)
def test_a_reader_leaving_early_stops_the_command_quietly(tmp_path, command):
    """`lscp query ... | head -1`: the output pipe closes while lscp still writes; lscp stops with no message."""
    import subprocess
    import sys

    db = tmp_path / "w.duckdb"
    doc = tmp_path / "docs" / "report.md"
    doc.parent.mkdir()
    doc.write_text(REPORT * 4000, encoding="utf-8")  # pages far larger than a pipe holds
    assert runner.invoke(cli.app, ["ingest", str(doc.parent), "--db", str(db), "-q", "--workers", "1"]).exit_code == 0
    script = "import sys; from lscp.cli import main; sys.argv = ['lscp'] + sys.argv[1:]; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", script, *command, "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout.readline()  # the first line, then the reader goes
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode in (0, cli.EXIT_PIPE_CLOSED), stderr
    assert b"error" not in stderr.lower() and b"Traceback" not in stderr, stderr
