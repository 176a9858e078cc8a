"""The starting drafts of the financial, legal and equalities implications, on hand-worked
figures."""

from datetime import date

from reports import cover_drafts as drafts
from reports.cover_presenters import you_said_we_did

ON = date(2025, 3, 31)


def test_financial_draft_sets_spend_against_the_budget():
    figures = drafts.SpendFigures(
        on=ON, year=2025, months=12, projected=56_100_000, budget=38_000_000,
        lowest_scenario=("Step down", 54_400_000), annual_spend=55_400_000, costed_children=669,
    )  # fmt: skip
    # Gap: 56.1m − 38.0m = 18.1m; 18.1 / 38.0 = 47.63% → 47.6%. The lowest scenario leaves
    # 54.4m − 38.0m = 16.4m.
    assert drafts.financial(figures) == (
        "The placements budget for 2025-26 is £38.0m. On current trends, placement spend in "
        "2025-26 is projected at £56.1m, £18.1m (47.6%) more than the budget. The scenario that "
        "projects least, “Step down”, projects £54.4m: still £16.4m more than the budget. At "
        "the prices recorded in the market data, the placements of the 669 children whose "
        "price is known on 31 March 2025 cost £55.4m a year."
    )


def test_financial_draft_under_budget_and_without_a_budget():
    under = drafts.SpendFigures(on=ON, year=2026, months=9, projected=9_000_000, budget=10_000_000)
    # 1.0m under a 10.0m budget is 10.0%; the year is only partly forecast (9 months).
    assert drafts.financial(under) == (
        "The placements budget for 2026-27 is £10.0m. On current trends, placement spend in "
        "2026-27 (the 9 months forecast) is projected at £9.0m, £1.0m (10.0%) less than the "
        "budget."
    )
    none = drafts.SpendFigures(on=ON, year=2026, months=12, projected=9_000_000)
    assert drafts.financial(none) == (
        "On current trends, placement spend in 2026-27 is projected at £9.0m. No placements "
        "budget is recorded for 2026-27."
    )
    assert drafts.financial(drafts.SpendFigures(on=ON)) == (
        "No forecast, budget or placement costs are recorded yet."
    )


def test_legal_draft_cites_the_duty_the_guidance_and_the_regulations():
    text = drafts.legal(council="Demo City Council", strategy=True)
    assert text.startswith("Section 22G of the Children Act 1989 requires Demo City Council")
    assert (
        "Sufficiency: statutory guidance on securing sufficient accommodation for looked after "
        "children (Department for Children, Schools and Families, 2010)" in text
    )
    assert "The Care Planning, Placement and Case Review (England) Regulations 2010" in text
    assert text.endswith("This strategy is how the council meets that duty and keeps it under "
                         "review.")  # fmt: skip
    assert drafts.legal(council="X", strategy=False).endswith(
        "This report monitors how the council is delivering its sufficiency strategy."
    )


def test_equalities_draft_gives_sex_age_ethnicity_and_disability():
    figures = drafts.EqualityFigures(
        on=ON, cla=40,
        sex={"male": 22, "female": 17, "unknown": 1},
        age_bands={"under_1": 0, "1_4": 4, "5_9": 8, "10_15": 18, "16_plus": 10},
        ethnicity={"white": 30, "mixed": 0, "asian": 2, "black": 6, "other": 0, "not_known": 2},
        disability=3, residential_school=0, uasc=5,
    )  # fmt: skip
    # Of 40: 22 = 55.0%, 17 = 42.5%, 1 = 2.5%; 4 = 10.0%, 8 = 20.0%, 18 = 45.0%, 10 = 25.0%;
    # 30 = 75.0%, 2 = 5.0%, 6 = 15.0%; disability 3 = 7.5%; UASC 5 = 12.5%. Groups with no
    # children are left out.
    assert drafts.equalities(figures) == (
        "Of the 40 children looked after on 31 March 2025: 22 (55.0%) male, 17 (42.5%) female "
        "and 1 (2.5%) sex not recorded. By age: 4 (10.0%) aged 1 to 4, 8 (20.0%) aged 5 to 9, "
        "18 (45.0%) aged 10 to 15 and 10 (25.0%) aged 16 and over. By ethnicity: 30 (75.0%) "
        "White, 2 (5.0%) Asian or Asian British, 6 (15.0%) Black or Black British and 2 (5.0%) "
        "ethnicity not known. 3 (7.5%) were in care mainly because of their disability "
        "(category of need N4); none lived in residential special schools. 5 (12.5%) were "
        "unaccompanied asylum-seeking children."
    )
    assert drafts.equalities(None).startswith("No children's figures are loaded yet")


def test_you_said_we_did_pairs():
    text = (
        "Too far from school.\nWe find homes nearer.\n\nMoving at 18.\r\n\r\nToo many moves.\nPanel"
    )
    assert you_said_we_did(text) == [
        ("Too far from school.", "We find homes nearer."),
        ("Moving at 18.", ""),
        ("Too many moves.", "Panel"),
    ]
