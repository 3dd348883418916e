"""Property tests of the build: every raw record lands in exactly one place, for any mix of valid and faulty rows.

Hypothesis writes raw answer files (CSV in UTF-8, UTF-8 with BOM or CP932; JSON lines; Parquet) whose records
are valid answers (English or Japanese headers and labels, codes, full-width digits, `、` lists, `N日前から`)
mixed with every kind of fault of DESIGN.md. Each generated record carries the outcome DESIGN.md prescribes for
it (the oracle below follows the judging order: reader -> consent -> ids -> validation), and the test checks
the build against it: the counts add up, every quarantined line is in the quarantine file with its reason,
and the published respondents are the distinct (respondent, day) pairs of the accepted rows.
"""

import csv
import datetime as dt
import io
import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import codes
from ingest.build import BuildError, build
from ingest.read import InputError

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2020, 6, 30)
JST = dt.timedelta(hours=9)
FULLWIDTH = str.maketrans("0123456789-/:", "０１２３４５６７８９－／：")
NUL_MARK = "\ue001"  # replaced by a NUL character once the record's text is made
BAD_BYTE_MARK = "\ue002"  # where the bytes b"\x81" + b"0" go: not text in UTF-8 nor in CP932
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _kanagawa_postal_codes(step: int = 150) -> list[str]:
    """Every `step`-th main postal code of the reference file the build validates against."""
    path = ROOT / "data/reference/kanagawa_postal_code_centroids_derived.csv"
    with open(path, encoding="utf-8", newline="") as f:
        main = [r["postal_code"] for r in csv.DictReader(f) if r["alt_index"] == "0"]
    return main[::step]


POSTAL_CODES = _kanagawa_postal_codes()
NOT_KANAGAWA = ["1000001", "530-0001", "０６００００１", "9800811"]  # Tokyo, Osaka, Sapporo, Sendai


@dataclass
class Record:
    """One raw record, the values as written (None = null / empty) and the outcome DESIGN.md prescribes."""

    values: dict[str, str | None]
    memo: str = ""
    consent: str = "yes"  # 'yes' | 'no' | 'bad'
    reader_fault: str | None = None  # 'ragged' | 'nul' | 'bad_bytes'
    reason: str | None = None  # the validation fault, None for a valid answer
    respondent: str | None = None
    date: dt.date | None = None
    fmt: str = ""
    source: str = ""  # the file written, and the record's line in it as the reader counts lines
    line: int = 0
    extra: dict = field(default_factory=dict)

    def content(self) -> tuple:
        """What the build compares to tell an exact duplicate from a conflict."""
        return tuple((v or "").strip() for v in self.values.values())


# --- valid values ----------------------------------------------------------------------------------------

def spelled(draw, word: str) -> str:
    """A spelling of a code or label the build must accept: case, padding and full-width ASCII."""
    style = draw(st.sampled_from(["as_is", "upper", "padded", "fullwidth"]))
    if style == "upper":
        return word.upper()
    if style == "padded":
        return draw(st.sampled_from([" ", "　"])) + word + " "
    if style == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)
    return word


def code_or_label(draw, table: dict[str, str], code: str) -> str:
    return spelled(draw, draw(st.sampled_from([code, table[code]])))


def yes_no(draw, yes: bool) -> str:
    return spelled(draw, draw(st.sampled_from(codes.YES if yes else codes.NO)))


def days_text(draw, days: int) -> str:
    forms = [str(days), f"{days}日前から", f"{days}日", str(days).translate(FULLWIDTH)]
    if days == 0:
        forms += ["今日から"]
    return draw(st.sampled_from(forms))


def answer_list(draw, table: dict[str, str], items: list[str]) -> str:
    words = [code_or_label(draw, table, c) for c in items]
    return draw(st.sampled_from([";", "、", " ; ", "；", ","])).join(words)


