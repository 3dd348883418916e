"""Synthetic raw answers for the demo, calibrated to real published figures.

No answer-level data of Kanagawa's LINE chatbot was ever published, so the demo writes raw answers in the raw
answer format of DESIGN.md (English column names and codes, every value a string as an export holds it) that agree
with the real case series in data/reference/ and with the published survey figures
(data/reference/line_survey_published_figures.csv). The model, in the order generate() applies it each day:

1. respondents (`make_respondents`): a pool of pseudonymous people with fixed attributes, spread over the wards
   and municipalities in proportion to population and uniformly over the postal codes of each; age, sex,
   occupation by age, chronic conditions by age, pregnancy for women 15-49. Each day's new answers come from
   people of the pool, so the same people answer again from time to time, as the bot's periodic check-ins had
   them do.
2. daily volume (`daily_volume`): a launch peak in spring 2020 that decays, bumps in the case waves and a floor,
   so every day of the service (2020-03-05 to 2023-05-08) has answers.
3. symptoms of a new answer: a seasonal non-COVID baseline (`seasonal_baseline`, winter higher) plus an epidemic
   signal (`epidemic_signal`) that follows the case series of the respondent's health-centre area LEAD_DAYS ahead
   (people have fever a few days before they are reported as cases), scaled by age and occupation.
4. follow-ups (`follow_up`): people with symptoms answer again on the following days with the same respondent_id,
   their day counts one higher each day, until they recover (an answer without symptoms) or stop answering.
5. behaviours (`behaviour_shares`, `assign_behaviours`): the prevention question, asked in a share of the new
   answers (empty otherwise), with each day's shares held to the published 27 March 2020 table and telework
   rising in the April-May 2020 state of emergency.

Every random draw comes from one numpy Generator seeded by `seed`, so a seed gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ingest import codes

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
FILE_PATTERN = "demo-answers-{:04d}.parquet"

DEFAULT_RESPONSES = 400_000
CHUNK_ROWS = 2_000_000  # rows per Parquet file; generation holds about one chunk in memory

# --- Period and population -------------------------------------------------------------------------------
FIRST_DAY = dt.date(2020, 3, 5)  # launch of パーソナルサポート (Kanagawa Shimbun 2020-03-05)
LAST_DAY = dt.date(2023, 5, 8)  # the programme formally ended on 2023-05-08
POPULATION_DATE = "2020-04-01"  # 神奈川県人口統計調査, month of the first state of emergency
# About 1.2 million people used the bot (DESIGN.md); 24 M answers from 1.2 M people is 20 answers a person.
ANSWERS_PER_PERSON = 20
AREA_SERIES_END = dt.date(2022, 9, 26)  # health-centre area series ends; the prefecture total is used after it

# --- Daily volume (weights; only their shape matters) ---------------------------------------------------
VOLUME_LAUNCH_PEAK_DAY = dt.date(2020, 4, 8)  # use surged with the state of emergency declared on 2020-04-07
VOLUME_LAUNCH_HALF_LIFE = 30  # days
VOLUME_WAVE = 0.9  # extra volume at the highest wave, relative to the launch peak
VOLUME_FLOOR = 0.06  # steady check-ins, relative to the launch peak

# --- Symptoms of a new answer (probabilities before the age and occupation factors) --------------------
FEVER_BASELINE = 0.0031  # non-COVID fever of 37.5 °C or more, mean over the year
FATIGUE_BASELINE = 0.0165  # strong fatigue or breathlessness without fever
SEASONAL_AMPLITUDE = 0.30  # baseline is (1 + A cos) with its peak on SEASON_PEAK_DAY_OF_YEAR: winter higher
SEASON_PEAK_DAY_OF_YEAR = 20  # late January, the usual influenza peak
# Fever begins about LEAD_DAYS before the case is reported (onset -> test -> report). The fever rate also
# counts people still ill from earlier days, so it leads the reported cases by about 3 days.
LEAD_DAYS = 4.5
# Excess fever at 1 case per 100,000 per day (7-day mean). It grows with the square root of incidence: the
# share of infections that were confirmed rose from a few per cent in 2020 to most of them in 2022, so a
# 300-fold range of confirmed cases maps onto a much smaller range of fever among respondents.
EXCESS_FEVER_AT_ONE_PER_100K = 0.0025
EXCESS_EXPONENT = 0.5
EXCESS_FATIGUE_RATIO = 0.6  # COVID fatigue/breathlessness without fever, relative to the excess fever
FATIGUE_GIVEN_FEVER = 0.35
FEVER_DAYS_CONTINUE = 0.42  # days since onset of a first answer: P(days >= k+1 | days >= k), geometric
FATIGUE_DAYS_CONTINUE = 0.60
MAX_FIRST_DAYS = 14

# Age factor on all symptoms. LINE pre-survey 2020-03-27..30: any symptom 6.5 % in Kanagawa, 10.1 % among
# residents in their 30s, so young adults report more; children run fevers more often.
AGE_SYMPTOM_FACTOR = [  # (lowest age of the band, factor)
    (0, 1.6), (10, 1.1), (20, 1.35), (30, 1.45), (40, 1.05), (50, 0.85), (60, 0.65), (70, 0.6), (80, 0.7),
]
# MHLW x LINE national survey, round 1 (2020-03-31..04-01): fever >= 4 days 0.23 % in occupations where
# avoiding the 3 Cs is hard (対人サービス・外回り営業等) against 0.11 % overall, 0.05 % in the home-based group.
# The form has no service-employee code: the customer-facing codes are commerce_self_employed (商工・サービス業
# の自営者) and part_time (パート, mostly retail and food service). unemployed (無職) holds the home-based group.
CUSTOMER_FACING_OCCUPATIONS = ["commerce_self_employed", "part_time"]
OCCUPATION_SYMPTOM_FACTOR = {"commerce_self_employed": 2.7, "part_time": 2.7, "unemployed": 0.5}

# --- Follow-ups -----------------------------------------------------------------------------------------
FOLLOW_UP_ANSWER = 0.80  # a person with symptoms answers the next day's follow-up
FEVER_PERSISTS = 0.57  # fever still there the next day
FATIGUE_PERSISTS = 0.75

# --- Behaviours -----------------------------------------------------------------------------------------
BEHAVIOUR_ASKED = 0.85  # share of new answers in which the prevention question was asked; follow-ups never
# Kanagawa's published table of 27 March 2020 (DESIGN.md), per cent of those asked.
PUBLISHED_BEHAVIOUR_SHARES = {
    "handwashing": 91.5,
    "cough_etiquette": 91.5,
    "alcohol_disinfection": 67.2,
    "ventilation": 49.3,
    "stay_home_when_sick": 46.5,
    "staggered_commute": 12.0,
    "telework": 8.5,
}
EMERGENCY_START = dt.date(2020, 4, 7)  # first state of emergency, Kanagawa
EMERGENCY_END = dt.date(2020, 5, 25)
# MHLW x LINE round 3 (2020-04-12..13): telework by 27 % of office workers nationally, about 52 % in Tokyo.
# Kanagawa, much of it commuting to Tokyo, lies between; office workers being under half of the respondents,
# that is about 22 % of all respondents.
TELEWORK_IN_EMERGENCY = 22.0
TELEWORK_AFTER = 14.0  # fell back part way after the emergency was lifted
TELEWORK_RAMP_DAYS = 10
# Who keeps which behaviour (relative weights by occupation; the day's share is fixed, this sets who).
OFFICE = {"manager": 1.0, "employee": 1.0, "public_servant": 0.6, "freelance": 0.8}
BEHAVIOUR_OCCUPATION_WEIGHT = {
    "telework": {**OFFICE, "other": 0.15, "student": 0.1},  # codes not listed: OTHER_OCCUPATION_WEIGHT
    "staggered_commute": {**OFFICE, "part_time": 0.5, "student": 0.4, "other": 0.2},
}
OTHER_OCCUPATION_WEIGHT = 0.03

# --- Respondent attributes ------------------------------------------------------------------------------
# Age of LINE users answering (band lowest age, highest age, share); children are answered for by parents.
AGE_BANDS = [
    (0, 14, 0.04), (15, 19, 0.06), (20, 29, 0.15), (30, 39, 0.18), (40, 49, 0.20),
    (50, 59, 0.17), (60, 69, 0.11), (70, 79, 0.065), (80, 89, 0.02), (90, 104, 0.005),
]
SEX_SHARES = {"male": 0.47, "female": 0.525, "other": 0.005}
# Occupation by age: (lowest age, weights in the form's order:
#  agriculture, commerce, freelance, manager, employee, public_servant, student, part_time, unemployed, other)
OCCUPATION_BY_AGE = [
    (0, [0, 0, 0, 0, 0, 0, 0, 0, 0.40, 0.60]),
    (6, [0, 0, 0, 0, 0, 0, 0.97, 0, 0, 0.03]),
    (15, [0, 0, 0, 0, 0.03, 0, 0.86, 0.08, 0.01, 0.02]),
    (20, [0.002, 0.01, 0.01, 0, 0.38, 0.04, 0.35, 0.14, 0.04, 0.028]),
    (25, [0.004, 0.03, 0.03, 0.02, 0.55, 0.07, 0.02, 0.12, 0.08, 0.076]),
    (35, [0.005, 0.05, 0.035, 0.06, 0.48, 0.07, 0, 0.15, 0.09, 0.06]),
    (45, [0.006, 0.06, 0.035, 0.10, 0.42, 0.07, 0, 0.16, 0.08, 0.069]),
    (55, [0.01, 0.07, 0.04, 0.09, 0.33, 0.06, 0, 0.16, 0.16, 0.08]),
    (65, [0.02, 0.07, 0.04, 0.03, 0.10, 0.01, 0, 0.14, 0.50, 0.09]),
    (75, [0.03, 0.05, 0.02, 0.01, 0.02, 0, 0, 0.04, 0.75, 0.08]),
]
# Chronic conditions rise with age: (lowest age, P(heart), P(copd), P(kidney), P(cancer_chemo), P(cancer_no_chemo))
CONDITIONS_BY_AGE = [
    (0, 0.003, 0.001, 0.002, 0.0005, 0.001),
    (40, 0.010, 0.003, 0.006, 0.003, 0.006),
    (60, 0.030, 0.010, 0.015, 0.008, 0.015),
    (70, 0.060, 0.020, 0.025, 0.010, 0.025),
    (80, 0.100, 0.030, 0.040, 0.010, 0.030),
]
PREGNANT = 0.03  # women 15-49 only
# Hour of the day an answer is sent (relative weights, 0 h .. 23 h).
HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.5, 1.5, 3, 4, 4, 3.5, 3, 3.5, 3, 2.5, 2.5, 2.5, 2.5, 3, 3.5, 4, 4, 3, 2]

OCCUPATION_CODES = list(codes.OCCUPATIONS)
SEX_CODES = list(codes.SEXES)
BEHAVIOUR_CODES = list(codes.BEHAVIOURS)
CHRONIC_CODES = ["heart", "copd", "kidney", "cancer_chemo", "cancer_no_chemo"]
CONDITION_BITS = ["pregnant", *CHRONIC_CODES]  # bit i of the condition mask; no bit set = none
RAW_COLUMNS = list(codes.RAW_COLUMNS)


@dataclass(frozen=True)
class Reference:
    """What the generator takes from data/reference/."""

    municipality_codes: np.ndarray  # 5-digit codes of the 58 wards and municipalities
    municipality_population: np.ndarray
    municipality_area: np.ndarray  # index into the area axis of `incidence`
    postal_codes: np.ndarray  # 7-digit codes, sorted by municipality
    postal_start: np.ndarray  # first postal index of each municipality
    postal_count: np.ndarray
    days: np.ndarray  # datetime64[D], FIRST_DAY .. LAST_DAY
    incidence: np.ndarray  # [area, day]: cases per 100,000 a day (7-day mean) LEAD_DAYS after the day
    prefecture_incidence: np.ndarray  # [day]: the same for the prefecture, on the day itself


def load_reference(ref_dir: Path = REFERENCE_DIR) -> Reference:
    """Municipal population, postal codes and the case series, shaped for the generator."""
    pop = pd.read_csv(ref_dir / "kanagawa_population_by_municipality_monthly_2019-2021.csv", dtype={"code5": str})
    pop = pop[pop["ref_date"] == POPULATION_DATE]
    units = pop[pop["level"].isin(["ward", "municipality"])].sort_values("code5")
    cities = pop[pop["level"] == "designated_city"]
    # A ward belongs to the designated city whose name starts its own (横浜市鶴見区 -> 横浜市 14100).
    city_of = {name: code for code, name in zip(cities["code5"], cities["name"])}
    parent = [next((c for n, c in city_of.items() if name.startswith(n)), code)
              for code, name in zip(units["code5"], units["name"])]

    hc = pd.read_csv(ref_dir / "kanagawa_health_center_area_to_municipality.csv", dtype={"code5": str})
    areas = list(dict.fromkeys(hc["health_center_area"]))
    area_of = dict(zip(hc["code5"], (areas.index(a) for a in hc["health_center_area"])))
    municipality_area = np.array([area_of[p] for p in parent])
    municipality_population = units["population"].to_numpy(np.int64)
    area_population = np.bincount(municipality_area, weights=municipality_population, minlength=len(areas))

    postal = pd.read_csv(ref_dir / "kanagawa_postal_code_centroids_derived.csv",
                         dtype={"postal_code": str, "jis_code5": str})
    municipality_codes = units["code5"].to_numpy()  # sorted, as the postal codes are
    postal = postal[(postal["alt_index"] == 0) & postal["jis_code5"].isin(municipality_codes)]
    postal = postal.sort_values(["jis_code5", "postal_code"])
    counts = postal["jis_code5"].value_counts().reindex(municipality_codes).fillna(0).to_numpy(np.int64)
    if (counts == 0).any():
        raise ValueError(f"no postal code for {list(municipality_codes[counts == 0])}")

    days = np.arange(np.datetime64(FIRST_DAY), np.datetime64(LAST_DAY) + 1)
    by_area = pd.read_csv(ref_dir / "kanagawa_new_cases_daily_by_health_center_area.csv",
                          parse_dates=["date"], index_col="date")[areas]
    prefecture = pd.read_csv(ref_dir / "kanagawa_new_cases_daily_mhlw.csv",
                             parse_dates=["date"], index_col="date")["kanagawa_new_cases"]
    full = pd.date_range(prefecture.index.min(), prefecture.index.max())
    pref_rate = (prefecture.reindex(full, fill_value=0).rolling(7, center=True, min_periods=1).mean()
                 / area_population.sum() * 1e5)
    area_rate = (by_area.reindex(full).rolling(7, center=True, min_periods=1).mean()
                 / area_population * 1e5)
    after = area_rate.index > pd.Timestamp(AREA_SERIES_END)
    area_rate[after] = np.repeat(pref_rate[after].to_numpy()[:, None], len(areas), axis=1)
    area_rate = area_rate.ffill().fillna(0)
    # each day looks LEAD_DAYS ahead (between two days: interpolated); the last days look at the last one
    ahead = (days - np.datetime64(full.min().date())).astype(np.int64) + LEAD_DAYS
    position = np.arange(len(full))
    return Reference(
        municipality_codes=municipality_codes,
        municipality_population=municipality_population,
        municipality_area=municipality_area,
        postal_codes=postal["postal_code"].to_numpy(),
        postal_start=np.concatenate([[0], np.cumsum(counts)[:-1]]),
        postal_count=counts,
        days=days,
        incidence=np.array([np.interp(ahead, position, area_rate[a].to_numpy()) for a in areas]),
        prefecture_incidence=pref_rate.loc[pd.DatetimeIndex(days)].to_numpy(),
    )


def _band_lookup(table: list, ages: np.ndarray) -> np.ndarray:
    """Row of an age table (rows keyed by their lowest age) for each age."""
    return np.searchsorted([row[0] for row in table], ages, side="right") - 1


@dataclass(frozen=True)
class Respondents:
    municipality: np.ndarray
    postal: np.ndarray
    age: np.ndarray
    sex: np.ndarray
    occupation: np.ndarray
    conditions: np.ndarray  # bit mask over CONDITION_BITS
    symptom_factor: np.ndarray  # age x occupation factor on symptom probabilities
    behaviour_weight: np.ndarray  # [behaviour, person]


def make_respondents(ref: Reference, size: int, rng: np.random.Generator) -> Respondents:
    """The pool of people who answer, with the attributes they give every time."""
    municipality = rng.choice(len(ref.municipality_population), size,
                              p=ref.municipality_population / ref.municipality_population.sum())
    postal = ref.postal_start[municipality] + (rng.random(size) * ref.postal_count[municipality]).astype(np.int64)

    band = rng.choice(len(AGE_BANDS), size, p=np.array([b[2] for b in AGE_BANDS]) / sum(b[2] for b in AGE_BANDS))
    low, high = np.array([b[0] for b in AGE_BANDS]), np.array([b[1] for b in AGE_BANDS])
    age = low[band] + (rng.random(size) * (high[band] - low[band] + 1)).astype(np.int64)
    sex = rng.choice(len(SEX_CODES), size, p=list(SEX_SHARES.values()))

    weights = np.array([row[1] for row in OCCUPATION_BY_AGE], dtype=float)
    cumulative = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    rows = cumulative[_band_lookup(OCCUPATION_BY_AGE, age)]
    occupation = np.minimum((rows < rng.random(size)[:, None]).sum(axis=1), len(OCCUPATION_CODES) - 1)

    chronic = np.array([row[1:] for row in CONDITIONS_BY_AGE])[_band_lookup(CONDITIONS_BY_AGE, age)]
    has = rng.random((size, len(CHRONIC_CODES))) < chronic
    pregnant = (sex == SEX_CODES.index("female")) & (age >= 15) & (age <= 49) & (rng.random(size) < PREGNANT)
    conditions = pregnant.astype(np.int64) | (has.astype(np.int64) << np.arange(1, len(CONDITION_BITS))).sum(axis=1)

    age_factor = np.array([f for _, f in AGE_SYMPTOM_FACTOR])[_band_lookup(AGE_SYMPTOM_FACTOR, age)]
    occupation_factor = np.array([OCCUPATION_SYMPTOM_FACTOR.get(c, 1.0) for c in OCCUPATION_CODES])[occupation]
    behaviour_weight = np.ones((len(BEHAVIOUR_CODES), size))
    for code, by_occupation in BEHAVIOUR_OCCUPATION_WEIGHT.items():
        table = np.array([by_occupation.get(c, OTHER_OCCUPATION_WEIGHT) for c in OCCUPATION_CODES])
        behaviour_weight[BEHAVIOUR_CODES.index(code)] = table[occupation]
    return Respondents(municipality, postal, age, sex, occupation, conditions,
                       age_factor * occupation_factor, behaviour_weight)


def daily_volume(ref: Reference, responses: int) -> np.ndarray:
    """Answers per day: launch peak decaying, bumps in the waves, a floor; at least one a day, exact total."""
    t = (ref.days - np.datetime64(FIRST_DAY)).astype(np.int64)
    peak = (np.datetime64(VOLUME_LAUNCH_PEAK_DAY) - np.datetime64(FIRST_DAY)).astype(np.int64)
    launch = np.where(t <= peak, (t + 1) / (peak + 1), 0.5 ** ((t - peak) / VOLUME_LAUNCH_HALF_LIFE))
    wave = np.sqrt(ref.prefecture_incidence / ref.prefecture_incidence.max())
    weight = launch + VOLUME_WAVE * wave + VOLUME_FLOOR
    if responses < len(weight):
        raise ValueError(f"responses must be at least {len(weight)} (one answer a day)")
    share = weight / weight.sum() * (responses - len(weight))
    volume = np.floor(share).astype(np.int64)
    remainder = responses - len(weight) - volume.sum()
    volume[np.argsort(-(share - volume), kind="stable")[:remainder]] += 1  # largest remainders
    return volume + 1


def seasonal_baseline(day: np.datetime64) -> float:
    """Non-COVID factor of the day: 1 on average, higher in winter (influenza, colds)."""
    day_of_year = (day - day.astype("datetime64[Y]")).astype(np.int64)
    return 1 + SEASONAL_AMPLITUDE * np.cos(2 * np.pi * (day_of_year - SEASON_PEAK_DAY_OF_YEAR) / 365.25)


def epidemic_signal(ref: Reference, day_index: int) -> np.ndarray:
    """Excess fever probability in each health-centre area: follows its cases LEAD_DAYS later."""
    return EXCESS_FEVER_AT_ONE_PER_100K * ref.incidence[:, day_index] ** EXCESS_EXPONENT


def _first_days(n: int, continue_p: float, rng: np.random.Generator) -> np.ndarray:
    """Days since onset when someone first answers with a symptom (今日から = 0), geometric, capped."""
    return np.minimum(rng.geometric(1 - continue_p, n) - 1, MAX_FIRST_DAYS)


def new_symptoms(ref: Reference, people: Respondents, who: np.ndarray, day_index: int,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Fever days and fatigue days (-1 = none) of new answers: baseline x season + epidemic signal."""
    season = seasonal_baseline(ref.days[day_index])
    excess = epidemic_signal(ref, day_index)[ref.municipality_area[people.municipality[who]]]
    factor = people.symptom_factor[who]
    n = len(who)
    fever = rng.random(n) < np.minimum(factor * (FEVER_BASELINE * season + excess), 0.5)
    p_fatigue = np.where(fever, FATIGUE_GIVEN_FEVER,
                         factor * (FATIGUE_BASELINE * season + EXCESS_FATIGUE_RATIO * excess))
    fatigue = rng.random(n) < np.minimum(p_fatigue, 0.5)
    fever_days = np.where(fever, _first_days(n, FEVER_DAYS_CONTINUE, rng), -1)
    fatigue_days = np.where(fatigue, _first_days(n, FATIGUE_DAYS_CONTINUE, rng), -1)
    return fever_days, fatigue_days


