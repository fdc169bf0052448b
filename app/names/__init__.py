"""Names to sites: Arabic and Latin normalisation and the geocoder; imports only app.domain."""
