"""A fault no check caught, as the visitor and the operator see it."""

from __future__ import annotations

import streamlit as st

from kommunekart.base.strings import t


def unexpected_error(err: BaseException) -> str:
    """A fault no check caught: the visitor reads the app's own words and a reference, never a
    traceback or a server path; the operator finds the traceback in the log under that reference.
    Returns the reference."""
    import logging
    import uuid

    ref = uuid.uuid4().hex[:8]
    logging.getLogger("kommunekart").error("Uventet feil (referanse %s)", ref, exc_info=err)
    st.error(t("feil.uventet", ref=ref))
    return ref


def shows_error_details() -> bool:
    """Streamlit's own error details are on (a developer's setting, and the test suite's): the fault
    is raised on after the app's message, so Streamlit shows its traceback too."""
    return str(st.get_option("client.showErrorDetails")).lower() in ("full", "stacktrace", "true")
