"""The markets domain of the schema."""
