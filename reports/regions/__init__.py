"""The region's pages: members side by side, cross-border placements, the shared market and
the regional board report (ADR 0020). Reads the other areas one way, like the rest of reports/."""
