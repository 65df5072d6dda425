"""Visitors' "report a wrong value", and how old each figure is.

The report page offers every figure of a page's models (``figure_choices``): model facts and
the license, each route's prices (named by provider and the provider's model id), each
capability (yes / no / unknown) and each benchmark score. A visitor's report is stored as plain text
(``submit_report``), rate-limited per client in the database so the limit holds across
processes; editors accept a report (``accept_report``: the value, its source and today's
date are applied) or reject it (``reject_report``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from catalog.models import (
    MAX_PRICE,
    MAX_TOKENS,
    MONEY,
    PRICE_STEP,
    BenchmarkResult,
    Capability,
    CorrectionReport,
    FactSource,
    LanguageModel,
    License,
    ModelCapability,
    Offering,
)
from catalog.review import save_checked
from catalog.serialisation import decimal_string

MAX_MODELS_PER_PAGE = 4  # a comparison shows up to four models
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")  # LanguageModel.slug
# Model facts a visitor can report, with the FactSource field that records their source.
MODEL_FIGURES = {
    "release_date": ("Release date", FactSource.Field.RELEASE_DATE),
    "context_window_tokens": ("Context window", FactSource.Field.CONTEXT_WINDOW),
    "max_output_tokens": ("Max output", FactSource.Field.MAX_OUTPUT),
    "knowledge_cutoff": ("Knowledge cutoff", FactSource.Field.KNOWLEDGE_CUTOFF),
    "license": ("License", FactSource.Field.LICENSE),
}
OFFERING_FIGURES = {
    "input_usd_per_mtok": "input price",
    "output_usd_per_mtok": "output price",
}
SUPPORT = "support"  # a capability report's field: ModelCapability.support
SCORE = "score"  # a benchmark score report's field: BenchmarkResult.score
SCORE_FIELD = BenchmarkResult._meta.get_field("score")
# The report's own limit, which is that of every URL it may become (Offering.source_url,
# FactSource.url, BenchmarkResult.source_url, ModelCapability.source_url).
URL_MAX_LENGTH = CorrectionReport._meta.get_field("source_url").max_length


class CorrectionError(Exception):
    """A report cannot be applied; the message says why, for the editor."""


class RateLimited(Exception):
    """The client has sent its allowance of reports for the past hour."""


# Freshness -------------------------------------------------------------------------------
def fact_checked_on(model: LanguageModel, sources: Iterable[FactSource]) -> dict[str, dt.date]:
    """FactSource field -> the date that figure was last checked (``sources``: the model's).

    A figure without a source row of its own was last checked when the model was reviewed.
    """
    checked = dict.fromkeys(FactSource.Field.values, model.last_reviewed_on)
    checked.update({source.field: source.checked_on for source in sources})
    return checked


# Figures of a page -----------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One reportable figure, as the form's choice value "kind:key:field".

    model:<slug>:<field> · offering:<pk>:<price field> · capability:<model slug>:<capability
    slug> · result:<pk>:score
    """

    kind: str
    key: str
    field: str

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.key}:{self.field}"

    @property
    def report_field(self) -> str:
        """The report's ``field``: which attribute of its target the value replaces."""
        return SUPPORT if self.kind == "capability" else self.field

    @classmethod
    def parse(cls, value: str) -> Figure | None:
        kind, _, rest = value.partition(":")
        key, _, field = rest.partition(":")
        valid = {
            "model": bool(key) and field in MODEL_FIGURES,
            "offering": key.isdigit() and field in OFFERING_FIGURES,
            "capability": bool(SLUG.fullmatch(key)) and bool(SLUG.fullmatch(field)),
            "result": key.isdigit() and field == SCORE,
        }
        return cls(kind, key, field) if valid.get(kind) else None


def shown_value(obj: Any, field: str) -> str:
    """A figure's current value as plain text: "200000", "1.25", "2025-06-01", "unknown"."""
    value = getattr(obj, field)
    if value in (None, "", ModelCapability.Support.UNKNOWN):
        return "unknown"
    if isinstance(value, License):
        return value.name
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


