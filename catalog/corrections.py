"""Visitors' "report a wrong value", and how old each figure is.

A page offers its figures (``figure_choices``); a visitor's report is stored as plain text
(``submit_report``), rate-limited per client in the database so the limit holds across
processes; editors accept a report (``accept_report``: the value, its source and today's
date are applied) or reject it (``reject_report``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from catalog.exports import decimal_string
from catalog.models import CorrectionReport, FactSource, LanguageModel, Offering

MAX_MODELS_PER_PAGE = 4  # a comparison shows up to four models
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")  # LanguageModel.slug
# Model facts a visitor can report, with the FactSource field that records their source.
MODEL_FIGURES = {
    "release_date": ("release date", FactSource.Field.RELEASE_DATE),
    "context_window_tokens": ("context window", FactSource.Field.CONTEXT_WINDOW),
    "max_output_tokens": ("max output", FactSource.Field.MAX_OUTPUT),
    "knowledge_cutoff": ("knowledge cutoff", FactSource.Field.KNOWLEDGE_CUTOFF),
}
OFFERING_FIGURES = {
    "input_usd_per_mtok": "input price",
    "output_usd_per_mtok": "output price",
}
MAX_PRICE = Decimal("99999999.999999")  # Offering prices: 14 digits, 6 decimal places
MAX_TOKENS = 2_147_483_647  # PositiveIntegerField
# The report's own limit, which is that of every URL it may become (Offering.source_url,
# FactSource.url, BenchmarkResult.source_url, ModelCapability.source_url).
URL_MAX_LENGTH = CorrectionReport._meta.get_field("source_url").max_length


class CorrectionError(Exception):
    """A report cannot be applied; the message says why, for the editor."""


class RateLimited(Exception):
    """The client has sent its allowance of reports for the past hour."""


# Freshness -------------------------------------------------------------------------------
def fact_checked_on(model: LanguageModel) -> dict[str, dt.date]:
    """FactSource field -> the date that figure was last checked (sources prefetched).

    A figure without a source row of its own was last checked when the model was reviewed.
    """
    checked = dict.fromkeys(FactSource.Field.values, model.last_reviewed_on)
    checked.update({source.field: source.checked_on for source in model.sources.all()})
    return checked


# Figures of a page -----------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    kind: str  # "model" or "offering"
    key: str  # model slug or offering pk
    field: str

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.key}:{self.field}"

    @classmethod
    def parse(cls, value: str) -> Figure | None:
        kind, _, rest = value.partition(":")
        key, _, field = rest.partition(":")
        if kind == "model" and field in MODEL_FIGURES and key:
            return cls(kind, key, field)
        if kind == "offering" and field in OFFERING_FIGURES and key.isdigit():
            return cls(kind, key, field)
        return None


def shown_value(obj: Any, field: str) -> str:
    """A figure's current value as plain text: "200000", "1.25", "2025-06-01", "unknown"."""
    value = getattr(obj, field)
    if value in (None, ""):
        return "unknown"
    if isinstance(value, Decimal):
        return decimal_string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def report_url(slugs, *, back: str = "", figure: str = "") -> str:
    """The "Report a wrong value" page for the figures of ``slugs``' models, linked from
    their pages (which carry no form, so they set no cookie)."""
    query = {"models": ",".join(slugs)}
    if figure:
        query["figure"] = figure
    if back:
        query["next"] = back
    return f"{reverse('catalog:report-correction')}?{urlencode(query)}"


def reportable_models(slugs) -> list[LanguageModel]:
    """Published models named by ``slugs`` (at most four), live offerings prefetched.

    Anything that is not a slug (a NUL, a space, a 200-character value) names no model."""
    slugs = [slug for slug in dict.fromkeys(slugs) if SLUG.fullmatch(slug)][:MAX_MODELS_PER_PAGE]
    if not slugs:
        return []
    offerings = Offering.objects.live().select_related("provider").cheapest_first()
    models = {
        m.slug: m
        for m in LanguageModel.objects.published()
        .filter(slug__in=slugs)
        .prefetch_related(Prefetch("offerings", queryset=offerings))
    }
    return [models[slug] for slug in slugs if slug in models]


def figure_choices(models: list[LanguageModel]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices of every reportable figure of ``models`` (offerings prefetched)."""
    groups = []
    for model in models:
        choices = [
            (Figure("model", model.slug, field).value, f"{label} (now {shown_value(model, field)})")
            for field, (label, _) in MODEL_FIGURES.items()
        ]
        for offering in model.offerings.all():
            for field, label in OFFERING_FIGURES.items():
                choices.append(
                    (
                        Figure("offering", str(offering.pk), field).value,
                        f"{offering.provider.name} {label} "
                        f"(now {shown_value(offering, field)} USD / 1M tokens)",
                    )
                )
        groups.append((model.name, choices))
    return groups


def figure_target(figure: Figure, models: list[LanguageModel]) -> LanguageModel | Offering | None:
    """The object ``figure`` names among the page's ``models`` (no query)."""
    for model in models:
        if figure.kind == "model" and model.slug == figure.key:
            return model
        if figure.kind == "offering":
            for offering in model.offerings.all():
                if str(offering.pk) == figure.key:
                    return offering
    return None


# Submitting ------------------------------------------------------------------------------
def client_key(remote_addr: str) -> str:
    """A keyed hash of the client's address: rate limits without storing the address."""
    return hmac.new(
        settings.SECRET_KEY.encode(), (remote_addr or "").encode(), hashlib.sha256
    ).hexdigest()


def reports_per_hour() -> int:
    return settings.CORRECTIONS_PER_HOUR


def recent_reports(key: str, now: dt.datetime | None = None) -> int:
    since = (now or timezone.now()) - dt.timedelta(hours=1)
    return CorrectionReport.objects.filter(client_key=key, created_at__gte=since).count()


def is_rate_limited(key: str) -> bool:
    return recent_reports(key) >= reports_per_hour()


def submit_report(
    *,
    target: LanguageModel | Offering,
    field: str,
    suggested_value: str,
    source_url: str,
    note: str,
    page_url: str,
    key: str,
) -> CorrectionReport:
    """Store a visitor's report, unless the client is over its hourly allowance.

    A transaction-scoped advisory lock on the client key serialises one client's reports,
    so concurrent requests (any process) cannot slip past the count.
    """
    offering = target if isinstance(target, Offering) else None
    model = offering.model if offering else target
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(key[:15], 16)])
        if is_rate_limited(key):
            raise RateLimited
        return CorrectionReport.objects.create(
            model=model,
            offering=offering,
            field=field,
            current_value=shown_value(target, field)[:200],
            suggested_value=suggested_value,
            source_url=source_url,
            note=note,
            page_url=page_url[:500],
            client_key=key,
        )


