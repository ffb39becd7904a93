"""The content domain of the schema."""
