"""Code lists of the chatbot form: the one registry of codes, their Japanese labels and the raw headers.

Every other module (validation SQL, demo generator, dashboard locales) takes its codes from here.
"""

# Raw answer columns, in the order of DESIGN.md, with the Japanese header of the chatbot export.
RAW_COLUMNS = {
    "response_id": "回答ID",
    "respondent_id": "回答者ID",
    "answered_at": "回答日時",
    "consent": "同意",
    "fever": "37.5℃以上の発熱",
    "fever_days": "発熱日数",
    "fatigue_or_breathless": "強いだるさや息苦しさ",
    "fatigue_days": "だるさ・息苦しさ日数",
    "age": "年齢",
    "sex": "性別",
    "occupation": "主たる職業",
    "conditions": "治療中の病気等",
    "postal_code": "郵便番号",
    "behaviours": "予防行動",
}

# Columns a file must have to be usable at all (a missing one stops the build with its name).
# fever_days, fatigue_days and behaviours may be absent: absent means empty.
REQUIRED_COLUMNS = [c for c in RAW_COLUMNS if c not in ("fever_days", "fatigue_days", "behaviours")]

SEXES = {"male": "男性", "female": "女性", "other": "その他"}

# The ten choices of the form, in the form's order.
OCCUPATIONS = {
    "agriculture_self_employed": "農林漁業の自営者・家族従業者",
    "commerce_self_employed": "商工・サービス業の自営者・家族従業者",
    "freelance": "自由業",
    "manager": "民間企業の管理職",
    "employee": "民間企業の従業員",
    "public_servant": "公務員",
    "student": "学生",
    "part_time": "パート",
    "unemployed": "無職",
    "other": "その他",
}

CONDITIONS = {
    "none": "下記いずれも該当なし",
    "pregnant": "妊娠中",
    "heart": "心臓に関する病気",
    "copd": "慢性閉塞性肺疾患（COPD）",
    "kidney": "腎臓に関する病気",
    "cancer_chemo": "がん_抗がん剤による治療あり",
    "cancer_no_chemo": "がん_抗がん剤による治療は受けていない",
}

BEHAVIOURS = {
    "handwashing": "石けんによる手洗い（1日複数回）",
    "cough_etiquette": "せきやくしゃみの際のエチケット（マスク・ハンカチ等）を守る",
    "alcohol_disinfection": "アルコールによる手指消毒（1日複数回）",
    "ventilation": "定期的な換気",
    "stay_home_when_sick": "かぜの症状が見られる時に無理をせず学校や会社を休む",
    "staggered_commute": "時差通勤",
    "telework": "テレワーク",
}

# The finding the prefecture presented: personal measures high, organisational ones low.
PERSONAL_BEHAVIOURS = ["handwashing", "cough_etiquette", "alcohol_disinfection", "ventilation"]
ORGANISATIONAL_BEHAVIOURS = ["stay_home_when_sick", "staggered_commute", "telework"]

# Spellings of yes / no in exports (compared after trimming and lower-casing).
YES = ["true", "1", "yes", "y", "t", "はい", "同意する", "有り", "あり", "有"]
NO = ["false", "0", "no", "n", "f", "いいえ", "同意しない", "無し", "なし", "無"]

AGE_BANDS = ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+"]

TRIAGE_OUTCOMES = ["consult", "symptomatic_high_risk", "symptomatic", "no_symptoms"]

# Quarantine reason codes in the order a row is judged: a row with several faults gets the first.
REASON_CODES = [
    "bad_row",                # the record's field count differs from the header, or it is not valid JSON
    "bad_encoding",           # bytes that are not text in the file's encoding, or NUL bytes
    "bad_consent",            # consent neither yes nor no (judged first, before ids)
    "conflicting_duplicate",  # one response_id, different contents (judged at the ids step)
    "missing_value",          # a required value is empty
    "bad_timestamp",          # answered_at cannot be read as a date and time
    "future_date",            # answered after the build's reference time
    "bad_age",                # not a whole number 0-120
    "bad_sex",
    "bad_occupation",
    "bad_condition",          # unknown condition, or "none" together with a condition
    "bad_behaviour",
    "bad_postal_code",        # not 7 digits
    "postal_not_in_kanagawa",
    "bad_symptom",            # fever / fatigue neither yes nor no
    "bad_days",               # day count not a whole number 0-365, or missing for a symptom
    "days_without_symptom",   # day count given for a symptom answered "no"
]

PREFECTURE_AREA = "14"
