"""Side-by-side benchmarks of monoql: shipped, optimisations off, and a floor client (not part of tests)."""
