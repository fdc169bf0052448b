"""Coalition Bases Atlas: a sourced, bilingual atlas of the anti-ISIS coalition's bases."""

__version__ = "0.1.0"
