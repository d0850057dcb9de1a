"""No file of the project keeps a merge's conflict markers: templates/503.html held both
sides of a merge for a day, and each of its two tests found the words it looked for."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", ".git", "node_modules", "bench-results", "staticfiles"}
SUFFIXES = {".py", ".html", ".css", ".js", ".po", ".md", ".txt", ".toml", ".cfg", ".sh", ".json"}
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def project_files():
    for path in ROOT.rglob("*"):
        if path.suffix in SUFFIXES and not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def test_no_file_keeps_a_merges_conflict_markers():
    marked = [
        str(path.relative_to(ROOT))
        for path in project_files()
        if path.is_file()
        and any(
            line.startswith(MARKERS)
            for line in path.read_text(encoding="utf-8", errors="ignore").splitlines()
        )
    ]
    assert marked == []
