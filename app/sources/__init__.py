"""The hand-edited sources and the build: read, validate, layers, synthetic data; imports names, domain."""
