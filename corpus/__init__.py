"""The synthetic corpus: made-up published monographs for benchmarks and tests; no models."""
