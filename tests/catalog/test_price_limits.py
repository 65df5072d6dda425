"""One price ceiling, from the columns that store prices (catalog.models.MONEY): a source, a
visitor's report and a filter accept the largest price a column holds and refuse the next."""

import pytest

from catalog.corrections import CorrectionError, price_from_text
from catalog.filters import LanguageModelFilter
from catalog.importers.parsing import FileProblem, parse_price
from catalog.models import MAX_PRICE, MONEY, PRICE_STEP, LanguageModel

OVER = MAX_PRICE + PRICE_STEP


def test_the_ceiling_is_the_largest_value_the_price_columns_hold():
    assert (
        str(MAX_PRICE)
        == "9" * (MONEY["max_digits"] - MONEY["decimal_places"])
        + "."
        + "9" * (MONEY["decimal_places"])
    )


def test_a_source_price_at_the_ceiling_is_kept_and_one_step_over_is_refused():
    assert parse_price(str(MAX_PRICE), "cost.input") == MAX_PRICE
    with pytest.raises(FileProblem, match="too large"):
        parse_price(str(OVER), "cost.input")


def test_a_reported_price_at_the_ceiling_is_kept_and_one_step_over_is_refused():
    assert price_from_text(str(MAX_PRICE)) == MAX_PRICE
    with pytest.raises(CorrectionError, match="too large"):
        price_from_text(str(OVER))


@pytest.mark.django_db
def test_a_filter_takes_the_ceiling_and_refuses_one_step_over():
    def form(price):
        return LanguageModelFilter({"max_input_price": price}, LanguageModel.objects.all()).form

    assert form(str(MAX_PRICE)).is_valid()
    form = form(str(OVER))
    assert not form.is_valid()
    assert f"less than or equal to {MAX_PRICE}" in str(form.errors["max_input_price"])