def timestamp(draw, jst: dt.datetime) -> str:
    """A Japan-time instant written in one of the forms exports use (naive = Japan time)."""
    form = draw(st.sampled_from(["iso", "slash", "short", "jst", "utc", "minus5", "fraction", "fullwidth"]))
    if form == "iso":
        return jst.strftime("%Y-%m-%dT%H:%M:%S")
    if form == "slash":
        return jst.strftime("%Y/%m/%d %H:%M")
    if form == "short":
        return f"{jst.year}/{jst.month}/{jst.day} {jst.hour}:{jst.minute:02d}"
    if form == "jst":
        return jst.strftime("%Y-%m-%dT%H:%M:%S+09:00")
    if form == "utc":
        return (jst - JST).strftime("%Y-%m-%dT%H:%M:%SZ")
    if form == "minus5":
        return (jst - JST - dt.timedelta(hours=5)).strftime("%Y-%m-%d %H:%M:%S-05:00")
    if form == "fraction":
        return jst.strftime("%Y-%m-%dT%H:%M:%S.250")
    return jst.strftime("%Y/%m/%d %H:%M").translate(FULLWIDTH)


def instant(draw, first: dt.date, days: int) -> dt.datetime:
    day = first + dt.timedelta(days=draw(st.integers(0, days - 1)))
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=draw(st.integers(0, 24 * 60 - 1)))


def valid_record(draw, index: int) -> Record:
    """An answer the build must accept; its day is its date in Japan time (TODAY included)."""
    on_today = draw(st.integers(0, 3)) == 0  # TODAY itself is not in the future
    jst = instant(draw, TODAY, 1) if on_today else instant(draw, dt.date(2020, 3, 30), 7)
    fever, fatigue = draw(st.booleans()), draw(st.booleans())
    conditions = draw(st.one_of(st.just(["none"]), st.lists(
        st.sampled_from([c for c in codes.CONDITIONS if c != "none"]), min_size=1, max_size=3, unique=True)))
    behaviours = draw(st.one_of(st.none(), st.lists(st.sampled_from(list(codes.BEHAVIOURS)),
                                                    min_size=1, max_size=7, unique=True)))
    age = draw(st.integers(0, 120))
    respondent = f"P{draw(st.integers(0, 5))}"
    postal = draw(st.sampled_from(POSTAL_CODES))
    values = {
        "response_id": draw(st.sampled_from([f"R{index:04d}", f"回答-{index}"])),
        "respondent_id": respondent,
        "answered_at": timestamp(draw, jst),
        "consent": yes_no(draw, True),
        "fever": yes_no(draw, fever),
        "fever_days": days_text(draw, draw(st.integers(0, 30))) if fever else draw(st.sampled_from(["", None])),
        "fatigue_or_breathless": yes_no(draw, fatigue),
        "fatigue_days": days_text(draw, draw(st.integers(0, 30))) if fatigue else draw(st.sampled_from(["", None])),
        "age": draw(st.sampled_from([str(age), f"{age}歳", str(age).translate(FULLWIDTH)])),
        "sex": code_or_label(draw, codes.SEXES, draw(st.sampled_from(list(codes.SEXES)))),
        "occupation": code_or_label(draw, codes.OCCUPATIONS, draw(st.sampled_from(list(codes.OCCUPATIONS)))),
        "conditions": answer_list(draw, codes.CONDITIONS, conditions),
        "postal_code": draw(st.sampled_from([postal, f"{postal[:3]}-{postal[3:]}",
                                             f"〒{postal[:3]}-{postal[3:]}",
                                             f"{postal[:3]}-{postal[3:]}".translate(FULLWIDTH)])),
        "behaviours": draw(st.sampled_from(["", None])) if behaviours is None
                      else answer_list(draw, codes.BEHAVIOURS, behaviours),
    }
    memo = draw(st.sampled_from(["", "特になし", "memo, with a comma", 'a "quoted" word']))
    return Record(values, memo=memo, respondent=respondent, date=jst.date(), extra={"age": age})


# --- faults: each kind is one fault given to a valid record ----------------------------------------------

def _set(rec: Record, reason: str | None, **values) -> Record:
    return replace(rec, values={**rec.values, **values}, reason=reason, respondent=None, date=None)


def _symptom_fault(draw, rec: Record, reason: str) -> Record:
    column, days_column = draw(st.sampled_from([("fever", "fever_days"), ("fatigue_or_breathless", "fatigue_days")]))
    if reason == "bad_symptom":
        return _set(rec, reason, **{column: draw(st.sampled_from(["maybe", "37.8", "?", "多分"])), days_column: ""})
    if reason == "bad_days":
        days = draw(st.sampled_from(["", None, "abc", "400", "-1", "1.5", "三日前から"]))
        return _set(rec, reason, **{column: yes_no(draw, True), days_column: days})
    days = draw(st.sampled_from(["2", "今日から", "5日前から", "０"]))
    return _set(rec, reason, **{column: yes_no(draw, False), days_column: days})


