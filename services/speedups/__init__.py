"""Measured optimisations, fenced off: each module says what it speeds up and by how much, and
has a parity test beside it in tests/speedups/ proving it answers as the plain way would."""
