"""Fuzzed raw input: every malformed file ends in judged rows that add up, or in one clear line of error.

The bulk (hypothesis + a hand-written list of the classic export faults) runs the real reader and judging step
(`read_batches` -> `_stage_rows` -> judge.sql -> `_counts`, quarantine file) on one in-memory staging database,
which takes milliseconds per input; a smaller number goes through the whole CLI (`python -m ingest build`), which
must exit 0 with a summary or 2 with one `error:` line on stderr, never a traceback.
Sizes: STRESS=1 runs the full ones (see conftest.size).
"""

import csv
import io
import json
import random
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ingest.build as build_module
from ingest import codes
from ingest.read import InputError, input_files
from tests.reliability.conftest import HEADER, TODAY, report, run_cli, size, valid_rows

EN = list(codes.RAW_COLUMNS)
JA = list(codes.RAW_COLUMNS.values())
FUZZ_EXAMPLES = size(100, 1000)  # plus the hand-written list: over 1,000 under STRESS=1
CLI_RUNS = size(6, 10_000)  # 10_000: every hand-written input
_tally = {"inputs": 0, "errors": 0, "judged": 0, "rows": 0, "quarantined": 0}


@pytest.fixture(scope="module")
def staging():
    """An in-memory staging database holding what judging needs besides the raw rows."""
    con = duckdb.connect()
    build_module._stage_reference(con)
    yield con
    con.close()
    report(f"fuzz: {_tally['inputs']} inputs judged in-process: {_tally['judged']} judged "
           f"({_tally['rows']} rows, {_tally['quarantined']} quarantined), {_tally['errors']} refused with "
           f"one line; conservation held for all")