def fault(draw, kind: str, rec: Record) -> Record:
    """The valid record `rec` given exactly one fault of `kind`."""
    if kind == "no_consent":
        return replace(_set(rec, None, consent=yes_no(draw, False)), consent="no")
    if kind == "bad_consent":
        spelling = draw(st.sampled_from(["maybe", "同意", "2", "yes!", "", None, "はい?"]))
        return replace(_set(rec, None, consent=spelling), consent="bad")
    if kind == "missing_value":
        column = draw(st.sampled_from([c for c in codes.REQUIRED_COLUMNS if c != "consent"]))
        return _set(rec, "missing_value", **{column: draw(st.sampled_from(["", "  ", "　", None]))})
    if kind == "bad_timestamp":
        return _set(rec, kind, answered_at=draw(st.sampled_from(
            ["2020-13-01 10:00", "2020-02-30T10:00:00", "not a date", "2020年4月1日 9時30分",
             "2020-04-01T10:61:00", "2020-04-01", "04/01/2020 10:00"])))
    if kind == "future_date":
        return _set(rec, kind, answered_at=timestamp(draw, instant(draw, TODAY + dt.timedelta(days=1), 400)))
    if kind == "bad_age":
        return _set(rec, kind, age=draw(st.sampled_from(["121", "-1", "abc", "30.5", "1000", "三十"])))
    if kind == "bad_sex":
        return _set(rec, kind, sex=draw(st.sampled_from(["unknown", "男", "M", "f?"])))
    if kind == "bad_occupation":
        return _set(rec, kind, occupation=draw(st.sampled_from(["doctor", "会社員", "0"])))
    if kind == "bad_condition":
        return _set(rec, kind, conditions=draw(st.sampled_from(
            ["diabetes", "none;heart", "下記いずれも該当なし、妊娠中", ";", "heart;asthma"])))
    if kind == "bad_behaviour":
        return _set(rec, kind, behaviours=draw(st.sampled_from(
            ["jogging", "handwashing;jogging", ";", "マスク"])))
    if kind == "bad_postal_code":
        return _set(rec, kind, postal_code=draw(st.sampled_from(
            ["210001", "21000011", "abcdefg", "210-00A1", "２１０"])))
    if kind == "postal_not_in_kanagawa":
        return _set(rec, kind, postal_code=draw(st.sampled_from(NOT_KANAGAWA)))
    if kind in ("bad_symptom", "bad_days", "days_without_symptom"):
        return _symptom_fault(draw, rec, kind)
    if kind == "ragged":
        return replace(_set(rec, None), reader_fault="ragged",
                       extra={"ragged": draw(st.sampled_from(["more", "fewer", "broken", "array", "scalar"]))})
    if kind == "nul":
        return replace(_set(rec, None, respondent_id=f"P{NUL_MARK}1"), reader_fault="nul")
    if kind == "bad_bytes":
        return replace(_set(rec, None, respondent_id=f"P{BAD_BYTE_MARK}1"), reader_fault="bad_bytes")
    raise AssertionError(kind)


VALIDATION_FAULTS = ["no_consent", "bad_consent", "missing_value", "bad_timestamp", "future_date", "bad_age",
                     "bad_sex", "bad_occupation", "bad_condition", "bad_behaviour", "bad_postal_code",
                     "postal_not_in_kanagawa", "bad_symptom", "bad_days", "days_without_symptom"]
ID_FAULTS = ["duplicate", "conflicting_duplicate"]
READER_FAULTS = ["ragged", "nul", "bad_bytes"]  # a Parquet file cannot hold a ragged row or stray bytes
ALL_KINDS = ["valid", *VALIDATION_FAULTS, *ID_FAULTS, *READER_FAULTS]


def kinds_for(fmt: str) -> list[str]:
    return [k for k in ALL_KINDS if k not in READER_FAULTS] if fmt == "parquet" else ALL_KINDS


