"""What each deployment sets for itself: the protective marking of its data and who users
contact for help. Read from settings (environment variables with defaults), and used the same
way by the service's pages and by the documents (reports/print), which render without a request.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Deployment:
    marking: str  # the Government Security Classification of the data, e.g. OFFICIAL-SENSITIVE
    support_name: str
    support_email: str  # may be empty: then people ask their council's administrator

    @property
    def support_mailto(self) -> str:
        return f"mailto:{self.support_email}" if self.support_email else ""


def current() -> Deployment:
    return Deployment(
        marking=settings.PROTECTIVE_MARKING,
        support_name=settings.SUPPORT_NAME,
        support_email=settings.SUPPORT_EMAIL,
    )
