"""Pure chart builders: DataFrame in, alt.Chart or pdk.Deck out; no Streamlit, so they test without a server."""
