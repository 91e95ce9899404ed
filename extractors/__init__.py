"""spaCy components that read mentions and statements from article text, without a statistical model."""
