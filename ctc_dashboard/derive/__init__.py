"""Tables derived from a Dataset: filters, summaries, profiles, search, continuity, exports. No figures, no pages."""
