"""The glossary: the terms a board member meets in the service and its documents, defined ONCE.

Rendered as the web page /help/glossary/ and, through templates/reports/print/_glossary.html,
at the end of both PDFs (the quarterly dashboard and the strategy). Add a term here, never in a
template or a document.
"""

from dataclasses import dataclass

from django.utils.text import slugify


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    also: str = ""  # another name or abbreviation a reader meets

    @property
    def slug(self) -> str:
        return slugify(self.term)


TERMS: tuple[Term, ...] = (
    Term(
        "Children looked after",
        "Children in the council's care: under a care order, or accommodated with their "
        "parents' agreement (section 20 of the Children Act 1989). The service counts them "
        "from the council's SSDA903 returns.",
        also="CLA, children in care, looked-after children",
    ),
    Term(
        "CLA rate per 10,000",
        "Children looked after on a date for every 10,000 children under 18 living in the "
        "area: how councils of different sizes are compared.",
    ),
    Term(
        "SSDA903 return",
        "The data each council sends the Department for Education every year about the "
        "children it looks after: their episodes of care, placements and leaving care. An "
        "in-year extract is the same tables taken before the year ends.",
        also="903",
    ),
    Term(
        "Unaccompanied asylum-seeking children",
        "Children who arrive in the UK without a parent or carer and claim asylum; the council "
        "looks after them, some through the National Transfer Scheme.",
        also="UASC",
    ),
    Term(
        "Placement type",
        "Where a child lives, as coded in the SSDA903 return: K1 a secure children's home; K2 a "
        "children's home; U1 to U3 fostering with a relative or friend (kinship); U4 to U6 "
        "fostering with other foster carers, the council's own or an agency's; P1 placed with "
        "parents; A3 to A6 placed for adoption; S1 a residential school; H5, K3 and P2 "
        "supported accommodation; R1 to R5 and P3 other residential settings.",
        also="K1, K2, U1 to U6, P1",
    ),
    Term(
        "Independent fostering agency",
        "A private or voluntary organisation that approves and supports foster carers; the "
        "council pays it for each child placed.",
        also="IFA",
    ),
    Term(
        "Sufficiency duty",
        "Section 22G of the Children Act 1989: the council must take steps to secure, as far "
        "as reasonably practicable, enough homes within its area that meet the needs of the "
        "children it looks after.",
    ),
    Term(
        "Statistical neighbours",
        "The ten councils most like this one on a set of social and economic measures, chosen "
        "by the Department for Education; figures are compared with their average.",
    ),
    Term(
        "RAG status",
        "Red, amber or green: whether an action or measure is off track (red), at risk (amber) "
        "or on track (green). Complete and not started are shown apart.",
        also="RAG",
    ),
    Term(
        "Staying Put",
        "An arrangement for a young person to stay with their foster carers after 18, up to 21; "
        "they are no longer looked after, but the council still supports the arrangement.",
    ),
    Term(
        "Care leaver",
        "A young person who was looked after for at least 13 weeks after the age of 14, "
        "including on their 16th birthday; the council supports them up to 25.",
    ),
    Term(
        "Ofsted grade",
        "Ofsted's judgement of a home or service at its last full inspection: outstanding, "
        "good, requires improvement to be good, or inadequate.",
    ),
    Term(
        "Placement stability",
        "Children having few moves: the share of children with three or more placements in a "
        "year, and of those in care for two and a half years in the same home for two.",
    ),
    Term(
        "Forecast",
        "How many children may be in care in each type of placement in the months ahead, "
        "learnt from how children came into care, moved and left over the recent past, with a "
        "likely range.",
    ),
    Term(
        "Per child-year",
        "How many times something happens for each year a child spends in a type of placement: "
        "0.20 is once in five years.",
    ),
    Term(
        "Protective marking",
        "The Government Security Classification of the data, such as OFFICIAL-SENSITIVE: how "
        "documents must be stored and shared.",
    ),
)


def terms() -> list[Term]:
    """All the terms, in alphabetical order of the term."""
    return sorted(TERMS, key=lambda t: t.term.casefold())
