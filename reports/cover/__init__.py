"""The committee paper around a report: its cover (meeting, people, recommendations and
reasons), its implications, sign-offs and background papers, and, for the strategy, children's
voice and the review of the previous strategy. docs/adr/0013-committee-paper-cover.md."""
