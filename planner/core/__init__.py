"""The core: a loaded scenario into a problem (profiles, pruning), the CP-SAT model, the staged solve, and
the one pipeline every plan goes through (`pipeline.run`), with the library API over it (`planning`)."""
