"""The API keeps its contract: unknown paths and wrong methods answer in the JSON error shape,
every operation declares its error answers, and every parameter is bounded in the schema."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from styringsdialog.api import api

pytestmark = pytest.mark.django_db

SCHEMA = api.get_openapi_schema()
OPERATIONS = sorted(
    (method, path, operation)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
)
OPERATION_IDS = [f"{m.upper()} {p}" for m, p, _ in OPERATIONS]


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status and error["code"] == code and error["message"]
    return error


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/findes-ikke",
        "/api/v1/kommuner/151/noget-andet",
        "/api/v1/kommuner/",
        "/api/v2/kommuner",
        "/api/",
        "/api/v1",
    ],
)
def test_unknown_paths_under_api_are_404_in_the_json_shape(client, path):
    assert_error_shape(client.get(path), 404, "not_found")


def test_an_unsafe_request_to_an_unknown_path_is_404_json_not_a_csrf_page(world, client_for):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    assert_error_shape(client.post("/api/v1/findes-ikke", {}), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/api/v1/kommuner", "GET, HEAD, OPTIONS"),
        ("post", "/api/v1/departments/0151/008", "GET, HEAD, OPTIONS"),
        ("put", "/api/v1/agreements/1/status", "POST, OPTIONS"),
        ("patch", "/api/v1/referater", "GET, HEAD, OPTIONS"),
    ],
)
def test_a_wrong_method_is_405_in_the_json_shape_with_allow(
    world, client_for, method, path, allowed
):
    client = client_for(world.users["caseworker_ballerup"])
    response = getattr(client, method)(path)
    assert_error_shape(response, 405, "method_not_allowed")
    assert response["Allow"] == allowed


def test_the_error_shape_is_a_schema_component():
    component = SCHEMA["components"]["schemas"]["ErrorOut"]
    body = SCHEMA["components"]["schemas"][component["properties"]["error"]["$ref"].split("/")[-1]]
    assert set(body["required"]) == {"status", "code", "message", "details"}


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_every_operation_declares_its_error_answers(method, path, operation):
    responses = {int(s): r for s, r in operation["responses"].items()}
    declared = {s for s in responses if s >= 400}
    expected = {404, 422, 500}
    if operation.get("security"):
        expected |= {401, 429}
    if method in {"post", "put", "patch", "delete"}:
        expected |= {400, 403}
    assert expected <= declared
    for status in declared:
        content = responses[status]["content"]["application/json"]
        assert content["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    if 429 in declared:
        assert "Retry-After" in responses[429]["headers"]


def _parameter_schemas(operation):
    for parameter in operation.get("parameters", []):
        schema = parameter["schema"]
        for option in schema.get("anyOf", [schema]):
            if option.get("type") != "null":
                yield parameter["name"], option
    body = operation.get("requestBody", {}).get("content", {})
    for media in body.values():
        schema = media["schema"]
        if "$ref" in schema:
            schema = SCHEMA["components"]["schemas"][schema["$ref"].split("/")[-1]]
        for name, prop in schema.get("properties", {}).items():
            for option in prop.get("anyOf", [prop]):
                if option.get("type") != "null":
                    yield name, option


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_every_parameter_is_bounded_in_the_schema(method, path, operation):
    for name, schema in _parameter_schemas(operation):
        if schema.get("type") == "integer":
            assert "minimum" in schema and "maximum" in schema, f"{name} is an unbounded integer"
        if schema.get("type") == "string" and schema.get("format") not in {"binary", "date"}:
            assert "maxLength" in schema or "enum" in schema, f"{name} is an unbounded string"


PATH_VALUES = {"code": "151", "number": "0151", "org_number": "0151", "year": "2025"}


def concrete(path: str) -> str:
    """``path`` with its parameters filled in: Ballerup, Almenbo, 2025, id 1."""
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m.group(1), "1"), path)


PAGINATED = sorted(
    path
    for method, path, operation in OPERATIONS
    if any(p["name"] == "page" for p in operation.get("parameters", []))
)
WITH_YEAR = sorted(
    (path, p["name"])
    for method, path, operation in OPERATIONS
    if method == "get"
    for p in operation.get("parameters", [])
    if p["in"] == "query" and p["name"] in {"year", "aar", "styringsaar"}
)


def test_the_enumerations_find_lists_and_years():
    assert len(PAGINATED) >= 8 and len(WITH_YEAR) >= 6


@pytest.mark.parametrize("path", PAGINATED)
@pytest.mark.parametrize("page", ["3851474355451808710656", "0", "-1", "100001"])
def test_an_out_of_range_page_is_422_in_the_json_shape(world, client_for, path, page):
    client = client_for(world.users["admin"])
    error = assert_error_shape(client.get(concrete(path), {"page": page}), 422, "invalid")
    assert error["details"][0]["location"] == "query.page"


@pytest.mark.parametrize("path", PAGINATED)
def test_a_page_past_the_end_is_an_empty_list(world, client_for, path):
    response = client_for(world.users["admin"]).get(concrete(path), {"page": 100_000})
    # no run, no package, no meeting, no published referat in this world
    if (
        path.endswith("/efficiency")
        or "/packages/" in path
        or "/meetings/{" in path
        or "/referater/{" in path
        or "/benchmark-runs/{" in path
        or path.endswith("/afstemning/afdelinger")
        or "/agreements/{" in path
        or "/config/catalogues/{" in path  # no question catalogue in this world
        or "/construction/cases/{" in path  # no construction case in this world
        or "/anvisning/ledger/{" in path  # no anvisning ledger row in this world
    ):
        assert_error_shape(response, 404, "not_found")
    else:
        assert response.status_code == 200 and response.json()["items"] == []


def test_a_page_size_above_the_maximum_is_422(world, client_for):
    response = client_for(world.users["admin"]).get("/api/v1/kommuner", {"page_size": 101})
    assert_error_shape(response, 422, "invalid")


@pytest.mark.parametrize(("path", "name"), WITH_YEAR)
@pytest.mark.parametrize("year", ["-112", "0", "99999"])
def test_an_impossible_year_is_422(world, client_for, path, name, year):
    response = client_for(world.users["admin"]).get(concrete(path), {name: year, "q": "referat"})
    assert_error_shape(response, 422, "invalid")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/departments", {"q": "x" * 201}),
        ("/api/v1/organisations", {"kommune": "1" * 41}),
        ("/api/v1/referater/search", {"q": "referat", "limit": 1000}),
        ("/api/v1/referater/search", {"q": "referat", "offset": -1}),
        ("/api/v1/meetings/99999999999999999999999", {}),
        ("/api/v1/kommuner/" + "1" * 21, {}),
    ],
)
def test_overlong_strings_and_huge_numbers_are_422(world, client_for, path, params):
    response = client_for(world.users["admin"]).get(path, params)
    assert_error_shape(response, 422, "invalid")


def test_start_time_is_declared_as_the_wall_clock_string_it_is(world, client_for, api_data):
    declared = SCHEMA["components"]["schemas"]["MeetingOut"]["properties"]["start_time"]
    option = next(o for o in declared["anyOf"] if o.get("type") == "string")
    assert "format" not in option  # JSON Schema's "time" format demands a UTC offset
    body = client_for(world.users["caseworker_ballerup"]).get("/api/v1/meetings").json()
    value = body["items"][0]["start_time"]
    assert value == "10:00:00" and re.fullmatch(option["pattern"], value)


# --- HEAD and OPTIONS ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/kommuner", "/api/v1/kommuner/151"])
def test_head_answers_like_get_without_a_body(world, client_for, path):
    client = client_for(world.users["caseworker_ballerup"])
    got = client.get(path)
    head = client.head(path)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Content-Length"] == str(len(got.content))


def test_head_keeps_the_scope_and_the_error_status(world, client_for, client):
    assert client.head("/api/v1/kommuner").status_code == 401
    outsider = client_for(world.users["caseworker_kbh"])
    assert (
        outsider.get("/api/v1/kommuner/151/afstemning").status_code
        == outsider.head("/api/v1/kommuner/151/afstemning").status_code
    )
    assert client_for(world.users["admin"]).head("/api/v1/findes-ikke").status_code == 404


def test_head_on_a_path_without_get_is_405(world, client_for):
    response = client_for(world.users["admin"]).head("/api/v1/agreements/1/status")
    assert response.status_code == 405 and response["Allow"] == "POST, OPTIONS"
    assert response.content == b""


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/api/v1/kommuner", "GET, HEAD, OPTIONS"),
        ("/api/v1/agreements/1/status", "POST, OPTIONS"),
        ("/api/v1/jobs/1", "GET, HEAD, OPTIONS"),
    ],
)
def test_options_answers_204_with_allow(client, path, allowed):
    response = client.options(path)
    assert response.status_code == 204 and response["Allow"] == allowed
    assert response.content == b""


def test_every_operation_path_answers_options_with_its_methods(client):
    for path, operations in SCHEMA["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        response = client.options(concrete)
        assert response.status_code == 204, path
        allowed = set(response["Allow"].split(", "))
        assert {m.upper() for m in operations} <= allowed, path
        assert ("GET" in allowed) == ("HEAD" in allowed), path


def test_options_on_an_unknown_path_is_the_json_404(client):
    assert_error_shape(client.options("/api/v1/findes-ikke"), 404, "not_found")


@pytest.mark.django_db
def test_a_repeated_query_parameter_is_refused_in_the_error_shape(client):
    """No operation takes a list in the query string; ?organisation=a&organisation=b was
    silently read as b (found by schemathesis)."""
    response = client.get("/api/v1/departments?organisation=0151&organisation=0152")
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid" and "organisation" in body["message"]
    assert body["details"] == [
        {"location": "query.organisation", "message": "angivet mere end én gang"}
    ]


def _resolve(schema: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        return _resolve(SCHEMA["components"]["schemas"][ref.rsplit("/", 1)[1]])
    return schema


JSON_BODIES = sorted(
    (method, path)
    for method, path, operation in OPERATIONS
    if "application/json" in operation.get("requestBody", {}).get("content", {})
)


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_no_answer_is_a_bare_json_array(method, path, operation):
    """Lists are pages (``{"items": [...], "count": N}``) so a list can grow without a break."""
    for status, answer in operation.get("responses", {}).items():
        schema = answer.get("content", {}).get("application/json", {}).get("schema")
        if str(status).startswith("2") and schema:
            assert _resolve(schema).get("type") != "array", f"{status}: a bare array"


@pytest.mark.parametrize("body", ["[null, null]", "[]", '"tekst"', "null", '{"findes_ikke": 1}'])
@pytest.mark.parametrize(("method", "path"), JSON_BODIES)
def test_a_json_body_must_be_an_object_with_known_fields(world, client_for, method, path, body):
    """Checked before any lookup: the body's shape is the contract, whoever asks (422)."""
    client = client_for(world.users["admin"])
    response = getattr(client, method)(concrete(path), body, content_type="application/json")
    assert_error_shape(response, 422, "invalid")


def test_the_enumeration_finds_json_bodies():
    assert len(JSON_BODIES) >= 8