def judge(con: duckdb.DuckDBPyConnection, path: Path, tmp: Path) -> InputError | dict:
    """Read and judge one file as the build does; an InputError is returned, any other exception propagates."""
    _tally["inputs"] += 1
    try:
        build_module._stage_rows(con, input_files([path]), lambda step, done, total: None)
    except InputError as exc:
        message = str(exc)
        assert "\n" not in message and "\r" not in message, repr(message)
        assert str(path) in message, message
        _tally["errors"] += 1
        return exc
    con.execute(build_module.sql("judge"), {"today": TODAY})
    counts, reasons = build_module._counts(con)  # raises BuildError when the counts do not add up
    # Each raw row is judged exactly once, and only quarantined rows (all of them) carry a reason code.
    raw_ids = con.execute("SELECT count(*), count(DISTINCT row_id) FROM raw_rows").fetchone()
    judged = con.execute("""
        SELECT count(*), count(DISTINCT row_id),
               count(*) FILTER (WHERE outcome = 'quarantined' AND reason IS NULL),
               count(*) FILTER (WHERE outcome <> 'quarantined' AND reason IS NOT NULL),
               count(*) FILTER (WHERE row_id NOT IN (SELECT row_id FROM raw_rows))
        FROM judged""").fetchone()
    assert raw_ids == (counts["rows_read"], counts["rows_read"])
    assert judged == (counts["rows_read"], counts["rows_read"], 0, 0, 0)
    assert sum(counts[c] for c in build_module.COUNT_COLUMNS[1:]) == counts["rows_read"]
    assert set(reasons) <= set(codes.REASON_CODES)
    if counts["rows_quarantined"]:
        quarantine = tmp / "quarantine.csv"
        build_module._write_quarantine(con, quarantine)
        with open(quarantine, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == counts["rows_quarantined"]
        assert all(r["reason"] in codes.REASON_CODES and r["source_file"] == str(path) for r in rows)
    _tally["judged"] += 1
    _tally["rows"] += counts["rows_read"]
    _tally["quarantined"] += counts["rows_quarantined"]
    return counts


# --- the hand-written list -------------------------------------------------------------------------------

GOOD = valid_rows(3)
ROW = "R9,P9,2020-04-02T10:00:00,{consent},false,,false,,{age},female,employee,none,2100001,handwashing\n"
JA_HEADER = ",".join(JA) + "\n"
JA_ROW = "R8,P8,2020/04/02 10:00,はい,無し,,無し,,34歳,女性,学生,下記いずれも該当なし,〒210-0001,\n"
CONSENTS = [*codes.YES, *codes.NO, "TRUE", "Yes", "ＹＥＳ", " はい ", "同意", "同意します", "2", "-1", "", "null",
            "None", "✔", "👍", "yes\u200b", "ｔｒｕｅ", "Ｙ", "はい。", "\u3000"]


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


def _json_row(**changes) -> dict:
    row = dict(zip(EN, next(csv.reader([GOOD.splitlines()[0]]))))
    return {**row, **changes}


HAND_WRITTEN: list[tuple[str, str, bytes]] = [
    ("empty", "csv", b""),
    ("empty-jsonl", "jsonl", b""),
    ("only-newlines", "csv", b"\n\n\n"),
    ("header-only", "csv", HEADER.encode()),
    ("header-only-no-newline", "csv", HEADER.rstrip("\n").encode()),
    ("header-only-ja", "csv", JA_HEADER.encode("cp932")),
    ("truncated-last-line", "csv", (HEADER + GOOD)[:-25].encode()),
    ("truncated-inside-quotes", "csv", (HEADER + GOOD + 'R5,P5,"2020-04-02').encode()),
    ("bom-utf8", "csv", ("\ufeff" + HEADER + GOOD).encode()),
    ("double-bom", "csv", ("\ufeff\ufeff" + HEADER + GOOD).encode()),
    ("crlf", "csv", (HEADER + GOOD).replace("\n", "\r\n").encode()),
    ("cr-only", "csv", (HEADER + GOOD).replace("\n", "\r").encode()),
    ("mixed-line-endings", "csv", (HEADER + GOOD.replace("\n", "\r\n", 1)).encode()),
    ("cp932", "csv", (JA_HEADER + JA_ROW).encode("cp932")),
    ("cp932-with-utf8-row", "csv", (JA_HEADER + JA_ROW).encode("cp932") + JA_ROW.replace("R8", "R7").encode()),
    ("utf16", "csv", (HEADER + GOOD).encode("utf-16")),
    ("utf16-ja", "csv", (JA_HEADER + JA_ROW).encode("utf-16-le")),
    ("latin1-row", "csv", (HEADER + GOOD + ROW.format(consent="true", age="30").replace("female", "fémale"))
     .encode("latin-1")),
    ("euc-jp", "csv", (JA_HEADER + JA_ROW).encode("euc-jp")),
    ("quotes-and-newlines-in-fields", "csv",
     (HEADER + GOOD + 'R6,"P\n6",2020-04-02T10:00:00,true,false,,false,,"3""4",female,employee,"none,\nheart",'
      '2100001,"hand\r\nwashing"\n').encode()),
    ("unbalanced-quote", "csv", (HEADER + 'R6,"P6,2020-04-02T10:00:00,true\n' + GOOD).encode()),
    ("extra-columns", "csv", (HEADER.rstrip("\n") + ",memo,x\n" + GOOD.replace("\n", ",a,b\n")).encode()),
    ("extra-fields-without-header", "csv", (HEADER + GOOD.replace("\n", ",surplus\n")).encode()),
    ("missing-fields", "csv", (HEADER + GOOD.replace(",handwashing\n", "\n")).encode()),
    ("missing-required-column", "csv", (HEADER.replace("age,", "") + GOOD).encode()),
    ("duplicate-header", "csv", (HEADER.rstrip("\n") + ",age\n" + GOOD.replace("\n", ",31\n")).encode()),
    ("ja-and-en-header-for-one-column", "csv", (HEADER.rstrip("\n") + ",年齢\n" + GOOD.replace("\n", ",31\n"))
     .encode()),
    ("nul-bytes", "csv", (HEADER + GOOD).encode().replace(b"P1,", b"P\x001,")),
    ("nul-in-header", "csv", (HEADER.replace("age", "a\x00ge") + GOOD).encode()),
    ("all-nul", "csv", b"\x00" * 4096),
    ("random-binary", "csv", random.Random(7).randbytes(5000)),
    ("very-long-field", "csv", (HEADER + GOOD + ROW.format(consent="true", age="3" * 1_000_000)).encode()),
    ("very-long-line", "csv", (HEADER + GOOD + "x" * 2_000_000 + "\n").encode()),
    ("emoji", "csv", (HEADER + GOOD.replace("P1,", "P😷1,").replace("female", "female🦠")).encode()),
    ("emoji-header", "csv", ("😷" + HEADER + GOOD).encode()),
    ("zero-width-and-combining", "csv", (HEADER + GOOD.replace("true", "tru\u200be").replace("female", "fe\u0301male"))
     .encode()),
    ("age-out-of-range", "csv", (HEADER + "".join(ROW.format(consent="true", age=a).replace("R9", f"A{i}")
                                                   for i, a in enumerate(["-1", "121", "999", "1e3", "0x10", "３０",
                                                                          "NaN", "30.5", "99999999999999999999"])))
     .encode()),
    ("future-dates", "csv", (HEADER + GOOD + "".join(
        f"F{i},P1,{ts},true,false,,false,,30,female,employee,none,2100001,\n"
        for i, ts in enumerate(["2020-07-01T00:00:00", "2099-01-01T00:00:00", "9999-12-31T23:59:59",
                                "2020-06-30T15:00:00Z", "2020-02-30T10:00:00", "2020-13-01T00:00:00",
                                "0000-01-01T00:00:00", "2020-04-01T25:61:00", "2020-04-01T09:00:00+99:99"])))
     .encode()),
    ("duplicate-ids", "csv", (HEADER + GOOD + GOOD + GOOD).encode()),
    ("conflicting-ids", "csv", (HEADER + GOOD + GOOD.replace(",female,", ",male,")).encode()),
    ("blank-ids", "csv", (HEADER + GOOD.replace("R0,", ",").replace("R1,", " ,")).encode()),
    ("every-consent-spelling", "csv", (HEADER + "".join(
        ROW.format(consent=c.replace(",", ""), age="40").replace("R9", f"C{i}") for i, c in enumerate(CONSENTS)))
     .encode()),
    ("every-consent-spelling-cp932", "csv", (JA_HEADER + "".join(
        JA_ROW.replace("R8", f"C{i}").replace("はい", c) for i, c in enumerate(["はい", "いいえ", "同意する", "同意しない",
                                                                               "有り", "無し", "あり", "なし", "有", "無"])))
     .encode("cp932")),
    ("jsonl-garbage", "jsonl", b'{"a": 1}\n[1,2]\n"text"\n42\nnull\n{broken\n'),
    ("jsonl-valid-and-broken", "jsonl", (_json(_json_row()) + '{"response_id": "R1"\n' + _json(_json_row(
        response_id="R2", age=[1, 2], consent=True, fever={"nested": True}, sex=None)) + "\ufeff"
        + _json(_json_row(response_id="R3"))).encode()),
    ("jsonl-huge-numbers-and-nan", "jsonl", (_json(_json_row(age=10**40)) + _json(
        _json_row(response_id="R2")).replace('"34"', "NaN").replace('"20"', "Infinity")).encode()),
    ("jsonl-duplicate-keys", "jsonl", (_json(_json_row())[:-2] + ', "age": "200"}\n').encode()),
    ("jsonl-crlf-bom", "jsonl", ("\ufeff" + _json(_json_row())).replace("\n", "\r\n").encode()),
    ("jsonl-cp932", "jsonl", _json({JA[i]: v for i, v in enumerate(next(csv.reader([JA_ROW])))}).encode("cp932")),
    ("jsonl-nul", "jsonl", _json(_json_row()).encode().replace(b"P0", b"P\x000")),
    ("parquet-not-parquet", "parquet", b"PAR1 this is not parquet PAR1"),
    ("parquet-truncated", "parquet", None),  # filled in below
    ("parquet-odd-types", "parquet", None),
    ("parquet-missing-columns", "parquet", None),
]


def _parquet(table: pa.Table) -> bytes:
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def _good_table() -> pa.Table:
    rows = [next(csv.reader([line])) for line in GOOD.splitlines()]
    return pa.table({c: [r[i] for r in rows] for i, c in enumerate(EN)})


_PARQUET = {
    "parquet-truncated": _parquet(_good_table())[:-40],
    "parquet-odd-types": _parquet(_good_table().set_column(
        EN.index("age"), "age", pa.array([[1, 2], None, [3]], pa.list_(pa.int64())))
        .set_column(EN.index("consent"), "consent", pa.array([True, None, False]))
        .set_column(EN.index("sex"), "sex", pa.array([{"a": 1}, {"a": 2}, None]))),
    "parquet-missing-columns": _parquet(_good_table().drop_columns(["postal_code"])),
}
HAND_WRITTEN = [(name, ext, _PARQUET.get(name, data)) for name, ext, data in HAND_WRITTEN]


@pytest.mark.parametrize("name, ext, data", HAND_WRITTEN, ids=[h[0] for h in HAND_WRITTEN])
def test_hand_written_input_is_judged_or_refused_in_one_line(staging, tmp_path, name, ext, data):
    path = tmp_path / f"{name}.{ext}"
    path.write_bytes(data)
    judge(staging, path, tmp_path)


# --- generated inputs ------------------------------------------------------------------------------------

FUZZ_TEXT = st.text(st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(list(',;"\'\n\r\t\x00、　０１２３🦠😷\ufeff\u200b\\{}[]:')),
), max_size=30)


