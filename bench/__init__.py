"""Benchmarks and load scripts; run from the README, never as timed asserts in tests."""
