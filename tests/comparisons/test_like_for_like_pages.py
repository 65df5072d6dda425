"""The bundled catalogue's comparisons rank benchmarks like with like (pages, real data)."""

from decimal import Decimal

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def compare(client, key):
    response = client.get(reverse("comparisons:compare", args=[key]))
    assert response.status_code == 200, key
    return response


def test_bundled_pairs_compare_like_with_like(client, bundled):

    response = compare(client, "claude-haiku-4-5-vs-claude-sonnet-4")
    comparison = response.context["comparison"]
    swe = next(r for r in comparison.benchmarks if r.slug == "swe-bench-verified")
    assert swe.name == "SWE-bench Verified (standard)"
    assert swe.cells == ("73.3", "72.7")
    assert (swe.leader.name, swe.gap_points) == ("Claude Haiku 4.5", Decimal("0.6"))
    parallel = next(r for r in comparison.other_settings if r.slug == "swe-bench-verified")
    assert (parallel.setting_label, parallel.cells) == (
        "Parallel test-time compute",
        ("Unknown", "80.2"),
    )
    assert (
        "Claude Haiku 4.5 holds a shared-benchmark lead on SWE-bench Verified (standard), ahead "
        "by 0.6 points." in comparison.tradeoffs[0].bullets
    )
    assert "ahead on 1 of 2 shared benchmark rows" in comparison.verdict.text
    assert "Other settings: shown for reference, never ranked or counted" in response.text

    opus = compare(client, "claude-opus-4-vs-claude-opus-4-1").context["comparison"]
    swe = next(r for r in opus.benchmarks if r.slug == "swe-bench-verified")
    assert (swe.cells, swe.leader.name) == (("72.5", "74.5"), "Claude Opus 4.1")

    response = compare(client, "claude-haiku-4-5-vs-gpt-4o-mini")
    comparison = response.context["comparison"]
    assert comparison.shared_rows == ()
    assert (
        "Claude Haiku 4.5 and GPT-4o mini share no benchmark on a like setting, so quality is "
        "not counted." in comparison.verdict.text
    )
    assert "No benchmark is shared on a like setting for this pair" in response.text