# Reviewing -------------------------------------------------------------------------------
def parse_price(text: str) -> Decimal:
    cleaned = text.strip().lower().removeprefix("$").removesuffix("usd").strip()
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        raise CorrectionError(f"“{text}” is not a price in USD per 1M tokens (e.g. 1.25).")
    try:
        price = Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern already excludes it
        raise CorrectionError(f"“{text}” is not a price.") from error
    if price > MAX_PRICE:
        raise CorrectionError(f"“{text}” is too large for a price per 1M tokens.")
    if price != price.quantize(Decimal("0.000001")):
        raise CorrectionError(f"“{text}” has more than 6 decimal places.")
    return price


def parse_tokens(text: str) -> int:
    cleaned = re.sub(r"[\s,_]", "", text.lower()).removesuffix("tokens")
    multiplier = 1
    if cleaned.endswith(("k", "m")):
        multiplier = 1_000 if cleaned[-1] == "k" else 1_000_000
        cleaned = cleaned[:-1]
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        raise CorrectionError(f"“{text}” is not a number of tokens (e.g. 200000 or 200k).")
    tokens = Decimal(cleaned) * multiplier
    if tokens != tokens.to_integral_value() or not 0 < tokens <= MAX_TOKENS:
        raise CorrectionError(f"“{text}” is not a positive whole number of tokens.")
    return int(tokens)


def parse_date(text: str) -> dt.date:
    cleaned = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
            return dt.date.fromisoformat(cleaned)
    except ValueError:
        pass
    raise CorrectionError(f"“{text}” is not a date written YYYY-MM-DD.")


def parse_cutoff(text: str) -> str:
    cleaned = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}", cleaned):
        parse_date(f"{cleaned}-01")
        return cleaned
    parse_date(cleaned)
    return cleaned


PARSERS = {
    "input_usd_per_mtok": parse_price,
    "output_usd_per_mtok": parse_price,
    "context_window_tokens": parse_tokens,
    "max_output_tokens": parse_tokens,
    "release_date": parse_date,
    "knowledge_cutoff": parse_cutoff,
}


def _save(obj, field: str) -> None:
    try:
        obj.clean_fields(exclude=[f.name for f in obj._meta.fields if f.name != field])
        with transaction.atomic():
            obj.save()
    except ValidationError as error:
        raise CorrectionError(" ".join(error.messages)) from error
    except DatabaseError as error:
        raise CorrectionError(f"the database refused the value ({error}).") from error


def accept_report(report: CorrectionReport, *, user, today: dt.date | None = None) -> None:
    """Apply the suggested value with the report's source, dated today; or change nothing.

    Raises CorrectionError (with the reason) when the report is not pending, names an unknown
    figure, or suggests a value the figure cannot take.
    """
    today = today or timezone.localdate()
    if report.status != CorrectionReport.Status.PENDING:
        raise CorrectionError(f"it was already {report.get_status_display().lower()}.")
    parse = PARSERS.get(report.field)
    if parse is None:
        raise CorrectionError(f"“{report.field}” is not a figure reports can change.")
    if len(report.source_url) > URL_MAX_LENGTH:
        raise CorrectionError(f"its source URL is longer than {URL_MAX_LENGTH} characters.")
    value = parse(report.suggested_value)
    with transaction.atomic():
        if report.field in OFFERING_FIGURES:
            offering = report.offering
            if offering is None:
                raise CorrectionError("the offering it names no longer exists.")
            setattr(offering, report.field, value)
            offering.source_url = report.source_url
            offering.last_verified_on = today
            offering.price_effective_on = today
            _save(offering, report.field)
        else:
            model = report.model
            if model is None:
                raise CorrectionError("the model it names no longer exists.")
            setattr(model, report.field, value)
            _save(model, report.field)
            FactSource.objects.update_or_create(
                model=model,
                field=MODEL_FIGURES[report.field][1],
                defaults={
                    "url": report.source_url,
                    "checked_on": today,
                    "note": f"Correction report #{report.pk}",
                },
            )
        _mark(report, CorrectionReport.Status.ACCEPTED, user)


def reject_report(report: CorrectionReport, *, user) -> None:
    if report.status != CorrectionReport.Status.PENDING:
        raise CorrectionError(f"it was already {report.get_status_display().lower()}.")
    _mark(report, CorrectionReport.Status.REJECTED, user)


def _mark(report: CorrectionReport, status: str, user) -> None:
    report.status = status
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at"])
