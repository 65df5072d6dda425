"""The commands `make run` uses to give a fresh site its presets and featured pairs."""

import pytest
from django.core.management import call_command

from comparisons.models import TrafficProfile

pytestmark = pytest.mark.django_db


def test_load_traffic_profiles_is_idempotent_and_keeps_editors_changes():
    call_command("load_traffic_profiles")
    assert TrafficProfile.objects.count() == 5
    assert TrafficProfile.objects.default().slug == "production-app"
    rag = TrafficProfile.objects.get(slug="rag")
    rag.input_tokens_per_request = 9000
    rag.save()
    call_command("load_traffic_profiles")
    assert TrafficProfile.objects.count() == 5
    assert TrafficProfile.objects.get(slug="rag").input_tokens_per_request == 9000


def test_load_featured_comparisons_features_the_bundled_pairs_once(bundled):
    from comparisons.models import CuratedComparison

    call_command("load_featured_comparisons")
    featured = set(CuratedComparison.objects.featured().values_list("key", flat=True))
    assert "claude-haiku-4-5-vs-qwen3-5-4b" in featured
    assert len(featured) == 9
    CuratedComparison.objects.filter(key="claude-haiku-4-5-vs-qwen3-5-4b").update(is_featured=False)
    call_command("load_featured_comparisons")  # an editor's choice is kept
    assert CuratedComparison.objects.count() == 9
    assert not CuratedComparison.objects.get(key="claude-haiku-4-5-vs-qwen3-5-4b").is_featured
