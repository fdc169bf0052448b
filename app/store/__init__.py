"""The loaded data set: load once, index, query, and views of a loaded site; imports app.names and app.domain."""

from app.store.load import Extent
from app.store.query import EventFilters, Filters
from app.store.store import Store

__all__ = ["EventFilters", "Extent", "Filters", "Store"]
