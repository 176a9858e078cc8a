"""The overview's checklist: what a council has loaded, and the next thing to do."""

from sufficiency.models import LocalAuthority


def status_lines(la: LocalAuthority) -> list[dict]:
    populations = la.populations.count()
    return [
        {
            "title": "Population aged 0 to 17",
            "done": populations > 0,
            "detail": f"{populations} years recorded" if populations else "Not recorded yet",
            "next": "Used for the rate per 10,000 children.",
        },
    ]
