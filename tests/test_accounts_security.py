"""Accounts under attack (issue 21's review): which passwords are refused, usernames that differ only
in case, the forced password change after a restart, guessing the current password on
/account/password, and whose X-Forwarded-For the per-address sign-in limit believes.

Every test runs the real web app over a real log (SQLite; PostgreSQL too where the database matters)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from test_web_support import PASSWORD, csrf_from, sign_in

from rasad.config import Settings
from rasad.store import open_store
from rasad.store.schema import AuditEvent, User
from rasad.web import auth, create_app
from rasad.web.passwords import COMMON_PASSWORDS, common_passwords


def _log_with_users(url: str, *names: str):
    store = open_store(url)
    with store.session() as db:
        for name in names:
            auth.create_user(db, name, PASSWORD, role="analyst")
    return store


def _actions(store, action: str) -> list[tuple[str, str]]:
    """(actor, client address) of each audit event of that action."""
    with store.read_session() as db:
        return db.execute(select(AuditEvent.actor, AuditEvent.ip).where(AuditEvent.action == action)).all()


# --- the password policy -------------------------------------------------------------------------


@pytest.mark.parametrize("password", [
    " " * 12,                # twelve spaces
    "password1234",          # on the common-passwords list
    "PASSWORD1234 ",         # the list is compared without case and surrounding spaces
    "Qwerty123456",          # a keyboard pattern on the list
    "aaaaaaaaaaaaaaaa",      # one character repeated
    "abababababab",          # a short pattern repeated
])
def test_common_and_trivial_passwords_are_refused(password):
    with pytest.raises(auth.PasswordPolicyError):
        auth.hash_password(password)


def test_ordinary_passphrases_pass():
    for password in (PASSWORD, "twelve chars", "Tehran-2022-Mahsa!"):
        auth.hash_password(password)


def test_the_common_passwords_list_is_a_data_file_that_names_its_source_and_licence():
    header = [line for line in COMMON_PASSWORDS.read_text().splitlines() if line.startswith("#")]
    assert any("Django" in line for line in header) and any("BSD-3-Clause" in line for line in header)
    words = common_passwords()
    assert "password1234" in words and all(word == word.lower() for word in words)


def test_a_refused_password_is_explained_in_the_user_form(tmp_path):
    store = _log_with_users(f"sqlite:///{tmp_path}/log.db")
    with store.session() as db:
        auth.create_user(db, "boss", PASSWORD, role="admin")
    client = TestClient(create_app(store))
    assert sign_in(client, "boss").status_code == 303
    token = csrf_from(client.get("/users").text)
    refused = client.post("/users", data={"username": "newbie", "password": "password1234", "role": "viewer",
                                          "csrf_token": token})
    assert refused.status_code == 400 and "common passwords" in refused.text
    store.close()


# --- usernames without case ---------------------------------------------------------------------


def test_usernames_that_differ_only_in_case_are_one_user(store):
    with store.session() as db:
        auth.create_user(db, "Shirin", PASSWORD)
    with pytest.raises(ValueError, match="exists already"), store.session() as db:
        auth.create_user(db, "shirin", PASSWORD)
    # The database refuses it too, whatever writes the row.
    with pytest.raises(IntegrityError), store.session() as db:
        db.add(User(username="SHIRIN", password_hash="x", role="viewer"))
    with store.read_session() as db:
        assert auth.verify_credentials(db, "sHiRiN", PASSWORD).username == "Shirin"
        assert auth.get_user(db, "shirin").username == "Shirin"


def test_a_name_beyond_ascii_that_the_index_holds_equal_is_refused_not_a_server_error(store):
    # SQLite's lower() leaves 'Ó' as it is: found by the OpenAPI fuzz test as an IntegrityError (500).
    with store.session() as db:
        auth.create_user(db, "PÓya", PASSWORD)
    with pytest.raises(ValueError, match="exists already"), store.session() as db:
        auth.create_user(db, "pÓya", PASSWORD)


def test_sign_in_and_its_rate_limit_ignore_case(tmp_path):
    store = _log_with_users(f"sqlite:///{tmp_path}/log.db", "Ali")
    client = TestClient(create_app(store))
    assert sign_in(client, "ali").status_code == 303
    other = TestClient(create_app(store))
    for name in ("ALI", "ali", "Ali", "aLi", "alI"):
        assert sign_in(other, name, "not the password").status_code == 401
    assert sign_in(other, "ali", PASSWORD).status_code == 429
    store.close()


# --- the forced password change is in the database ------------------------------------------------


def test_the_forced_password_change_survives_a_restart(tmp_path):
    url = f"sqlite:///{tmp_path}/log.db"
    store = open_store(url)
    one_time = auth.ensure_first_admin(store)
    client = TestClient(create_app(store))
    assert sign_in(client, "admin", one_time).headers["location"] == "/account/password"
    store.close()

    # The server restarts: a new process, a new app, the same database and the same session cookie.
    store = open_store(url)
    client.app = create_app(store)
    assert client.get("/incidents", follow_redirects=False).headers["location"] == "/account/password"
    assert client.get("/incidents", params={"format": "json"}).status_code == 403
    token = csrf_from(client.get("/account/password").text)
    changed = client.post("/account/password", data={"current": one_time, "new": "my own long passphrase",
                                                     "csrf_token": token}, follow_redirects=False)
    assert changed.status_code == 303
    with store.read_session() as db:
        assert db.scalar(select(User.must_change_password).where(User.username == "admin")) is False
    again = TestClient(create_app(store))
    assert sign_in(again, "admin", "my own long passphrase").headers["location"] == "/"
    assert again.get("/incidents", follow_redirects=False).status_code == 200
    store.close()


# --- guessing the current password --------------------------------------------------------------


def test_guessing_the_current_password_is_rate_limited_and_audited(tmp_path):
    store = _log_with_users(f"sqlite:///{tmp_path}/log.db", "analyst")
    client = TestClient(create_app(store))
    assert sign_in(client, "analyst").status_code == 303
    token = csrf_from(client.get("/account/password").text)

    def attempt(current: str):
        return client.post("/account/password", data={"current": current, "new": "another long passphrase",
                                                      "csrf_token": token}, follow_redirects=False)

    for guess in range(5):
        assert attempt(f"guess number {guess}").status_code == 400
    # Now even the right password is refused until the window has passed.
    blocked = attempt(PASSWORD)
    assert blocked.status_code == 429 and "Too many" in blocked.text
    failures = _actions(store, "password.change_failure")
    assert failures == [("analyst", "testclient")] * 5
    assert len(_actions(store, "password.change_blocked")) == 1
    with store.read_session() as db:  # the password did not change
        assert auth.verify_credentials(db, "analyst", PASSWORD) is not None
    store.close()


# --- trusted proxies ----------------------------------------------------------------------------


def _fail_sign_ins_with_rotating_forwarded_for(app, attempts: int) -> list[int]:
    client = TestClient(app, client=("127.0.0.1", 50000))
    statuses = []
    for n in range(attempts):
        page = client.get("/login")
        response = client.post(
            "/login",
            data={"username": f"nobody{n}", "password": "wrong wrong wrong", "csrf_token": csrf_from(page.text)},
            headers={"x-forwarded-for": f"203.0.113.{n}"},
            follow_redirects=False,
        )
        statuses.append(response.status_code)
    return statuses


def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(tmp_path):
    store = _log_with_users(f"sqlite:///{tmp_path}/log.db")
    # Off by default: a local process that rotates X-Forwarded-For is still one address (20 failures).
    statuses = _fail_sign_ins_with_rotating_forwarded_for(create_app(store, Settings()), 21)
    assert statuses[:20] == [401] * 20 and statuses[20] == 429
    assert {ip for _actor, ip in _actions(store, "login.failure")} == {"127.0.0.1"}
    store.close()


def test_a_trusted_proxy_supplies_the_client_address(tmp_path):
    store = _log_with_users(f"sqlite:///{tmp_path}/log.db")
    app = create_app(store, Settings(trusted_proxies="127.0.0.1"))
    statuses = _fail_sign_ins_with_rotating_forwarded_for(app, 21)
    assert statuses == [401] * 21  # each forwarded address counts on its own
    assert "203.0.113.20" in {ip for _actor, ip in _actions(store, "login.failure")}
    store.close()
