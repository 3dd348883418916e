"""Who may see the dashboard: the audience setting, staff sign-in and the loopback rule.

One setting, DASHBOARD_AUDIENCE = public | staff (environment, else `.streamlit/secrets.toml`; default staff),
chooses the deployment. A public deployment is anonymous and opens only the public build. A staff deployment
with an `[auth]` section in secrets.toml shows a signed-out visitor nothing but a sign-in page (st.login against
the OpenID Connect provider configured there). Without `[auth]` a staff deployment runs only on a loopback
address, with a banner saying sign-in is off; on any other address it refuses. app.py calls access() and admit()
before anything opens a build; docs/deployment.md describes the set-up.
"""

import ipaddress
import os
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

import streamlit as st

from dashboard.i18n import t

SETTING = "DASHBOARD_AUDIENCE"
AUDIENCES = ("public", "staff")
DEFAULT_AUDIENCE = "staff"
LOOPBACK_NAMES = {"localhost"}  # plus every loopback IP address (127.0.0.0/8, ::1)
AUTH_KEYS = ("redirect_uri", "cookie_secret")  # what st.login needs in [auth] itself
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")  # in [auth] or in each [auth.<name>]


class BadSetting(ValueError):
    """DASHBOARD_AUDIENCE is set to something other than public or staff."""


class State(StrEnum):
    BAD_SETTING = "bad_setting"  # DASHBOARD_AUDIENCE is neither public nor staff
    BAD_AUTH = "bad_auth"  # [auth] is there but st.login could not use it
    REFUSED = "refused"  # staff without sign-in on an address other computers reach
    SIGN_IN = "sign_in"  # staff with sign-in, visitor signed out
    OPEN = "open"  # public, or staff and signed in
    SIGN_IN_OFF = "sign_in_off"  # staff without sign-in on loopback: the app, under a banner


OPEN_STATES = {State.OPEN, State.SIGN_IN_OFF}


# --- decisions (pure, unit-tested) ---

def setting_value(environ: Mapping[str, str], secrets: Mapping, startup: Mapping[str, str] | None) -> str | None:
    """DASHBOARD_AUDIENCE from the environment, else from secrets; None when neither sets it.

    Streamlit copies every top-level string of secrets.toml into os.environ when it loads the file, so in a
    server os.environ holds the secret even when the operator's environment said otherwise. When the two agree,
    `startup` (the environment the process started with; None where unknown) tells which the operator set.
    """
    value = environ.get(SETTING)
    secret = secrets.get(SETTING)
    secret = None if secret is None else str(secret)
    if secret is not None and value == secret and startup is not None:
        value = startup.get(SETTING)
    return value if value is not None else secret


def parse_audience(value: str | None) -> str:
    """'public' or 'staff' (unset: staff). Raises BadSetting for anything else, an empty value included."""
    if value is None:
        return DEFAULT_AUDIENCE
    if value not in AUDIENCES:
        raise BadSetting(value)
    return value


def is_loopback(address: str | None) -> bool:
    """True when a server bound to `address` is reachable from this computer only.

    Streamlit's default (unset, None or "") binds every interface, so it is not loopback.
    """
    if not address:
        return False
    if address.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def providers(auth: Mapping) -> list[str | None]:
    """The sign-in providers of an [auth] section: None for the default one (provider keys in [auth] itself),
    then the name of each [auth.<name>] table that has them (st.login(name))."""
    found: list[str | None] = [None] if all(k in auth for k in PROVIDER_KEYS) else []
    return found + [name for name, section in auth.items()
                    if isinstance(section, Mapping) and all(k in section for k in PROVIDER_KEYS)]


def auth_usable(auth: Mapping) -> bool:
    """[auth] has what st.login needs: redirect_uri, cookie_secret and at least one complete provider."""
    return all(auth.get(k) for k in AUTH_KEYS) and bool(providers(auth))


def decide(setting: str | None, auth: Mapping | None, address: str | None, signed_in: bool) -> tuple[State, str | None]:
    """(what the visitor gets, the audience; None when the setting is invalid)."""
    try:
        audience = parse_audience(setting)
    except BadSetting:
        return State.BAD_SETTING, None
    if audience == "public":
        return State.OPEN, audience
    if auth:
        if not auth_usable(auth):
            return State.BAD_AUTH, audience
        return (State.OPEN if signed_in else State.SIGN_IN), audience
    return (State.SIGN_IN_OFF if is_loopback(address) else State.REFUSED), audience


# --- the running app ---

def _startup_environ() -> dict[str, str] | None:
    """The environment this process was started with (Linux keeps it in /proc/self/environ); None elsewhere."""
    try:
        raw = Path("/proc/self/environ").read_bytes()
    except OSError:
        return None
    pairs = (item.split("=", 1) for item in raw.decode("utf-8", "replace").split("\0") if "=" in item)
    return dict(pairs)


def secrets() -> Mapping:
    """st.secrets, or {} when no secrets file exists (st.secrets raises on access then)."""
    return st.secrets if st.secrets.load_if_toml_exists() else {}


def audience() -> str:
    """'public' or 'staff': which file of the build this deployment serves. Raises BadSetting."""
    return parse_audience(setting_value(os.environ, secrets(), _startup_environ()))


def access() -> tuple[State, str | None]:
    """What this visitor gets, and the deployment's audience (None when the setting is invalid)."""
    return decide(setting_value(os.environ, secrets(), _startup_environ()), secrets().get("auth"),
                  st.get_option("server.address"), bool(st.user.get("is_logged_in")))


def admit(state: State) -> bool:
    """Show what the visitor gets instead of the app (a configuration error, the refusal, the sign-in page), or
    what goes with the app (the signed-in user and a sign-out button, or the sign-in-off banner). True when the
    page may run."""
    if state == State.BAD_SETTING:
        st.error(t("common.access.bad_setting"), icon=":material/error:")
    elif state == State.BAD_AUTH:
        st.error(t("common.access.bad_auth"), icon=":material/error:")
    elif state == State.REFUSED:
        st.error(t("common.access.refused"), icon=":material/lock:")
    elif state == State.SIGN_IN:
        sign_in_page()
    elif state == State.SIGN_IN_OFF:
        st.warning(t("common.access.sign_in_off"), icon=":material/lock_open:")
    elif st.user.get("is_logged_in"):
        signed_in_box()
    return state in OPEN_STATES


def sign_in_page() -> None:
    st.title(t("common.access.sign_in_title"))
    st.write(t("common.access.sign_in_body"))
    for provider in providers(secrets()["auth"]):
        label = t("common.access.sign_in") if provider is None else t("common.access.sign_in_with", provider=provider)
        st.button(label, key=f"sign_in_{provider or 'default'}", type="primary", on_click=st.login,
                  args=() if provider is None else (provider,), icon=":material/login:")


def signed_in_box() -> None:
    """The signed-in user (name and email from the provider's ID token, as plain text) and a sign-out button."""
    name, email = st.user.get("name"), st.user.get("email")
    user = f"{name} ({email})" if name and email else name or email or st.user.get("sub") or "—"
    with st.sidebar:
        st.text(t("common.access.signed_in_as", user=user))
        st.button(t("common.access.sign_out"), key="sign_out", on_click=st.logout, icon=":material/logout:")
