"""Access-code inventory: counts and code-file imports."""
