"""The app's OpenAPI document: FastAPI's, each query parameter shown in the form the server checks, made daily.

A parameter declared with `json_schema_extra={"x-form": NAME}` gets the schema of that form
(app.web.forms); `as_of` runs up to today, so the document is made again each day.
"""

from datetime import date
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.domain.dates import today
from app.web import forms
from app.web.forms import Form


def forms_of(app: FastAPI, day: date) -> dict[str, Form]:
    """Every form a parameter may name, for this app (its site ids, its page size) on a day."""
    ids = sorted(app.state.store.by_id)
    return {"as_of": forms.as_of(day), "flag": forms.FLAG, "country": forms.COUNTRY, "status": forms.STATUS,
            "kind": forms.KIND, "type": forms.EVENT_TYPE, "bbox": forms.BBOX, "q": forms.TEXT, "name": forms.NAME,
            "day": forms.DAY, "lang": forms.LANG, "site_sort": forms.SITE_SORT, "event_sort": forms.EVENT_SORT,
            "limit": forms.number(1, app.state.settings.max_limit), "offset": forms.number(0, 10**9),
            "sites": forms.sites(ids), "site": forms.Form(forms.optional(forms.words(ids, fold=False)),
                                                          "a site id from /bases")}


def _rewrite(schema: dict[str, Any], known: dict[str, Form]) -> dict[str, Any]:
    """One parameter's schema: its form's (a list of them if it repeats), else the non-null branch."""
    branches = [b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"]
    kept = {k: v for k, v in schema.items() if k in ("description", "examples", "default", "title")}
    name = schema.get("x-form")
    if name is None:
        extra = {k: v for k, v in schema.items() if k not in ("anyOf", "items", "pattern")}
        return {**(branches[0] if len(branches) == 1 else {"anyOf": branches}), **extra}
    form = known[name]
    return {**(form.many() if branches and branches[0].get("type") == "array" else form.schema()), **kept}


def document(app: FastAPI, day: date) -> dict[str, Any]:
    """FastAPI's document with every query parameter's schema rewritten (see the module docstring)."""
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    known = forms_of(app, day)
    for operations in doc.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and "schema" in parameter:
                    parameter["schema"] = _rewrite(parameter["schema"], known)
    return doc


def install(app: FastAPI) -> None:
    """Serve `document` as the app's /openapi.json, made once a day."""
    made: dict[date, dict[str, Any]] = {}

    def openapi() -> dict[str, Any]:
        day = today()
        if day not in made:
            made.clear()
            made[day] = document(app, day)
        return made[day]

    app.openapi = openapi  # type: ignore[method-assign]
