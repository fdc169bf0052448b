"""The HTTP side: edge, cache, errors, CSP, parameters, routes, static export; imports every package below."""
