"""The campaigns domain of the schema."""
