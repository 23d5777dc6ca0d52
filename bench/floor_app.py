"""Streamlit's floor on this machine, for bench_targets.py: the least a Streamlit page can be, so
the first views can be read against it. Not part of the app.

    ?figur=ingen   a title only (Streamlit's frontend, its websocket and one element)
    ?figur=tabell  a title and a three-row st.table (adds Streamlit's Arrow reader)
    ?figur=bilde   a title and a small SVG through st.image (what a figure drawn on the server would
    cost) ?figur=html    a title and the same three rows as an HTML table through st.html
    (tables.text_table) ?figur=opplasting  a title and st.file_uploader (the data page's main
    element) ?figur=vega    a title and a three-bar st.vega_lite_chart (adds Arrow and Vega)
"""

import streamlit as st

st.title("Kommunekart")
kind = st.query_params.get("figur", "ingen")
rows = [{"aar": "2020", "verdi": 1}, {"aar": "2022", "verdi": 3}, {"aar": "2024", "verdi": 2}]
if kind == "tabell":
    st.table(rows)
elif kind == "bilde":
    st.image(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">'
        '<rect width="40" height="60"/></svg>',
        caption="Tre søyler",
    )
elif kind == "vega":
    st.vega_lite_chart(
        {
            "data": {"values": rows},
            "mark": "bar",
            "encoding": {
                "x": {"field": "aar", "type": "nominal"},
                "y": {"field": "verdi", "type": "quantitative"},
            },
        }
    )
elif kind == "html":
    st.html(
        "<table><thead><tr><th scope='col'>År</th><th scope='col'>Verdi</th></tr></thead><tbody>"
        + "".join(f"<tr><th scope='row'>{r['aar']}</th><td>{r['verdi']}</td></tr>" for r in rows)
        + "</tbody></table>"
    )
elif kind == "opplasting":
    st.file_uploader("Last opp en fil")
