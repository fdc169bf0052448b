"""The downloads (CSV, GeoJSON, KML, GeoPackage), each a pure function of sites and a date; imports store, domain."""
