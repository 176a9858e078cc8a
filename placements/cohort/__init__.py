"""The cohort: SSDA903 returns, their import, the children and episodes, and the measures."""
