"""The news reader: proposes sourced events (site, type, date, outlet) in a text, for an editor to review."""
