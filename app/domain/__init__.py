"""Pure domain: models, partial dates, status over time, words in both languages; imports nothing of the app."""
