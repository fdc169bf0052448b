"""What browsers get: the Folium map, page rendering, the static JS and CSS; imports app.store and below."""
