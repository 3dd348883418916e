"""Placeholder until the page is built."""

import streamlit as st

from dashboard.i18n import t

st.title(t("common.nav.prevention"))
