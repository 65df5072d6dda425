"""The one rule for what an editor owns (catalog.importers.bookkeeping.decide), case by case."""

import pytest

from catalog.importers.bookkeeping import BUNDLED, EDITOR, MISSING, decide

MODELS_DEV, OPENROUTER = "models.dev", "openrouter"


@pytest.mark.parametrize(
    ("current", "new", "previous", "owner", "source", "locked", "expected"),
    [
        # Nothing to do, or the source agrees with a value it never set.
        (5, 5, 5, MODELS_DEV, MODELS_DEV, False, "same"),
        (None, None, MISSING, "", MODELS_DEV, False, "same"),
        (5, 5, MISSING, "", MODELS_DEV, False, "adopt"),
        (5, 5, 4, BUNDLED, MODELS_DEV, False, "adopt"),
        # A lock beats everything, even an unknown the source could fill.
        (None, 5, MISSING, "", BUNDLED, True, "locked"),
        # Never set by a source: an unknown is filled, an editor's value is kept.
        (None, 5, MISSING, "", MODELS_DEV, False, "set"),
        (4, 5, MISSING, "", MODELS_DEV, False, "edited"),
        (4, None, MISSING, "", MODELS_DEV, False, "ignore"),
        # Set by a source, then changed by an editor: kept, whoever asks.
        (3, 5, 4, MODELS_DEV, MODELS_DEV, False, "edited"),
        (3, 5, 4, BUNDLED, BUNDLED, False, "edited"),
        # Untouched since a source set it: the same source updates it; the bundled
        # catalogue outranks imports; an import does not outrank another source.
        (4, 5, 4, MODELS_DEV, MODELS_DEV, False, "set"),
        (4, 5, 4, MODELS_DEV, BUNDLED, False, "set"),
        (4, 5, 4, BUNDLED, MODELS_DEV, False, "outranked"),
        (4, 5, 4, MODELS_DEV, OPENROUTER, False, "outranked"),
        # Accepted by an editor from a proposal: the editor's, even for the bundled
        # catalogue; a source agreeing with it changes nothing.
        (4, 5, 4, EDITOR, BUNDLED, False, "edited"),
        (4, 5, 4, EDITOR, MODELS_DEV, False, "edited"),
        (4, None, 4, EDITOR, MODELS_DEV, False, "edited"),
        (4, 4, 4, EDITOR, MODELS_DEV, False, "same"),
    ],
)
def test_decide(current, new, previous, owner, source, locked, expected):
    decision = decide(
        current=current, new=new, previous=previous, owner=owner, source=source, locked=locked
    )
    assert decision == expected
