"""tools/management/commands/bench_imports.py: the import timings of issue 14."""

from tools.management.commands import bench_imports


def test_the_grievances_file_keeps_its_header_and_the_first_rows(tmp_path):
    path = tmp_path / "grievances.csv"
    path.write_text("reference\nG1\nG2\nG3\n", encoding="utf-8")
    bench_imports.keep_first_rows(path, 2)
    assert path.read_text(encoding="utf-8") == "reference\nG1\nG2\n"
    assert bench_imports.count_rows(path) == 2


def test_a_missed_target_reads_no_in_the_table():
    results = [
        {
            "step": "grievances, new",
            "rows": 50_000,
            "seconds": 31.0,
            "rows_per_s": 1613,
            "peak_mb": 150,
            "share_of_first": None,
            "target_s": 30.0,
            "met": False,
        }
    ]
    assert "| grievances, new | 50,000 | 31.0 | 1,613 | 150 MB |  | < 30.0 s | NO |" in (
        bench_imports.table(results)
    )


def test_an_import_runs_as_a_process_of_its_own_with_its_peak_memory(monkeypatch, tmp_path):
    script = tmp_path / "manage.py"
    script.write_text("import sys; print('imported', sys.argv[1:]); sys.exit(0)\n")
    monkeypatch.setattr(bench_imports.settings, "BASE_DIR", tmp_path)
    seconds, peak_kb, failed, output = bench_imports.run("reviews", tmp_path / "r.csv")
    assert not failed
    assert "imported ['import_csv', 'reviews'" in output
    assert seconds > 0 and peak_kb > 0