def follow_up(fever_days: np.ndarray, fatigue_days: np.ndarray,
              rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Yesterday's symptomatic answers -> who answers today's follow-up and with which day counts.

    A symptom either persists (its day count one higher) or is gone (-1); someone whose symptoms are all gone
    answers once more without symptoms and is not followed up again.
    """
    n = len(fever_days)
    answers = rng.random(n) < FOLLOW_UP_ANSWER
    fever = np.where((fever_days >= 0) & (rng.random(n) < FEVER_PERSISTS), fever_days + 1, -1)
    fatigue = np.where((fatigue_days >= 0) & (rng.random(n) < FATIGUE_PERSISTS), fatigue_days + 1, -1)
    return answers, fever, fatigue


def behaviour_shares(day: np.datetime64) -> np.ndarray:
    """Share (0-1) of those asked who keep each behaviour on the day, in BEHAVIOUR_CODES order.

    The published table of 27 March 2020 throughout, except telework: it ramps up to TELEWORK_IN_EMERGENCY
    from the declaration, and after the emergency is lifted ramps down to TELEWORK_AFTER.
    """
    shares = np.array([PUBLISHED_BEHAVIOUR_SHARES[c] for c in BEHAVIOUR_CODES])
    start, end = np.datetime64(EMERGENCY_START), np.datetime64(EMERGENCY_END)
    base = PUBLISHED_BEHAVIOUR_SHARES["telework"]
    if day >= start:
        up = min(1.0, ((day - start).astype(np.int64) + 1) / TELEWORK_RAMP_DAYS)
        telework = base + up * (TELEWORK_IN_EMERGENCY - base)
        if day > end:
            down = min(1.0, (day - end).astype(np.int64) / (3 * TELEWORK_RAMP_DAYS))
            telework = TELEWORK_IN_EMERGENCY + down * (TELEWORK_AFTER - TELEWORK_IN_EMERGENCY)
        shares[BEHAVIOUR_CODES.index("telework")] = telework
    return shares / 100


def assign_behaviours(people: Respondents, who: np.ndarray, shares: np.ndarray,
                      rng: np.random.Generator) -> np.ndarray:
    """Behaviour bit masks for the answers of one day that were asked.

    Exactly round(share x asked) answers keep each behaviour, so the day's shares equal the model's whatever
    the sample size; who keeps it is a weighted draw without replacement (by the occupation weights).
    """
    n = len(who)
    mask = np.zeros(n, dtype=np.int64)
    for b, share in enumerate(shares):
        k = int(round(share * n))
        if k == 0:
            continue
        keys = np.log(rng.random(n)) / people.behaviour_weight[b, who]  # Efraimidis-Spirakis: top k of u^(1/w)
        chosen = np.argpartition(-keys, k - 1)[:k] if k < n else np.arange(n)
        mask[chosen] |= 1 << b
    return mask


def _draw_people(pool_size: int, n: int, busy: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """n distinct people of the pool who are not being followed up today."""
    chosen = np.empty(0, dtype=np.int64)
    while len(chosen) < n:
        extra = rng.integers(0, pool_size, 2 * (n - len(chosen)) + 16)
        extra = extra[~busy[extra]]
        _, first = np.unique(extra, return_index=True)
        extra = extra[np.sort(first)]  # distinct, in draw order
        chosen = np.concatenate([chosen, extra[~np.isin(extra, chosen)]])
    return chosen[:n]


@functools.cache
def _clock_strings() -> pa.Array:
    """"HH:MM:SS+09:00" for every second of the day."""
    return pa.array([f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}+09:00" for s in range(86400)])


class _Writer:
    """Collects numeric columns day by day and writes them as string Parquet chunks."""

    def __init__(self, out_dir: Path, ref: Reference, people: Respondents, rng_seconds: np.random.Generator):
        self.out_dir, self.people = out_dir, people
        self.parts: list[dict[str, np.ndarray]] = []
        self.rows = 0
        self.written = 0
        self.paths: list[Path] = []
        self.rng = rng_seconds
        self.lookup = {
            "day": pa.array([f"{d}T" for d in ref.days.astype(str)]),
            "clock": _clock_strings(),
            "days": pa.array(["", *(str(d) for d in range(366))]),  # index = days + 1
            "bool": pa.array(["false", "true"]),
            "age": pa.array([str(a) for a in range(121)]),
            "sex": pa.array(SEX_CODES),
            "occupation": pa.array(OCCUPATION_CODES),
            "conditions": pa.array([";".join(c for i, c in enumerate(CONDITION_BITS) if m >> i & 1) or "none"
                                    for m in range(1 << len(CONDITION_BITS))]),
            "behaviours": pa.array([";".join(c for i, c in enumerate(BEHAVIOUR_CODES) if m >> i & 1)
                                    for m in range(1 << len(BEHAVIOUR_CODES))] + [""]),  # last: not asked
            "postal": pa.array(ref.postal_codes),
        }
        self.hour_p = np.array(HOUR_WEIGHTS) / sum(HOUR_WEIGHTS)

    def add(self, **columns: np.ndarray) -> None:
        self.parts.append(columns)
        self.rows += len(columns["person"])
        if self.rows >= CHUNK_ROWS:
            self.flush()

    def _take(self, name: str, index: np.ndarray) -> pa.Array:
        return self.lookup[name].take(pa.array(index))

    def flush(self) -> None:
        if not self.rows:
            return
        col = {k: np.concatenate([p[k] for p in self.parts]) for k in self.parts[0]}
        n = len(col["person"])
        seconds = self.rng.choice(24, n, p=self.hour_p) * 3600 + self.rng.integers(0, 3600, n)
        order = np.lexsort((col["person"], seconds, col["day"]))  # time order within each day
        col = {k: v[order] for k, v in col.items()}
        seconds = seconds[order]
        people = self.people
        who = col["person"]
        ids = pc.utf8_lpad(pa.array(np.arange(self.written, self.written + n) + 1).cast(pa.string()), 9, "0")
        table = pa.table({
            "response_id": pc.binary_join_element_wise("a", ids, ""),
            "respondent_id": pc.binary_join_element_wise("r", pa.array(who + 1).cast(pa.string()), ""),
            "answered_at": pc.binary_join_element_wise(self._take("day", col["day"]),
                                                       self._take("clock", seconds), ""),
            "consent": self._take("bool", np.ones(n, dtype=np.int64)),
            "fever": self._take("bool", (col["fever_days"] >= 0).astype(np.int64)),
            "fever_days": self._take("days", col["fever_days"] + 1),
            "fatigue_or_breathless": self._take("bool", (col["fatigue_days"] >= 0).astype(np.int64)),
            "fatigue_days": self._take("days", col["fatigue_days"] + 1),
            "age": self._take("age", people.age[who]),
            "sex": self._take("sex", people.sex[who]),
            "occupation": self._take("occupation", people.occupation[who]),
            "conditions": self._take("conditions", people.conditions[who]),
            "postal_code": self._take("postal", people.postal[who]),
            "behaviours": self._take("behaviours", col["behaviours"]),
        }).select(RAW_COLUMNS)
        path = self.out_dir / FILE_PATTERN.format(len(self.paths) + 1)
        pq.write_table(table, path)
        self.paths.append(path)
        self.written += n
        self.parts, self.rows = [], 0


def generate(out_dir: Path, responses: int = DEFAULT_RESPONSES, seed: int = 0,
             progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Write `responses` synthetic raw answers as Parquet files in out_dir; return their paths.

    Earlier demo files in out_dir (FILE_PATTERN) are removed first. progress(done_rows, total_rows) is called
    after each day.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(FILE_PATTERN.replace("{:04d}", "*")):
        old.unlink()
    rng = np.random.default_rng(seed)
    ref = load_reference()
    volume = daily_volume(ref, responses)
    pool_size = max(responses // ANSWERS_PER_PERSON, 3 * int(volume.max()))
    people = make_respondents(ref, pool_size, rng)
    writer = _Writer(out_dir, ref, people, np.random.default_rng([seed, 1]))
    busy = np.zeros(pool_size, dtype=bool)
    # People followed up tomorrow: who, fever days and fatigue days of their latest answer.
    chain = np.empty(0, dtype=np.int64)
    chain_fever = chain_fatigue = np.empty(0, dtype=np.int64)
    done = 0
    for d, n in enumerate(volume):
        answers, fever, fatigue = follow_up(chain_fever, chain_fatigue, rng)
        keep = np.flatnonzero(answers)
        if len(keep) > n - 1:  # a day holds its volume: the surplus skips the follow-up
            keep = np.sort(rng.choice(keep, n - 1, replace=False))
        old, fever, fatigue = chain[keep], fever[keep], fatigue[keep]
        busy[old] = True
        new = _draw_people(pool_size, n - len(old), busy, rng)
        busy[old] = False
        new_fever, new_fatigue = new_symptoms(ref, people, new, d, rng)
        asked = np.flatnonzero(rng.random(len(new)) < BEHAVIOUR_ASKED)
        behaviours = np.full(len(new), 1 << len(BEHAVIOUR_CODES))  # the "not asked" entry
        behaviours[asked] = assign_behaviours(people, new[asked], behaviour_shares(ref.days[d]), rng)
        writer.add(
            person=np.concatenate([old, new]),
            day=np.full(n, d),
            fever_days=np.concatenate([fever, new_fever]),
            fatigue_days=np.concatenate([fatigue, new_fatigue]),
            behaviours=np.concatenate([np.full(len(old), 1 << len(BEHAVIOUR_CODES)), behaviours]),
        )
        chain = np.concatenate([old, new])
        chain_fever = np.concatenate([fever, new_fever])
        chain_fatigue = np.concatenate([fatigue, new_fatigue])
        symptomatic = (chain_fever >= 0) | (chain_fatigue >= 0)
        chain, chain_fever, chain_fatigue = chain[symptomatic], chain_fever[symptomatic], chain_fatigue[symptomatic]
        done += n
        if progress is not None:
            progress(done, responses)
    writer.flush()
    return writer.paths
