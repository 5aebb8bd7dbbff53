"""Developer tools: synthetic rosters (`planner generate`) and the benchmarks (`python -m
planner.tools.benchmark`, `benchmark_modes`, `benchmark_scored`)."""
