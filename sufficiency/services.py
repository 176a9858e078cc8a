from sufficiency.models import LocalAuthority


def council_status(*, la: LocalAuthority) -> list[dict]:
    """What is loaded for a council and what to do next, for the overview page.

    Each later part of the product adds its line here so the overview stays the one place that
    says what is missing.
    """
    from sufficiency.status import status_lines

    return status_lines(la)