def figure_report_link(model: LanguageModel, field: str, *, back: str) -> SafeString:
    """A row's link to report that very figure of ``model`` (a ``MODEL_FIGURES`` field):
    the report page with the model and the figure chosen, ``back`` the page it came from."""
    figure = Figure("model", model.slug, field).value
    url = report_url([model.slug], back=back, figure=figure)
    label = MODEL_FIGURES[field][0].lower()
    return format_html(
        '<a class="report-figure" href="{}" aria-label="Report a wrong {}">report</a>', url, label
    )


def reportable_models(slugs) -> list[LanguageModel]:
    """Published models named by ``slugs`` (at most four), with what the report form shows
    prefetched: live routes, capabilities, benchmark results, the license.

    Anything that is not a slug (a NUL, a space, a 200-character value) names no model."""
    slugs = [slug for slug in dict.fromkeys(slugs) if SLUG.fullmatch(slug)][:MAX_MODELS_PER_PAGE]
    if not slugs:
        return []
    offerings = Offering.objects.live().select_related("provider").cheapest_first()
    results = BenchmarkResult.objects.select_related("benchmark").order_by(
        "benchmark__name", "setting", "setting_detail"
    )
    models = {
        m.slug: m
        for m in LanguageModel.objects.published()
        .filter(slug__in=slugs)
        .select_related("license")
        .prefetch_related(
            Prefetch("offerings", queryset=offerings),
            Prefetch("capability_statuses", queryset=ModelCapability.objects.all()),
            Prefetch("benchmark_results", queryset=results),
        )
    }
    return [models[slug] for slug in slugs if slug in models]


def offering_label(offering: Offering, field: str) -> str:
    """ "AWS Bedrock (anthropic.claude-haiku-4-5-v1:0) input price": the provider and its
    model id tell apart routes of one provider (regions, versions)."""
    return f"{offering.provider.name} ({offering.provider_model_id}) {OFFERING_FIGURES[field]}"


def result_label(result: BenchmarkResult) -> str:
    """ "SWE-bench Verified score", with the setting when it is not the standard one."""
    standard = result.setting == BenchmarkResult.Setting.STANDARD and not result.setting_detail
    setting = "" if standard else f" ({result.setting_label})"
    return f"{result.benchmark.name} score{setting}"


def model_capabilities(model: LanguageModel, capabilities) -> list[ModelCapability]:
    """Every capability's status for ``model``; one nobody sourced is unknown (unsaved)."""
    known = {status.capability_id: status for status in model.capability_statuses.all()}
    return [
        known.get(capability.pk)
        or ModelCapability(model=model, capability=capability, support="unknown")
        for capability in capabilities
    ]


