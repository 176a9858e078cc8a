"""The strategy and its action plan, under /<la>/actions/."""

from sufficiency.plan.urls import urlpatterns

__all__ = ["urlpatterns"]
