"""HTTP routers, one a resource."""
