"""The OpenAPI document is a valid OpenAPI 3 document (openapi-spec-validator), so clients
generated from it, and the operation table that is checked against it, rest on a real contract."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from styringsdialog.api import api


def test_the_schema_validates():
    # the document as served: through JSON, like a client reads it
    validate(json.loads(json.dumps(api.get_openapi_schema(), default=str)))


def test_the_validator_is_not_a_rubber_stamp():
    broken = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    path = next(iter(broken["paths"]))
    broken["paths"][path] = {"get": {"responses": "none"}}
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


@pytest.mark.django_db
def test_the_served_document_is_the_validated_one(client):
    served = client.get("/api/v1/openapi.json").json()
    assert served["paths"].keys() == api.get_openapi_schema()["paths"].keys()


def _schema_classes(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_schema_classes(sub))
    return found


def test_every_schema_name_is_one_class():
    """django-ninja names an OpenAPI component after its class: two classes with one name would
    share one component, and one of the two operations would document the other's shape."""
    from collections import defaultdict

    from ninja import Schema

    api.get_openapi_schema()  # imports every router's module
    modules: dict[str, set[str]] = defaultdict(set)
    for cls in _schema_classes(Schema):
        if cls.__module__.startswith("styringsdialog.") and not cls.__module__.startswith(
            "styringsdialog.lib."
        ):
            modules[cls.__name__].add(cls.__module__)
    assert {name: sorted(m) for name, m in modules.items() if len(m) > 1} == {}
