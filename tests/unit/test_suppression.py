"""The suppression rule: small counts, the rates beside them and a complement in each total."""

from __future__ import annotations

from divert_desktop.core.suppression import Figures, recoverable, shown_count, suppress


def test_a_share_or_rate_of_a_small_count_is_hidden() -> None:
    figures = Figures(
        {"referrals": 37, "withdrawn": 1, "due": 3, "dna": 2, "engaged": 20},
        ratios={
            "share": ("withdrawn", "referrals"),
            "dna_rate": ("dna", "due"),
            "engaged_share": ("engaged", "referrals"),
        },
    )
    hidden = suppress(figures)
    assert hidden == {"withdrawn", "due", "dna", "share", "dna_rate"}
    assert shown_count(1) == "<5" and shown_count(0) == 0 and shown_count(4, internal=True) == 4


def test_a_total_cannot_give_the_one_small_count_back() -> None:
    figures = Figures(
        {"referrals": 203, "eligible": 200, "ineligible": 3, "a": 150, "b": 50},
        sums=[("referrals", ("eligible", "ineligible")), ("eligible", ("a", "b"))],
    )
    assert recoverable(figures, {"ineligible"}) == {"ineligible"}
    hidden = suppress(figures)
    # eligible goes too; then its own parts would add up to it, so the smaller part goes as well
    assert hidden == {"ineligible", "eligible", "b"}
    assert recoverable(figures, hidden) == set()


def test_zeros_are_hidden_last_and_nothing_leaks_through_a_chain() -> None:
    figures = Figures(
        {"t": 20, "x": 2, "z": 0, "y": 18, "u": 18, "v": 0},
        sums=[("t", ("x", "z", "y")), ("y", ("u", "v"))],
    )
    hidden = suppress(figures)
    assert "x" in hidden and "z" not in hidden and "y" in hidden
    assert recoverable(figures, hidden) == set()
