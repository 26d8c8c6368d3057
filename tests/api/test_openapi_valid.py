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