def figure_choices(models: list[LanguageModel]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices of every reportable figure of ``models`` (see reportable_models)."""
    capabilities = list(Capability.objects.all()) if models else []
    groups = []
    for model in models:
        choices = [
            (Figure("model", model.slug, field).value, f"{label} (now {shown_value(model, field)})")
            for field, (label, _) in MODEL_FIGURES.items()
        ]
        for offering in model.offerings.all():
            for field in OFFERING_FIGURES:
                choices.append(
                    (
                        Figure("offering", str(offering.pk), field).value,
                        f"{offering_label(offering, field)} "
                        f"(now {shown_value(offering, field)} USD / 1M tokens)",
                    )
                )
        for status in model_capabilities(model, capabilities):
            choices.append(
                (
                    Figure("capability", model.slug, status.capability.slug).value,
                    f"Capability: {status.capability.name} (now {shown_value(status, SUPPORT)})",
                )
            )
        for result in model.benchmark_results.all():
            choices.append(
                (
                    Figure("result", str(result.pk), SCORE).value,
                    f"{result_label(result)} (now {shown_value(result, SCORE)})",
                )
            )
        groups.append((model.name, choices))
    return groups


def figure_target(figure: Figure, models: list[LanguageModel]):
    """The object ``figure`` names among the page's ``models``: a LanguageModel, an
    Offering, a ModelCapability (unsaved when unknown) or a BenchmarkResult."""
    for model in models:
        if figure.kind == "model" and model.slug == figure.key:
            return model
        if figure.kind == "offering":
            for offering in model.offerings.all():
                if str(offering.pk) == figure.key:
                    return offering
        if figure.kind == "result":
            for result in model.benchmark_results.all():
                if str(result.pk) == figure.key:
                    return result
        if figure.kind == "capability" and model.slug == figure.key:
            capability = Capability.objects.filter(slug=figure.field).first()
            if capability:
                return model_capabilities(model, [capability])[0]
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
    target: LanguageModel | Offering | ModelCapability | BenchmarkResult,
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
    links = {"model": target}
    if isinstance(target, Offering):
        links = {"model": target.model, "offering": target}
    elif isinstance(target, ModelCapability):
        links = {"model": target.model, "capability": target.capability}
    elif isinstance(target, BenchmarkResult):
        links = {"model": target.model, "benchmark_result": target}
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(key[:15], 16)])
        if is_rate_limited(key):
            raise RateLimited
        return CorrectionReport.objects.create(
            **links,
            field=field,
            current_value=shown_value(target, field)[:200],
            suggested_value=suggested_value,
            source_url=source_url,
            note=note,
            page_url=page_url[:500],
            client_key=key,
        )


def figure_label(report: CorrectionReport) -> str:
    """What the report is about, for editors: "Context window", "Capability: Vision",
    "AWS Bedrock (anthropic.claude-haiku-4-5-v1:0) input price", "MMLU score"."""
    if report.offering_id and report.field in OFFERING_FIGURES:
        return offering_label(report.offering, report.field)
    if report.capability_id:
        return f"Capability: {report.capability.name}"
    if report.benchmark_result_id:
        return result_label(report.benchmark_result)
    if report.field in MODEL_FIGURES:
        return MODEL_FIGURES[report.field][0]
    return report.field


# Reviewing -------------------------------------------------------------------------------
def price_from_text(text: str) -> Decimal:
    cleaned = text.strip().lower().removeprefix("$").removesuffix("usd").strip()
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        raise CorrectionError(f"“{text}” is not a price in USD per 1M tokens (e.g. 1.25).")
    try:
        price = Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern already excludes it
        raise CorrectionError(f"“{text}” is not a price.") from error
    if price > MAX_PRICE:
        raise CorrectionError(f"“{text}” is too large for a price per 1M tokens.")
    if price != price.quantize(PRICE_STEP):
        places = MONEY["decimal_places"]
        raise CorrectionError(f"“{text}” has more than {places} decimal places.")
    return price


def tokens_from_text(text: str) -> int:
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


def date_from_text(text: str) -> dt.date:
    cleaned = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
            return dt.date.fromisoformat(cleaned)
    except ValueError:
        pass
    raise CorrectionError(f"“{text}” is not a date written YYYY-MM-DD.")


def cutoff_from_text(text: str) -> str:
    cleaned = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}", cleaned):
        date_from_text(f"{cleaned}-01")
        return cleaned
    date_from_text(cleaned)
    return cleaned


def license_from_text(text: str) -> License:
    cleaned = text.strip()
    license_ = (
        License.objects.filter(slug__iexact=cleaned).first()
        or License.objects.filter(name__iexact=cleaned).first()
        or License.objects.filter(spdx_id__iexact=cleaned).exclude(spdx_id="").first()
    )
    if license_ is None:
        raise CorrectionError(
            f"“{text}” is not a license in the catalogue (give its name or SPDX id, "
            "e.g. Apache-2.0); an editor adds new licenses first."
        )
    return license_


def support_from_text(text: str) -> str:
    answers = {"yes": "yes", "true": "yes", "supported": "yes", "no": "no", "false": "no"}
    answers |= {"not supported": "no", "unknown": "unknown"}
    support = answers.get(text.strip().lower())
    if support is None:
        raise CorrectionError(f"“{text}” is not yes, no or unknown.")
    return support


def score_from_text(text: str) -> Decimal:
    cleaned = text.strip().removesuffix("%").strip()
    places = SCORE_FIELD.decimal_places
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise CorrectionError(f"“{text}” is not a score (e.g. 80.9).")
    score = Decimal(cleaned)
    if score != score.quantize(Decimal(1).scaleb(-places)):
        raise CorrectionError(f"“{text}” has more than {places} decimal places.")
    if abs(score) >= 10 ** (SCORE_FIELD.max_digits - places):
        raise CorrectionError(f"“{text}” is too large for a score.")
    return score


PARSERS = {
    "input_usd_per_mtok": price_from_text,
    "output_usd_per_mtok": price_from_text,
    "context_window_tokens": tokens_from_text,
    "max_output_tokens": tokens_from_text,
    "release_date": date_from_text,
    "knowledge_cutoff": cutoff_from_text,
    "license": license_from_text,
    SUPPORT: support_from_text,
    SCORE: score_from_text,
}


def accept_report(report: CorrectionReport, *, user, today: dt.date | None = None) -> None:
    """Apply the suggested value with the report's source, dated today; or change nothing.

    Raises CorrectionError (with the reason) when the report is not pending, names an unknown
    figure, or suggests a value the figure cannot take.
    """
    today = today or timezone.localdate()
    if why := report.decided_already():
        raise CorrectionError(why)
    parse = PARSERS.get(report.field)
    if parse is None:
        raise CorrectionError(f"“{report.field}” is not a figure reports can change.")
    if len(report.source_url) > URL_MAX_LENGTH:
        raise CorrectionError(f"its source URL is longer than {URL_MAX_LENGTH} characters.")
    value = parse(report.suggested_value)
    with transaction.atomic():
        if report.field == SUPPORT:
            _apply_capability(report, value)
        elif report.field == SCORE:
            _apply_score(report, value, today)
        elif report.field in OFFERING_FIGURES:
            offering = report.offering
            if offering is None:
                raise CorrectionError("the offering it names no longer exists.")
            setattr(offering, report.field, value)
            offering.source_url = report.source_url
            offering.last_verified_on = today
            offering.price_effective_on = today
            save_checked(offering, [report.field], CorrectionError)
        else:
            model = report.model
            if model is None:
                raise CorrectionError("the model it names no longer exists.")
            setattr(model, report.field, value)
            save_checked(model, [report.field], CorrectionError)
            FactSource.objects.update_or_create(
                model=model,
                field=MODEL_FIGURES[report.field][1],
                defaults={
                    "url": report.source_url,
                    "checked_on": today,
                    "note": f"Correction report #{report.pk}",
                },
            )
        report.decide(CorrectionReport.Status.ACCEPTED, user)


def _apply_capability(report: CorrectionReport, support: str) -> None:
    if report.model is None or report.capability is None:
        raise CorrectionError("the model or capability it names no longer exists.")
    ModelCapability.objects.update_or_create(
        model=report.model,
        capability=report.capability,
        defaults={"support": support, "source_url": report.source_url},
    )


def _apply_score(report: CorrectionReport, score: Decimal, today: dt.date) -> None:
    result = report.benchmark_result
    if result is None:
        raise CorrectionError("the benchmark result it names no longer exists.")
    result.score = score
    result.source_url = report.source_url
    result.checked_on = today
    save_checked(result, [SCORE], CorrectionError)  # its clean(): the benchmark's score range


def reject_report(report: CorrectionReport, *, user) -> None:
    if why := report.decided_already():
        raise CorrectionError(why)
    report.decide(CorrectionReport.Status.REJECTED, user)
