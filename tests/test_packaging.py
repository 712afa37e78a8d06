"""Installed, the project is one package, lscp: nothing generic at the top of site-packages, every data file inside."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if importlib.util.find_spec("setuptools") is None:
        pytest.skip("setuptools is not installed in this environment, so the wheel cannot be built offline")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (built,) = out.glob("lscp-*.whl")
    return built


def test_the_wheel_holds_one_top_level_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"lscp"}
    top_level = next(n for n in names if n.endswith("top_level.txt"))
    assert zipfile.ZipFile(wheel).read(top_level).decode().split() == ["lscp"]


def test_the_wheel_carries_every_rule_and_reference_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("tag/patterns", "normalise/data", "schemas/data"):
        for file in (ROOT / folder).iterdir():
            if file.is_file():
                assert f"lscp/{folder}/{file.name}" in names, file
    assert "lscp/load/schema.sql" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "lscp = lscp.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_the_installed_package_runs_away_from_the_repository(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True)
    assert {p.name for p in target.iterdir() if not p.name.endswith(".dist-info") and p.name != "bin"} == {"lscp"}
    code = "import lscp, lscp.pipeline as p; print(lscp.__file__); print(p.extractor_version())"
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); sys.path.append({_site()!r}); {code}"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert out[0].startswith(str(target))
    assert "+" in out[1]


def _site() -> str:
    import sysconfig

    return sysconfig.get_paths()["purelib"]
