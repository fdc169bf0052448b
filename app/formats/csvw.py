"""The CSV on the Web (W3C CSVW) metadata of a CSV download: its columns, title, data version and citation.

Served at the CSV's address plus `-metadata.json`, where CSVW processors look for it by default,
so the CSV itself stays a plain table (a comment line would break spreadsheet and GDAL readers).
"""

from typing import Any

CSVM = "application/csvm+json"


def csv_metadata(csv_name: str, columns: tuple[str, ...], meta: dict[str, Any]) -> dict[str, Any]:
    """The CSVW metadata document of a CSV file (named relative to the document) with these columns."""
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": csv_name,
        "dc:title": meta["title"],
        "dc:license": {"@id": meta["license"]},
        "dc:bibliographicCitation": meta["citation"],
        "schema:version": meta["data_version"],
        "schema:url": {"@id": meta["url"]},
        "dc:date": meta["accessed"],
        "dialect": {"encoding": "utf-8", "header": True},
        "tableSchema": {"columns": [{"name": c, "titles": c, "datatype": "string"} for c in columns]},
    }
