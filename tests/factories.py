"""Factories for every catalogue model: the one place tests build data."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from catalog import models


class LabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Lab
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Lab {n}")
    slug = factory.Sequence(lambda n: f"lab-{n}")


class ModelFamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ModelFamily

    name = factory.Sequence(lambda n: f"Family {n}")
    slug = factory.Sequence(lambda n: f"family-{n}")
    lab = factory.SubFactory(LabFactory)


class LicenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.License
        django_get_or_create = ("slug",)

    name = "Apache 2.0"
    slug = "apache-2-0"
    spdx_id = "Apache-2.0"
    osi_approved = True
    openness = models.License.Openness.OPEN_SOURCE
    commercial_use = models.License.CommercialUse.ALLOWED


class ProprietaryLicenseFactory(LicenseFactory):
    name = "Proprietary"
    slug = "proprietary"
    spdx_id = ""
    osi_approved = False
    openness = models.License.Openness.PROPRIETARY
    commercial_use = models.License.CommercialUse.CONDITIONS


class CapabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Capability
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Capability {n}")
    slug = factory.Sequence(lambda n: f"capability-{n}")


class UseCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.UseCase
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Use case {n}")
    slug = factory.Sequence(lambda n: f"use-case-{n}")


class LanguageModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LanguageModel

    name = factory.Sequence(lambda n: f"Model {n}")
    slug = factory.Sequence(lambda n: f"model-{n}")
    lab = factory.SubFactory(LabFactory)
    release_date = dt.date(2025, 6, 1)
    context_window_tokens = 128_000
    max_output_tokens = 8_192
    license = factory.SubFactory(ProprietaryLicenseFactory)
    input_modalities = ["text"]
    output_modalities = ["text"]
    is_published = True
    last_reviewed_on = factory.LazyFunction(dt.date.today)


class ModelAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ModelAlias

    model = factory.SubFactory(LanguageModelFactory)
    identifier = factory.Sequence(lambda n: f"model-id-{n}")


class ModelCapabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ModelCapability

    model = factory.SubFactory(LanguageModelFactory)
    capability = factory.SubFactory(CapabilityFactory)
    support = models.ModelCapability.Support.YES


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Provider
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Provider {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    kind = models.Provider.Kind.INFERENCE_HOST


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Offering

    model = factory.SubFactory(LanguageModelFactory)
    provider = factory.SubFactory(ProviderFactory)
    provider_model_id = factory.Sequence(lambda n: f"route-{n}")
    input_usd_per_mtok = Decimal("1.00")
    output_usd_per_mtok = Decimal("5.00")
    source_url = "https://example.com/pricing"
    last_verified_on = factory.LazyFunction(dt.date.today)


class BenchmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Benchmark
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Benchmark {n}")
    slug = factory.Sequence(lambda n: f"benchmark-{n}")
    min_score = Decimal("0")
    max_score = Decimal("100")


class BenchmarkResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BenchmarkResult

    model = factory.SubFactory(LanguageModelFactory)
    benchmark = factory.SubFactory(BenchmarkFactory)
    score = Decimal("50.0")
    source_url = "https://example.com/results"
    measured_on = dt.date(2025, 6, 1)


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FaqEntry

    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer."


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct horse battery")
        if create:
            self.save(update_fields=["password"])


class FactSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FactSource

    model = factory.SubFactory(LanguageModelFactory)
    field = models.FactSource.Field.CONTEXT_WINDOW
    url = "https://example.com/model-card"
    checked_on = factory.LazyFunction(dt.date.today)


class CuratedComparisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "comparisons.CuratedComparison"
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"a{n}-vs-b{n}")

    @factory.post_generation
    def language_models(self, create, extracted, **kwargs):
        if not create:
            return
        models_ = extracted or [LanguageModelFactory(), LanguageModelFactory()]
        self.language_models.set(models_)
        self.key = "-vs-".join(sorted(m.slug for m in models_))
        self.save(update_fields=["key"])


class TrafficProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "comparisons.TrafficProfile"

    name = factory.Sequence(lambda n: f"Workload {n}")
    slug = factory.Sequence(lambda n: f"workload-{n}")
    requests_per_day = 10_000
    input_tokens_per_request = 2_000
    output_tokens_per_request = 400


class CorrectionReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CorrectionReport

    model = factory.SubFactory(LanguageModelFactory)
    field = "context_window_tokens"
    current_value = "128000"
    suggested_value = "200000"
    source_url = "https://example.com/model-card"
    client_key = factory.Sequence(lambda n: f"{n:064x}")


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImportRun

    source = models.ImportRun.Source.MODELS_DEV
    path = "/data/models.dev"
    status = models.ImportRun.Status.APPLIED
    counts = factory.LazyFunction(lambda: {"changes": 0, "kept": 0, "skipped": 0})
    report = "models.dev import of /data/models.dev (applied)\n"


class ProposedChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProposedChange

    offering = factory.SubFactory(OfferingFactory)
    field = "input_usd_per_mtok"
    old_value = "1.00"
    new_value = "0.80"
    reason = "An editor changed this value after the last import."
    source = "models.dev snapshot of 2026-07-02: providers/p/models/m.toml"
    source_url = "https://example.com/pricing"
    source_date = dt.date(2026, 7, 2)
