"""dashboard/auth.py: the audience setting, the sign-in gate and the loopback rule, as rules and in the app.

The app runs in AppTest as a loopback server with no secrets file (tests/conftest.py app_config); tests of other
set-ups change the server address or give the app secrets (at.secrets) and a user (at.user) themselves.
"""

import pytest
from streamlit import config

from dashboard import auth
from dashboard.auth import State
from dashboard.i18n import strings
from tests.conftest import APP, APP_TIMEOUT

JA = strings("ja")
EN = strings("en")
PAGES = ["overview", "trends", "prevention", "map", "methods", "briefing"]
PROVIDER = {"client_id": "dashboard", "client_secret": "s3cret", "server_metadata_url":
            "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration"}
AUTH = {"redirect_uri": "https://dashboard.example.jp/oauth2callback", "cookie_secret": "x" * 32, **PROVIDER}
SIGNED_IN = {"is_logged_in": True, "name": "Kanagawa Hanako", "email": "hanako@pref.example.jp", "sub": "hanako"}


# --- the rules ---

@pytest.mark.parametrize("environ, secrets, startup, expected", [
    ({}, {}, {}, None),
    ({"DASHBOARD_AUDIENCE": "public"}, {}, {"DASHBOARD_AUDIENCE": "public"}, "public"),
    ({}, {"DASHBOARD_AUDIENCE": "public"}, {}, "public"),
    # Streamlit copied the secret into os.environ; the process started with the operator's own value: it wins
    ({"DASHBOARD_AUDIENCE": "staff"}, {"DASHBOARD_AUDIENCE": "staff"}, {"DASHBOARD_AUDIENCE": "public"}, "public"),
    # copied, and the operator's environment had none: the secret
    ({"DASHBOARD_AUDIENCE": "staff"}, {"DASHBOARD_AUDIENCE": "staff"}, {}, "staff"),
    # set after start-up (differs from the secret): not Streamlit's copy, so it is the environment's
    ({"DASHBOARD_AUDIENCE": "public"}, {"DASHBOARD_AUDIENCE": "staff"}, {}, "public"),
    # start-up environment unknown (not Linux): os.environ as it is
    ({"DASHBOARD_AUDIENCE": "staff"}, {"DASHBOARD_AUDIENCE": "staff"}, None, "staff"),
])
def test_setting_environment_wins(environ, secrets, startup, expected):
    assert auth.setting_value(environ, secrets, startup) == expected


def test_startup_environment_is_read():
    import os
    startup = auth._startup_environ()
    assert startup is not None and startup.get("PATH") == os.environ.get("PATH")


@pytest.mark.parametrize("value, expected", [(None, "staff"), ("staff", "staff"), ("public", "public")])
def test_audience_values(value, expected):
    assert auth.parse_audience(value) == expected


@pytest.mark.parametrize("value", ["", "Public", "STAFF", " staff", "all", "true", "public,staff"])
def test_any_other_audience_is_an_error(value):
    with pytest.raises(auth.BadSetting):
        auth.parse_audience(value)


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "LocalHost", "::1", "[::1]", "127.0.0.2"])
def test_loopback(address):
    assert auth.is_loopback(address)


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "::", "192.168.10.5", "10.0.0.1", "dashboard.example.jp",
                                     "localhost.example.jp", "127.0.0.1.example.jp"])
def test_not_loopback(address):
    """Streamlit's default (unset or empty) listens on every interface."""
    assert not auth.is_loopback(address)


def test_providers_and_usable_auth():
    assert auth.providers(AUTH) == [None]
    named = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "x" * 32, "microsoft": PROVIDER,
             "google": {**PROVIDER, "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration"},
             "client_kwargs": {"prompt": "login"}}
    assert auth.providers(named) == ["microsoft", "google"]
    assert auth.providers({**named, **PROVIDER}) == [None, "microsoft", "google"]
    assert auth.auth_usable(AUTH) and auth.auth_usable(named)
    for key in ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"):
        assert not auth.auth_usable({k: v for k, v in AUTH.items() if k != key}), key
    assert not auth.auth_usable({**AUTH, "cookie_secret": ""})
    assert not auth.auth_usable({"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "x" * 32,
                                 "microsoft": {"client_id": "only"}})


@pytest.mark.parametrize("setting, auth_section, address, signed_in, expected", [
    (None, None, "127.0.0.1", False, (State.SIGN_IN_OFF, "staff")),
    (None, None, None, False, (State.REFUSED, "staff")),
    ("staff", None, "0.0.0.0", True, (State.REFUSED, "staff")),  # a user claim means nothing without [auth]
    ("staff", AUTH, None, False, (State.SIGN_IN, "staff")),
    ("staff", AUTH, "127.0.0.1", False, (State.SIGN_IN, "staff")),  # [auth] configured: loopback signs in too
    ("staff", AUTH, "0.0.0.0", True, (State.OPEN, "staff")),
    ("staff", {"redirect_uri": "x"}, "127.0.0.1", True, (State.BAD_AUTH, "staff")),
    ("public", None, None, False, (State.OPEN, "public")),
    ("public", AUTH, None, False, (State.OPEN, "public")),  # the public deployment is anonymous
    ("everyone", AUTH, "127.0.0.1", True, (State.BAD_SETTING, None)),
    ("", None, "127.0.0.1", False, (State.BAD_SETTING, None)),
])
def test_decide(setting, auth_section, address, signed_in, expected):
    assert auth.decide(setting, auth_section, address, signed_in) == expected


# --- in the app ---



