"""The identity domain of the schema."""