@st.composite
def field_value(draw, column: str) -> str:
    """A valid value of the column, a spelling the build may or may not accept, or arbitrary text."""
    valid = dict(zip(EN, next(csv.reader([GOOD.splitlines()[0]]))))[column]
    return draw(st.one_of(
        st.just(valid),
        st.sampled_from(CONSENTS + ["", " ", "-1", "121", "9" * 40, "2099-01-01T00:00:00", "2020-02-30 10:00",
                                    "R0", "R1", "P0", "男性", "女性", "学生", "〒210-0001", "今日から", "400日前から"]),
        FUZZ_TEXT,
        st.integers(-10**6, 10**6).map(str),
        st.just("長" * draw(st.integers(1000, 20_000))),
    ))


@st.composite
def fuzzed_file(draw) -> tuple[str, bytes]:
    """(extension, bytes) of a raw file with a perturbed header, rows of fuzzed values and byte-level damage."""
    ext = draw(st.sampled_from(["csv", "csv", "csv", "jsonl", "parquet"]))
    columns = draw(st.permutations(EN))
    columns = draw(st.lists(st.sampled_from(columns), min_size=len(columns) - 2, max_size=len(columns) + 2)) \
        if draw(st.integers(0, 4)) == 0 else list(columns)
    spellings = (lambda c: [c, codes.RAW_COLUMNS[c], c.upper(), f" {c} ", f'"{c}"', c + "_x"]) \
        if draw(st.integers(0, 4)) == 0 else (lambda c: [c, codes.RAW_COLUMNS[c]])  # mostly a usable header
    names = [draw(st.sampled_from(spellings(c))) for c in columns]
    if draw(st.booleans()):
        names += draw(st.lists(FUZZ_TEXT, max_size=2))
    ids = st.sampled_from(["R0", "R1", "R2", "R3", ""])  # a small pool: duplicates and conflicts
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row = [draw(ids) if c == "response_id" else draw(field_value(c)) for c in columns]
        row += [draw(FUZZ_TEXT) for _ in range(len(names) - len(columns))]
        shape = draw(st.sampled_from(["ok", "ok", "ok", "short", "long"]))
        rows.append(row[:-1] if shape == "short" and row else row + ["extra"] if shape == "long" else row)
    if ext == "parquet":
        width = len(names)
        table = pa.table({f"{n}#{i}" if names.count(n) > 1 else n: [r[i] if i < len(r) else None for r in rows]
                          for i, n in enumerate(names[:width])}) if names else pa.table({})
        return ext, _parquet(table)
    if ext == "jsonl":
        text = "".join(_json(dict(zip(names, r))) if draw(st.integers(0, 5)) else draw(FUZZ_TEXT) + "\n"
                       for r in rows)
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
        writer.writerow(names)
        writer.writerows(rows)
        text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp932", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    for _ in range(draw(st.integers(0, 2))):  # byte-level damage: stray bytes, NULs, a cut
        damage = draw(st.sampled_from(["insert", "cut"]))
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:] if damage == "insert" else data[:at]
    return ext, data


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture, HealthCheck.large_base_example])
@given(fuzzed_file())
def test_fuzzed_input_is_judged_or_refused_in_one_line(staging, tmp_path, raw):
    ext, data = raw
    path = tmp_path / f"fuzz.{ext}"
    path.write_bytes(data)
    judge(staging, path, tmp_path)


