"""Template filters that show figures the same way everywhere: {% load figures %}."""

from django import template

from catalog import formatting

register = template.Library()

register.filter("usd", formatting.format_price)  # a price per 1M tokens: $0.80
register.filter("money", formatting.format_money)  # a monthly amount: $1,640
register.filter("tokens", formatting.format_tokens)  # 200k


@register.filter
def signed_usd(amount):
    """A price change: +$0.20 / -$0.20."""
    if amount is None:
        return formatting.UNKNOWN
    sign = "+" if amount > 0 else "-" if amount < 0 else "±"
    return f"{sign}{formatting.format_price(abs(amount))}"
