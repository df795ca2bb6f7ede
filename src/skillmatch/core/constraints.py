"""What a learner or a team lead can choose credentials by, checked before any ranking.

Every constraint is a filter on single credentials, except ``max_cost`` and ``max_hours``,
which bound the *total* of the chosen set (and also drop any credential that alone exceeds
them). Choices made here, stated once:

* **Money.** Costs are compared in ``currency``. A credential priced in another currency is
  converted with ``rates`` (``rates["GBP"] = 1.17`` means 1 GBP = 1.17 units of ``currency``);
  without a rate its cost is unknown *in that currency*. A free credential (cost 0) is free in
  any currency. When a budget (``max_cost``) is set, a credential whose cost is unknown (not
  given, or in a currency without a rate) is left out: unknown is never taken for free.
  ``free_only`` keeps cost-0 credentials only.
* **Time.** With ``max_hours`` set, credentials whose hours are not given are left out.
* **Level, format, language.** With ``levels`` / ``formats`` / ``languages`` set, credentials
  that do not state them are left out. ``formats`` accepts the group ``online`` for both
  ``online_self_paced`` and ``online_live``; languages match on their primary subtag
  (``en`` matches ``en-GB``).
* **Providers** match by name, ignoring case: ``providers`` keeps only those,
  ``exclude_providers`` drops those.

A value outside what is accepted raises :class:`~skillmatch.errors.InvalidRequest` naming the
field and listing the accepted values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from skillmatch.core.catalog import FORMATS, LEVELS, Credential
from skillmatch.errors import InvalidRequest

FORMAT_GROUPS: dict[str, tuple[str, ...]] = {"online": ("online_self_paced", "online_live")}
ACCEPTED_FORMATS: tuple[str, ...] = (*FORMATS, *FORMAT_GROUPS)
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")


def _names(values: object, what: str) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = (values,)
    try:
        items = tuple(str(v).strip() for v in values)  # type: ignore[attr-defined]
    except TypeError:
        raise InvalidRequest(f"{what} must be a list of strings", field=what) from None
    return tuple(dict.fromkeys(v for v in items if v))


def _check_choice(values: tuple[str, ...], accepted: tuple[str, ...], what: str) -> tuple[str, ...]:
    out = tuple(v.lower().replace("-", "_").replace(" ", "_") for v in values)
    for given, v in zip(values, out, strict=True):
        if v not in accepted:
            raise InvalidRequest(
                f"unknown {what[:-1]} {given!r}; accepted: {', '.join(accepted)}",
                field=what,
            )
    return out


def _amount(value: float | None, what: str, *, positive: bool) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidRequest(f"{what} must be a number, got {value!r}", field=what) from None
    if math.isnan(number) or number < 0 or (positive and number == 0) or math.isinf(number):
        bound = "greater than 0" if positive else "0 or more"
        raise InvalidRequest(f"{what} must be a finite number {bound}, got {value!r}", field=what)
    return number


@dataclass(frozen=True)
class Constraints:
    max_cost: float | None = None  # budget for the whole set, in ``currency``
    currency: str = "EUR"
    rates: Mapping[str, float] = field(default_factory=dict)
    max_hours: float | None = None  # study time for the whole set
    levels: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()  # may hold the group "online"
    languages: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    exclude_providers: tuple[str, ...] = ()
    free_only: bool = False
    exclude: tuple[str, ...] = ()  # credential ids to leave out

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "max_cost", _amount(self.max_cost, "max_cost", positive=False))
        put(self, "max_hours", _amount(self.max_hours, "max_hours", positive=True))
        currency = str(self.currency).strip().upper()
        if not _CURRENCY.match(currency):
            raise InvalidRequest(f"currency must be a three-letter ISO 4217 code, got {self.currency!r}", field="currency")
        put(self, "currency", currency)
        rates: dict[str, float] = {}
        for code, rate in dict(self.rates).items():
            key = str(code).strip().upper()
            if not _CURRENCY.match(key):
                raise InvalidRequest(f"rates: {code!r} is not a three-letter currency code", field="rates")
            value = _amount(rate, "rates", positive=True)
            assert value is not None
            rates[key] = value
        put(self, "rates", rates)
        put(self, "levels", _check_choice(_names(self.levels, "levels"), LEVELS, "levels"))
        put(self, "formats", _check_choice(_names(self.formats, "formats"), ACCEPTED_FORMATS, "formats"))
        languages = tuple(v.lower().replace("_", "-") for v in _names(self.languages, "languages"))
        for given in languages:
            if not _LANGUAGE.match(given):
                raise InvalidRequest(
                    f"unknown language {given!r}; give a language code such as 'en', 'de' or 'pt-BR'",
                    field="languages",
                )
        put(self, "languages", languages)
        put(self, "providers", _names(self.providers, "providers"))
        put(self, "exclude_providers", _names(self.exclude_providers, "exclude_providers"))
        put(self, "exclude", _names(self.exclude, "exclude"))
        put(self, "free_only", bool(self.free_only))

    @property
    def budgeted(self) -> bool:
        return self.max_cost is not None

    @property
    def allowed_formats(self) -> frozenset[str]:
        out: set[str] = set()
        for f in self.formats:
            out.update(FORMAT_GROUPS.get(f, (f,)))
        return frozenset(out)

    def cost_of(self, credential: Credential) -> float | None:
        """The credential's cost in ``currency``, or None when it is not known in it."""
        cost = credential.cost
        if cost is None:
            return None
        if cost == 0:
            return 0.0
        currency = (credential.currency or "").upper()
        if currency == self.currency:
            return float(cost)
        rate = self.rates.get(currency)
        return float(cost) * rate if rate is not None else None

    def refusal(self, credential: Credential) -> str | None:
        """Why the credential is left out, or None when it is admitted."""
        c = credential
        if c.id in self.exclude:
            return "excluded"
        if self.free_only and not c.is_free:
            return "not free"
        if self.levels and c.level not in self.levels:
            return "level"
        if self.formats and c.format not in self.allowed_formats:
            return "format"
        if self.languages:
            primary = (c.language or "").lower().replace("_", "-").split("-")[0]
            if primary not in {lang.split("-")[0] for lang in self.languages}:
                return "language"
        provider = (c.provider or "").casefold()
        if self.providers and provider not in {p.casefold() for p in self.providers}:
            return "provider"
        if provider and provider in {p.casefold() for p in self.exclude_providers}:
            return "provider excluded"
        if self.max_cost is not None:
            cost = self.cost_of(c)
            if cost is None:
                return "cost unknown" if c.cost is None else "currency"
            if cost > self.max_cost + 1e-9:
                return "over budget"
        if self.max_hours is not None:
            if c.hours is None:
                return "hours unknown"
            if c.hours > self.max_hours + 1e-9:
                return "too long"
        return None

    def as_dict(self) -> dict[str, object]:
        return {
            "max_cost": self.max_cost,
            "currency": self.currency,
            "rates": dict(self.rates),
            "max_hours": self.max_hours,
            "levels": list(self.levels),
            "formats": list(self.formats),
            "languages": list(self.languages),
            "providers": list(self.providers),
            "exclude_providers": list(self.exclude_providers),
            "free_only": self.free_only,
            "exclude": list(self.exclude),
        }
