"""HTTP routers, one a resource, thin: parse parameters, ask the store, format the answer."""