def make_records(draw, kinds: list[str], fmt: str, earlier: list[Record]) -> list[Record]:
    """Records of one file; duplicates and conflicts repeat the response_id of a valid record of any file."""
    records: list[Record] = []
    for kind in kinds:
        valid_so_far = [r for r in earlier + records if r.reason is None and r.consent == "yes"
                        and r.reader_fault is None and r.respondent is not None]
        if kind in ID_FAULTS and valid_so_far:
            original = draw(st.sampled_from(valid_so_far))
            if kind == "duplicate":
                rec = replace(original)
            else:
                age = (original.extra["age"] + 1) % 121
                rec = replace(original, values={**original.values, "age": str(age)}, extra={"age": age})
        else:
            rec = valid_record(draw, len(earlier) + len(records))
            rec = rec if kind in ("valid", *ID_FAULTS) else fault(draw, kind, rec)
        rec.fmt = fmt
        records.append(rec)
    return records


# --- the oracle ------------------------------------------------------------------------------------------

def expected_outcomes(records: list[Record]) -> list[tuple[str, set[str]]]:
    """(outcome, allowed reasons) per record of all files in reading order, in DESIGN.md's judging order."""
    id_groups: dict[str, list[int]] = {}
    for i, rec in enumerate(records):
        rid = (rec.values["response_id"] or "").strip()
        if rec.reader_fault is None and rec.consent == "yes" and rid:
            id_groups.setdefault(rid, []).append(i)
    outcomes = []
    for i, rec in enumerate(records):
        group = id_groups.get((rec.values["response_id"] or "").strip(), [i])
        if rec.reader_fault == "nul" and rec.fmt == "jsonl":
            # A raw NUL inside a JSON string makes the line invalid JSON: bad_row is as right there.
            outcomes.append(("quarantined", {"bad_encoding", "bad_row"}))
        elif rec.reader_fault:
            outcomes.append(("quarantined", {"bad_row" if rec.reader_fault == "ragged" else "bad_encoding"}))
        elif rec.consent == "no":
            outcomes.append(("no_consent", set()))
        elif rec.consent == "bad":
            outcomes.append(("quarantined", {"bad_consent"}))
        elif len({records[j].content() for j in group}) > 1:
            outcomes.append(("quarantined", {"conflicting_duplicate"}))
        elif group[0] != i:
            outcomes.append(("duplicate", set()))
        elif rec.reason:
            outcomes.append(("quarantined", {rec.reason}))
        else:
            outcomes.append(("accepted", set()))
    return outcomes


# --- writing the raw file --------------------------------------------------------------------------------

@dataclass
class Layout:
    """Every choice of how the records are written, drawn up front so that writing draws nothing."""

    fmt: str
    encoding: str
    columns: list[str]
    names: dict[str, str]
    blank_before: list[str | None]  # per record: a blank line written before it, or None
    typed: list[bool]  # JSON lines: booleans, numbers and arrays where the text allows it
    ascii_json: list[bool]
    scalar: list[str]


def header_name(draw, column: str, lang: str) -> str:
    if column == "memo":
        return "備考"
    if lang == "ja" or (lang == "mixed" and draw(st.booleans())):
        return codes.RAW_COLUMNS[column]
    style = draw(st.sampled_from(["as_is", "upper", "padded"])) if lang == "mixed" else "as_is"
    return {"as_is": column, "upper": column.upper(), "padded": f" {column} "}[style]


def draw_layout(draw, fmt: str, encoding: str, n: int) -> Layout:
    lang = draw(st.sampled_from(["en", "ja", "mixed"]))
    columns = draw(st.permutations([*codes.RAW_COLUMNS, "memo"]))
    blank = st.sampled_from(["", "   "]) if fmt == "jsonl" else st.just("")
    per_record = lambda strategy: draw(st.lists(strategy, min_size=n, max_size=n))  # noqa: E731
    return Layout(fmt, encoding, columns, {c: header_name(draw, c, lang) for c in columns},
                  per_record(st.one_of(st.none(), blank)), per_record(st.booleans()), per_record(st.booleans()),
                  per_record(st.sampled_from(['"just a string"', "null", "42"])))


def jsonable(value: str | None, typed: bool):
    """The value as JSON lines may hold it; the reader turns it back into the same text."""
    if not typed or value is None:
        return value
    if value in ("true", "false"):
        return value == "true"
    if value.isascii() and value.isdigit() and not value.startswith("0"):
        return int(value)
    if ";" in value and all(p and p == p.strip() for p in value.split(";")):
        return value.split(";")
    return value


