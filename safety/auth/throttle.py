"""Sign-in limits: failed sign-ins counted per account and per address (OWASP ASVS 2.2, NIST SP 800-63B 5.2.2).

A whole office signs in through its one public address (NAT), so a successful sign-in is never counted and
never refused because of colleagues' sign-ins. What is counted is failure:

- per account, under the normalised username, whether or not such an account exists (the answers must not
  tell which accounts do): the first failures are free (``SIGN_IN_ACCOUNT_LIMIT``, "5 per 15 minutes"),
  then the account waits ``SIGN_IN_ACCOUNT_DELAY`` seconds, twice as long after each further failure, at most
  ``SIGN_IN_ACCOUNT_MAX_DELAY``. The wait always ends: whoever types wrong passwords in a colleague's name
  delays them, never locks them out. A successful sign-in forgets the account's failures;
- per address, across all accounts (``SIGN_IN_ADDRESS_LIMIT``, "300 per hour"): one guess on each of many
  accounts (password spraying) never reaches an account's limit, but reaches this. A success resets nothing
  here, or a guesser holding one account of their own could start the count again.

While either limit holds, every attempt is refused before the password is checked (otherwise the right
password would still answer differently) with 429 and a Retry-After header. The counts are kept in the rate
limiter's storage (``RATELIMIT_STORAGE_URI``): in memory, or in Redis where every gunicorn worker reads them.
"""
import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from limits import parse, parse_many

from safety.auth.operations import authenticate, normalise_username
from safety.common.errors import DomainError
from safety.extensions import limiter
from safety.users.models import User

# Doubling stops here long before the cap matters, so a count in the millions is no huge power of two.
_MAX_DOUBLINGS = 32


class SignInThrottled(DomainError):
    """Too many failed sign-ins for this account or from this address: wait ``retry_after`` seconds."""

    status = 429

    def __init__(self, retry_after: int):
        super().__init__("rate_limited", _("Too many failed sign-ins. Please try again in %(wait)s.",
                                           wait=wait_in_words(retry_after)))
        self.retry_after = retry_after

    @property
    def headers(self) -> dict:
        return {"Retry-After": str(self.retry_after)}


@dataclass(frozen=True)
class AccountRule:
    """How long an account waits after a run of failed sign-ins."""

    free_failures: int
    window: int  # seconds in which the free failures are counted
    first_wait: int
    longest_wait: int

    @classmethod
    def from_config(cls, config) -> "AccountRule":
        limit = parse(config["SIGN_IN_ACCOUNT_LIMIT"])
        return cls(limit.amount, limit.get_expiry(), config["SIGN_IN_ACCOUNT_DELAY"],
                   config["SIGN_IN_ACCOUNT_MAX_DELAY"])

    def wait_after(self, failures: int) -> int:
        """Seconds to wait after the ``failures``-th failure in a row: none within the free ones, then doubling."""
        if failures < self.free_failures:
            return 0
        doublings = min(failures - self.free_failures, _MAX_DOUBLINGS)
        return min(self.first_wait * 2 ** doublings, self.longest_wait)


def throttled_authenticate(username: str, password: str) -> User:
    """:func:`authenticate` behind the sign-in limits; raises :class:`SignInThrottled` while one holds."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return authenticate(username, password)
    limits = _SignInLimits(username)
    wait = limits.seconds_to_wait()
    if wait:
        raise SignInThrottled(wait)
    try:
        user = authenticate(username, password)
    except DomainError as exc:
        if exc.code == "invalid_credentials":
            limits.record_failure()
        raise
    limits.forget_account_failures()
    return user


def wait_in_words(seconds: int) -> str:
    """``seconds`` rounded up to whole seconds, minutes or hours, in the user's language ("3分钟", "3 minutes")."""
    for unit in (3600, 60, 1):
        if seconds >= unit:
            break
    rounded = math.ceil(seconds / unit) * unit
    return format_timedelta(timedelta(seconds=rounded), threshold=1)


def _address() -> str:
    """The address failures are counted under: an IPv6 client's whole /64, which it can pick addresses from."""
    address = get_remote_address() or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


class _SignInLimits:
    """The counts of one sign-in attempt's account and address, in the rate limiter's storage."""

    def __init__(self, username: str):
        config = current_app.config
        self.storage = limiter.storage
        self.strategy = limiter.limiter
        self.rule = AccountRule.from_config(config)
        self.address_limits = parse_many(config["SIGN_IN_ADDRESS_LIMIT"])
        prefix = config.get("RATELIMIT_KEY_PREFIX") or ""
        # Hashed: the username is whatever the client sent, of any length.
        account = hashlib.sha256(normalise_username(username).encode()).hexdigest()[:32]
        self.failures_key = f"{prefix}sign-in/account/{account}/failures"
        self.wait_key = f"{prefix}sign-in/account/{account}/wait"
        self.address_ids = (f"{prefix}sign-in/address-failures", _address())

    def seconds_to_wait(self) -> int:
        ends = []
        if self.storage.get(self.wait_key):
            ends.append(self.storage.get_expiry(self.wait_key))
        for limit in self.address_limits:
            if not self.strategy.test(limit, *self.address_ids):
                ends.append(self.strategy.get_window_stats(limit, *self.address_ids).reset_time)
        # The clock read after the storage's: Redis answers whole seconds from its own reading.
        return max(1, math.ceil(max(ends) - time.time())) if ends else 0

    def record_failure(self) -> None:
        for limit in self.address_limits:
            self.strategy.hit(limit, *self.address_ids)
        failures = self.storage.incr(self.failures_key, self.rule.window)
        wait = self.rule.wait_after(failures)
        if wait:
            self._put(self.wait_key, 1, wait)
            # The failures are remembered for a window after the wait ends, so a failure then waits twice as
            # long. Rewriting the count is not atomic: two failures at the same instant may count as one.
            self._put(self.failures_key, failures, wait + self.rule.window)

    def forget_account_failures(self) -> None:
        self.storage.clear(self.failures_key)
        self.storage.clear(self.wait_key)

    def _put(self, key: str, value: int, seconds: int) -> None:
        # The storage's counters take their expiry when first incremented only.
        self.storage.clear(key)
        self.storage.incr(key, seconds, amount=value)
