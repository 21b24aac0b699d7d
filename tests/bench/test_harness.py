"""The harness's pure parts: sizes, page overrides, the report and its section of the docs."""

import argparse

import pytest

from bench import pages, report
from bench.sizes import label, parse_size, parse_sizes


@pytest.mark.parametrize(("text", "n"), [("200", 200), ("2k", 2000), ("10K", 10_000), ("1m", 1_000_000),
                                        ("2.5k", 2500), ("100_000", 100_000)])
def test_sizes_are_read_as_people_write_them(text, n):
    assert parse_size(text) == n


@pytest.mark.parametrize("text", ["", "ten", "10x", "-5", "0"])
def test_a_bad_size_is_refused_with_an_example(text):
    with pytest.raises(argparse.ArgumentTypeError):
        parse_size(text)


def test_size_labels_round_trip():
    assert [label(n) for n in parse_sizes("10k,100k,1m,2500")] == ["10k", "100k", "1m", "2500"]


def test_path_overrides_name_a_known_set():
    assert pages.parse_overrides(["feed=/feeds/rss/,/feeds/atom/"]) == {"feed": ["/feeds/rss/", "/feeds/atom/"]}
    for bad in ["nosuch=/x/", "feed", "feed=feeds/"]:
        with pytest.raises(ValueError, match="--path"):
            pages.parse_overrides([bad])


def result(rps, p50, p95=None, p99=None, status=0):
    return {"rps": rps, "bytes_per_response": 9000, "non_2xx_3xx": status, "socket_errors": 0,
            "latency_us": {"p50": p50, "p95": p95 or p50 * 2, "p99": p99 or p50 * 3, "mean": p50}}


def results_for(sizes):
    datasets = []
    for size, slow in sizes:
        run = {"cache": "off", "load_start": [1.0, 1.0, 1.0], "pages": [
            {"name": "static", "label": "Static", "urls": 1, "result": result(2000, 1000)},
            {"name": "article", "label": "Article page", "urls": 2000, "result": result(100, 20_000 * slow)},
            {"name": "search", "label": "Search", "urls": 200, "result": result(50, 40_000, 60_000 * slow)},
            {"name": "feed", "label": "Feed", "urls": 0, "status": "route missing: /feeds/ answers 404"},
            {"name": "static", "label": "Static", "urls": 1, "result": result(1800, 1000)},
        ]}
        datasets.append({"label": size, "counts": {"articles": 10, "published": 9, "bylines": 12,
                                                   "tagged_items": 20},
                         "database_bytes": 2**20, "article_bytes": {"median": 9000}, "generation": None,
                         "runs": [run]})
    return {"date": "2026-01-01 00:00 UTC", "command": "make bench", "load_start": [1.5, 1.0, 0.5],
            "settings": {"duration": 15, "warmup": 2, "connections": 4, "threads": 1, "workers": 2},
            "machine": report.machine_info("15.0", "7.0", "wrk 4"), "datasets": datasets}


def test_report_shows_share_of_static_missing_routes_and_ratios():
    text = report.render(results_for([("10k", 1), ("1m", 3)]))
    assert "| Article page | 2000 | 100 | 20.0 ms |" in text
    assert "5.3%" in text  # 100 req/s against the mean static 1900 req/s
    assert "route missing: /feeds/ answers 404" in text
    assert "| off | search p95 | 60.0 ms | 180 ms | 3.00× | ≤ 2.0×: NOT met |" in text
    assert "| off | article page p50 (page time) | 20.0 ms | 60.0 ms | 3.00× | ≤ 1.5×: NOT met |" in text
    assert "1.50, 1.00, 0.50" in text  # the load average at the start is recorded


def test_section_is_rewritten_in_place_and_other_sections_survive(tmp_path):
    doc = tmp_path / "PERFORMANCE.md"
    report.write_section(doc, "first figures\n")
    doc.write_text(doc.read_text() + "\n## Photo renditions\n\nTheir own figures.\n")
    report.write_section(doc, "second figures\n")
    text = doc.read_text()
    assert text.count(report.HEADING) == 1 and text.count(report.BEGIN) == 1
    assert "second figures" in text and "first figures" not in text
    assert text.index(report.END) < text.index("## Photo renditions")
    assert "Their own figures." in text


def test_generation_time_sets_the_photo_library_apart():
    made = {"timings": {"photos (242 ingested, 8 from the library)": 1066.2, "articles": 7.2, "total": 1075.4}}
    assert report.generation_time(made) == "9 s + 1066 s for 242 new library photos"
    reused = {"timings": {"photos (0 ingested, 300 from the library)": 0.4, "articles": 300.0, "total": 330.0}}
    assert report.generation_time(reused) == "330 s"
    assert report.generation_time(None) == "reused (--skip-generate)"


def test_page_cost_in_static_requests_cancels_a_slower_machine():
    results = results_for([("10k", 1), ("1m", 1)])
    for page in results["datasets"][1]["runs"][0]["pages"]:  # the same run on a machine twice as busy
        if page.get("result"):
            page["result"]["rps"] /= 2
    text = report.render(results)
    assert "| off | article page cost, in static-file requests | 19 | 19 | 1.00× | ≤ 1.5×: met |" in text


def test_every_table_row_has_the_header_s_columns():
    text = report.render(results_for([("10k", 1), ("1m", 2)]))
    tables = [line for line in text.splitlines() if line.startswith("| Page |") or line.startswith("| ")]
    header = next(line for line in tables if line.startswith("| Page |"))
    page_rows = [line for line in tables if line.startswith(("| Static", "| Article", "| Search", "| Feed"))]
    assert page_rows and all(row.count(" | ") == header.count(" | ") for row in page_rows)


def test_with_brackets_each_page_is_set_against_the_static_runs_next_to_it():
    results = results_for([("10k", 1)])
    run = results["datasets"][0]["runs"][0]
    results["settings"]["bracket"] = 5
    # The machine slows down during the run: the static file goes from 2000 to 1000 req/s.
    run["pages"] = [
        {"name": "static", "label": "Static", "urls": 1, "result": result(2000, 1000)},
        {"name": "article", "label": "Article page", "urls": 2000, "result": result(200, 20_000)},
        {"name": "static", "label": "Static", "urls": 1, "result": result(1600, 1000)},
        {"name": "search", "label": "Search", "urls": 200, "result": result(40, 40_000)},
        {"name": "static", "label": "Static", "urls": 1, "result": result(1000, 1000)},
    ]
    text = report.render(results)
    assert "| Article page | 2000 | 200 |" in text and "| 11.1% |" in text  # of (2000 + 1600) / 2
    assert "| 3.1% |" in text  # search: 40 of (1600 + 1000) / 2
    assert "first 2000 / last 1000 req/s; 1 between the pages: 1600–1600 req/s" in text
    assert "between the URL sets (5 s)" in text
    assert report.measure(run, "article", report.COST) == 9.0