def write_raw_file(records: list[Record], layout: Layout, path: Path, repeated: set[str]) -> Path:
    """Write the records (and blank lines) and note on each its file and line number, as the reader counts.

    Parquet writes an empty value as null, except in records whose response_id is repeated: whether a null
    and an empty text are the same content is left open here (CSV cannot tell them apart).
    """
    columns = layout.columns
    for rec in records:
        rec.source = str(path)

    def fields(rec: Record) -> list[str | None]:
        return [rec.memo if c == "memo" else rec.values[c] for c in columns]

    if layout.fmt == "parquet":
        for n, rec in enumerate(records, start=1):
            rec.line = n
        rows = [[v or "" if r.values["response_id"] in repeated else v for v in fields(r)] for r in records]
        pq.write_table(pa.table({layout.names[c]: pa.array([row[i] for row in rows], pa.string())
                                 for i, c in enumerate(columns)}), path)
        return path

    lines = [_csv_line([layout.names[c] for c in columns])] if layout.fmt == "csv" else []
    for i, rec in enumerate(records):
        if layout.blank_before[i] is not None:
            lines.append(layout.blank_before[i] + "\n")
        rec.line = len(lines) + 1
        if layout.fmt == "csv":
            row = ["" if v is None else v for v in fields(rec)]
            ragged = rec.extra.get("ragged")
            if ragged:
                row = row[:-1] if ragged == "fewer" else [*row, "extra"]
            lines.append(_csv_line(row))
        else:
            lines.append(_json_line(rec, layout, i) + "\n")
    parts = "".join(lines).replace(NUL_MARK, "\x00").split(BAD_BYTE_MARK)
    try:
        encoded = [part.encode(layout.encoding) for part in parts]
    except UnicodeEncodeError:  # a value CP932 cannot hold: the file is written in UTF-8
        encoded = [part.encode("utf-8") for part in parts]
    path.write_bytes(b"\x810".join(encoded))
    return path