# --- whole builds through the CLI ------------------------------------------------------------------------

def _cli_sample() -> list[tuple[str, str, bytes]]:
    if CLI_RUNS >= len(HAND_WRITTEN):
        return HAND_WRITTEN
    return random.Random(1).sample(HAND_WRITTEN, CLI_RUNS)


@pytest.mark.parametrize("name, ext, data", _cli_sample(), ids=[h[0] for h in _cli_sample()])
def test_cli_build_publishes_or_fails_with_one_line(tmp_path, name, ext, data):
    path = tmp_path / f"{name}.{ext}"
    path.write_bytes(data)
    builds = tmp_path / "builds"
    done = run_cli("build", str(path), "--json", "--today", TODAY.isoformat(), builds_dir=builds)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    if done.returncode == 2:
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and done.stdout == "", done.stderr
        assert not builds.exists() or [p.name for p in builds.iterdir()] == []
        return
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["rows_read"] == sum(summary[f"rows_{k}"] for k in
                                       ("accepted", "quarantined", "no_consent", "duplicate"))
    assert sum(summary["quarantine_reasons"].values()) == summary["rows_quarantined"]
    assert set(summary["quarantine_reasons"]) <= set(codes.REASON_CODES)
    with duckdb.connect(summary["path"], read_only=True) as con:
        assert con.execute("SELECT build_id FROM build_info").fetchone()[0] == summary["build_id"]
    assert [p.name for p in builds.iterdir() if p.name.startswith(".")] == []