def app(page="overview", lang="ja", secrets=None, user=None, address="127.0.0.1"):
    """An AppTest of dashboard/app.py on `page`, run as a server on `address` with `secrets` and `user`."""
    from streamlit.testing.v1 import AppTest
    config.set_option("server.address", address)
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT)
    at.query_params["lang"] = lang
    at.secrets.update(secrets or {})
    at.user = dict(user or {"email": "visitor@example.org"})  # AppTest's default user, not signed in
    if page != "overview":
        at.switch_page(f"views/{page}.py")
    return at.run()


def only_error(at, message: str) -> None:
    """The page is one error message and nothing else (the sidebar's language switch aside)."""
    assert not at.exception
    assert [e.value for e in at.error] == [message]
    assert not at.title and not at.header and not at.metric and not at.dataframe and not at.warning
    assert [b.label for b in at.button] == []


@pytest.mark.parametrize("where", ["environment", "secrets"])
def test_bad_setting_is_one_line_and_nothing_else(fixture_build, connects, monkeypatch, where):
    secrets = {}
    if where == "environment":
        monkeypatch.setenv("DASHBOARD_AUDIENCE", "everyone")
    else:
        secrets = {"DASHBOARD_AUDIENCE": "everyone"}
    for page in ("overview", "briefing"):
        only_error(app(page, secrets=secrets), JA["common.access.bad_setting"])
    assert connects == []


def test_incomplete_auth_is_a_configuration_error(fixture_build, connects):
    at = app("trends", "en", secrets={"auth": {k: v for k, v in AUTH.items() if k != "cookie_secret"}})
    only_error(at, EN["common.access.bad_auth"])
    assert connects == []


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "::", "192.168.10.5"])
def test_staff_without_sign_in_off_loopback_refuses(fixture_build, connects, address):
    only_error(app(address=address), JA["common.access.refused"])
    only_error(app("briefing", "en", address=address, user=SIGNED_IN), EN["common.access.refused"])
    assert connects == []


@pytest.mark.parametrize("page", PAGES)
def test_staff_without_sign_in_on_loopback_runs_under_a_banner(fixture_build, page):
    at = app(page)
    assert not at.exception
    assert JA["common.access.sign_in_off"] in [w.value for w in at.warning]
    assert at.title[0].value != JA["common.access.sign_in_title"]
    assert [b for b in at.button if b.label == JA["common.access.sign_out"]] == []


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("address", ["127.0.0.1", "0.0.0.0"])
def test_signed_out_visitor_gets_only_the_sign_in_page(fixture_build, connects, page, address):
    at = app(page, secrets={"auth": AUTH}, address=address)
    assert not at.exception
    assert [t.value for t in at.title] == [JA["common.access.sign_in_title"]]
    assert [b.label for b in at.button] == [JA["common.access.sign_in"]]
    assert not at.metric and not at.dataframe and not at.warning and not at.error and not at.header
    assert not [c for c in at.sidebar.caption]  # no build footer
    assert connects == [], "a signed-out visitor's page opened a build"


def test_sign_in_page_offers_each_named_provider(fixture_build):
    secrets = {"auth": {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "x" * 32, "microsoft": PROVIDER,
                        "google": {**PROVIDER, "server_metadata_url":
                                   "https://accounts.google.com/.well-known/openid-configuration"}}}
    at = app(lang="en", secrets=secrets)
    assert [b.label for b in at.button] == ["Sign in with microsoft", "Sign in with google"]


@pytest.mark.parametrize("page", ["overview", "briefing"])
def test_signed_in_user_gets_the_app_with_name_and_sign_out(fixture_build, connects, page):
    at = app(page, secrets={"auth": AUTH}, user=SIGNED_IN, address="0.0.0.0")
    assert not at.exception
    expected_title = JA.get(f"{page}.title") or JA[f"common.nav.{page}"]
    assert at.title[0].value == expected_title
    assert JA["common.access.signed_in_as"].format(user="Kanagawa Hanako (hanako@pref.example.jp)") in [
        t.value for t in at.sidebar.text]
    assert [b.label for b in at.sidebar.button] == [JA["common.access.sign_out"]]
    assert JA["common.access.sign_in_off"] not in [w.value for w in at.warning]
    assert connects, "the signed-in page read no build"


def test_sign_out_closes_the_app(fixture_build):
    at = app(secrets={"auth": AUTH}, user=SIGNED_IN, address="0.0.0.0")
    at.sidebar.button(key="sign_out").click().run()
    assert not at.exception
    assert at.user.get("is_logged_in") is False
    assert [t.value for t in at.title] == [JA["common.access.sign_in_title"]]


def test_signed_in_user_without_email_or_name(fixture_build):
    at = app(secrets={"auth": AUTH}, user={"is_logged_in": True, "sub": "abc123"}, address="0.0.0.0")
    assert JA["common.access.signed_in_as"].format(user="abc123") in [t.value for t in at.sidebar.text]


def test_public_deployment_is_anonymous_and_has_no_staff_pages(both_builds_dir, monkeypatch):
    """Public, even with [auth] in secrets and on every interface: no sign-in, no briefing (by URL it lands on
    the default page)."""
    monkeypatch.setenv("DASHBOARD_AUDIENCE", "public")
    at = app("methods", secrets={"auth": AUTH}, address="0.0.0.0")
    assert not at.exception
    assert JA["common.access.sign_in_title"] not in [t.value for t in at.title]
    assert not at.error and not [b for b in at.button if b.label == JA["common.access.sign_in"]]
    at = app("briefing", secrets={"auth": AUTH}, address="0.0.0.0")
    assert not at.exception
    assert at.title[0].value != JA["common.nav.briefing"]


def test_public_setting_from_secrets(both_builds_dir, connects):
    at = app("methods", secrets={"DASHBOARD_AUDIENCE": "public"}, address="0.0.0.0")
    assert not at.exception
    assert connects and all("/public-" in path for path in connects)