def _csv_line(row: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return out.getvalue()


def _json_line(rec: Record, layout: Layout, i: int) -> str:
    ragged = rec.extra.get("ragged")
    if ragged == "array":
        return json.dumps([rec.values["response_id"], rec.values["age"]], ensure_ascii=False)
    if ragged == "scalar":
        return layout.scalar[i]
    typed = layout.typed[i] and rec.reader_fault is None
    obj = {layout.names[c]: (rec.memo if c == "memo" else jsonable(rec.values[c], typed)) for c in layout.columns}
    # Marks for NUL and stray bytes must stay raw characters (json.dumps escapes control characters).
    text = json.dumps(obj, ensure_ascii=layout.ascii_json[i] and rec.reader_fault is None)
    return text[:-1] if ragged else text  # "more", "fewer", "broken": a cut-off line


@st.composite
def raw_files(draw, every_kind: bool = False) -> list[tuple[list[Record], Layout]]:
    """One to three raw files for one build: the records of each and how to write it."""
    files, earlier = [], []
    formats = ["csv", "jsonl", "parquet"] if every_kind else draw(st.lists(
        st.sampled_from(["csv", "jsonl", "parquet"]), min_size=1, max_size=3))
    for fmt in formats:
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp932"])) if fmt == "csv" else "utf-8"
        allowed = kinds_for(fmt)
        if every_kind:
            kinds = draw(st.permutations(allowed + ["valid"] * draw(st.integers(1, 4))))
        else:
            kinds = draw(st.lists(st.one_of(st.just("valid"), st.sampled_from(allowed)), min_size=1, max_size=15))
        records = make_records(draw, kinds, fmt, earlier)
        earlier += records
        files.append((records, draw_layout(draw, fmt, encoding, len(records))))
    return files


# --- the checks ------------------------------------------------------------------------------------------

def check_build(files: list[tuple[list[Record], Layout]]) -> None:
    records = [rec for file_records, _ in files for rec in file_records]
    outcomes = expected_outcomes(records)
    expected = Counter(outcome for outcome, _ in outcomes)
    accepted = [r for r, (outcome, _) in zip(records, outcomes) if outcome == "accepted"]
    with tempfile.TemporaryDirectory() as tmp:
        raw_dir, out_dir = Path(tmp, "raw"), Path(tmp, "builds")
        raw_dir.mkdir()
        # The build reads a folder's files in name order, which is the order of `records`.
        ids = Counter(r.values["response_id"] for r in records)
        repeated = {rid for rid, n in ids.items() if n > 1}
        paths = [write_raw_file(recs, layout, raw_dir / f"answers-{i}.{layout.fmt}", repeated)
                 for i, (recs, layout) in enumerate(files)]
        unreadable = [p for p, (recs, layout) in zip(paths, files)
                      if layout.fmt == "jsonl" and all(r.reader_fault in ("ragged", "nul") for r in recs)]
        if unreadable:
            with pytest.raises(InputError) as error:  # no line is a JSON object: the columns cannot be found
                build([raw_dir], out_dir, today=TODAY)
            assert "\n" not in str(error.value) and str(unreadable[0]) in str(error.value)
            return
        if not accepted:
            with pytest.raises(BuildError) as error:
                build([raw_dir], out_dir, today=TODAY)
            assert "\n" not in str(error.value), str(error.value)
            assert f"out of {len(records)} read" in str(error.value)
            assert sorted(p.name for p in out_dir.iterdir()) == []
            return
        result = build([raw_dir], out_dir, today=TODAY)
        info = result.info

        assert info["rows_read"] == len(records)  # every non-blank record, whatever its faults
        assert info["rows_read"] == (info["rows_accepted"] + info["rows_quarantined"] + info["rows_no_consent"]
                                     + info["rows_duplicate"])

        with open(result.quarantine_path, encoding="utf-8", newline="") as f:
            quarantined = list(csv.DictReader(f))
        assert len(quarantined) == info["rows_quarantined"]
        assert all(q["reason"] in codes.REASON_CODES for q in quarantined)
        assert Counter(q["reason"] for q in quarantined) == Counter(result.reasons)
        want = {(r.source, r.line): reasons for r, (outcome, reasons) in zip(records, outcomes)
                if outcome == "quarantined"}
        got = {(q["source_file"], int(q["line"])): q["reason"] for q in quarantined}
        by_place = {(r.source, r.line): r for r in records}
        unexpected = {where: got[where] for where in got.keys() - want.keys()}
        missed = {where: by_place[where].values for where in want.keys() - got.keys()}
        assert not unexpected and not missed, f"quarantined: {unexpected}; should have been: {missed}"
        wrong = {where: (got[where], sorted(want[where])) for where in got if got[where] not in want[where]}
        assert not wrong, f"(file, line): (reason, expected) {wrong}"
        assert {k: info[f"rows_{k}"] for k in ("accepted", "quarantined", "no_consent", "duplicate")} == {
            k: expected[k] for k in ("accepted", "quarantined", "no_consent", "duplicate")}

        pairs = {(r.respondent, r.date) for r in accepted}
        con = duckdb.connect(str(result.path), read_only=True)
        try:
            daily, first, last = con.execute(
                "SELECT sum(respondents), min(date), max(date) FROM responses_daily").fetchone()
            postal = con.execute("SELECT sum(respondents) FROM responses_daily_postal").fetchone()[0]
        finally:
            con.close()
        assert daily == postal == len(pairs)
        assert (first, last) == (min(d for _, d in pairs), max(d for _, d in pairs))
        assert (info["first_date"], info["last_date"]) == (first, last)


@SETTINGS
@given(raw_files())
def test_every_row_lands_in_exactly_one_place(raw):
    """Any mix of valid and faulty records in one to three files of any format and encoding."""
    check_build(raw)


@settings(SETTINGS, max_examples=5, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                           HealthCheck.large_base_example])
@given(raw_files(every_kind=True))
def test_every_fault_kind_together(raw):
    """One CSV, one JSON lines and one Parquet file, each with every fault its format can carry."""
    check_build(raw)


def test_stray_byte_in_a_cp932_file_quarantines_only_its_row(tmp_path):
    """One undecodable byte must not turn the rest of a CP932 file (Japanese header included) into mojibake."""
    header = ",".join(codes.RAW_COLUMNS.values()) + "\n"
    row = "{id},P{id},2020/04/01 09:30,はい,有り,3日前から,無し,,34,女性,学生,下記いずれも該当なし,{postal},\n"
    rows = [row.format(id=i, postal=POSTAL_CODES[i]) for i in range(3)]
    data = (header + rows[0] + rows[1]).encode("cp932") + rows[2].encode("cp932").replace(b"P2", b"P\x810")
    path = tmp_path / "answers.csv"
    path.write_bytes(data)
    result = build([path], tmp_path / "builds", today=TODAY)
    assert (result.info["rows_accepted"], result.reasons) == (2, {"bad_encoding": 1})
