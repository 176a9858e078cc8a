"""Help for each area of the service: what the page shows, where its data comes from and what
to do next. Terms are defined in sufficiency/glossary.py, not here."""

from dataclasses import dataclass


@dataclass(frozen=True)
class HelpArea:
    slug: str
    title: str  # the area's name, as in the service navigation
    shows: str
    data_from: str
    next_steps: tuple[str, ...]


AREAS: tuple[HelpArea, ...] = (
    HelpArea(
        "overview",
        "Overview",
        "The council's headline figures at the latest date its data supports, with what needs "
        "attention: data that is out of date, actions overdue or off track, contracts ending "
        "soon and reports not yet produced.",
        "The council's SSDA903 returns and extracts, its market records and its action plan.",
        (
            "Follow a prompt to the page that deals with it.",
            "Check the date the data is as at before quoting a figure.",
        ),
    ),
    HelpArea(
        "children",
        "Children in care",
        "How many children the council looks after, who they are (age, sex, legal status, "
        "unaccompanied asylum-seeking children), where they live, how often they move, and "
        "how the rate per 10,000 compares with England and statistical neighbours.",
        "The council's SSDA903 returns, loaded on the Data page, and the Department for "
        "Education's published tables for the comparisons.",
        (
            "Choose a different date to see the figures as they were then.",
            "Download a table as CSV or Excel from the link under it.",
        ),
    ),
    HelpArea(
        "market",
        "Market",
        "The homes and providers the council uses: where children live by type of provider, "
        "Ofsted grades, distance from home, weekly costs and contracts.",
        "Ofsted's register of providers and the placements in the SSDA903 returns, matched by "
        "unique reference number (URN); costs and contracts entered by the council.",
        (
            "Look for placements with no provider recorded and correct them in the return.",
            "Check contracts that end in the next quarter.",
        ),
    ),
    HelpArea(
        "referrals",
        "Referrals",
        "Requests for a home for a child, whether a home was found, and the needs the council "
        "could not meet.",
        "Referrals entered by the council or imported in the Placements Data Standard format.",
        (
            "Record the outcome of each referral, so unmet needs are counted.",
            "Use the needs not met when planning new homes.",
        ),
    ),
    HelpArea(
        "forecast",
        "Forecast",
        "How many children may be in care in each type of placement over the next years, with "
        "a likely range, the costs that follow and the scenarios the council compares.",
        "Rates learnt from the council's SSDA903 returns: how children came into care, moved "
        "between types of placement and left care in the recent past.",
        (
            "Compare a scenario, for example more children placed with in-house foster carers.",
            "Read 'How far to trust it' before quoting a forecast.",
        ),
    ),
    HelpArea(
        "actions",
        "Action plan",
        "The sufficiency strategy's priorities, the actions that deliver them with their owner, "
        "due date and RAG status, and the measures that show progress.",
        "Entered by the council's commissioners. Every change is kept with who made it and when.",
        (
            "Add a quarterly update to each action before the board meets.",
            "If someone else saved the same action, check their values against yours.",
        ),
    ),
    HelpArea(
        "reports",
        "Reports",
        "The quarterly dashboard for the Corporate Parenting Board and the sufficiency "
        "strategy document, on screen and as PDFs, with the council's commentary.",
        "All the areas above, as known on the report's date.",
        (
            "Write the commentary for the quarter, then generate the PDF.",
            "The glossary at the end of each PDF explains the terms used.",
        ),
    ),
    HelpArea(
        "data",
        "Data",
        "The SSDA903 returns and extracts loaded, the checks they passed and the population "
        "figures used for rates.",
        "Files exported from the council's case-management system in the SSDA903 format.",
        (
            "Load the latest return or in-year extract, check the preview, then accept it.",
            "Fix the errors the checks find in the case-management system, then load again.",
        ),
    ),
)

BY_SLUG = {area.slug: area for area in AREAS}
