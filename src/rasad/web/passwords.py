"""The password policy (NIST SP 800-63B 3.1.1.2, OWASP ASVS 5.0 V6.2): a length range, no composition
rules, and no password an attacker tries first: one from a list of common passwords (a data file,
``data/common_passwords.txt``), or one with hardly any distinct characters ("            ",
"aaaaaaaaaaaa", "abababababab")."""

from __future__ import annotations

import functools

from rasad.config import DATA_DIR

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this only bounds the work an attacker can ask for
# Fewer distinct characters than this is a run or a short pattern repeated, whatever its length.
MIN_DISTINCT_CHARACTERS = 4
COMMON_PASSWORDS = DATA_DIR / "common_passwords.txt"


class PasswordPolicyError(ValueError):
    pass


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def check_password_policy(password: str) -> None:
    """Raise PasswordPolicyError with the reason (one phrase, for a form or a command) when refused."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"a password may have at most {MAX_PASSWORD_LENGTH} characters")
    if len(set(password.strip())) < MIN_DISTINCT_CHARACTERS:
        raise PasswordPolicyError("a password needs more than a few different characters (not only spaces "
                                  "or one short pattern repeated)")
    if password.strip().lower() in common_passwords():
        raise PasswordPolicyError("that password is on a list of common passwords attackers try first")
