"""The OpenAPI description: a valid OpenAPI 3.0 document, and the API keeps its promises under fuzzing."""

import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from web.openapi import spec

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_openapi_document_is_valid_openapi_3(client):
    resp = client.get("/api/openapi.json")
    assert resp.status_code == 200
    validate(resp.get_json())


def test_openapi_documents_every_api_endpoint_and_parameter_bound(client):
    doc = client.get("/api/openapi.json").get_json()
    assert {"/api/search", "/api/article/{id}", "/api/suggest", "/api/stats"} <= set(doc["paths"])
    params = {p["name"]: p for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert params["page"]["schema"]["minimum"] == 1 and params["page"]["schema"]["maximum"] == 100
    assert params["size"]["schema"]["maximum"] == 100
    assert params["sort"]["schema"]["enum"] == ["relevance", "newest", "oldest"]
    assert all(params[f]["schema"]["type"] == "array" and params[f]["explode"]
               for f in ("reporter", "district", "source", "kind", "year", "month"))
    assert {"from", "to"} <= set(params)
    assert doc["components"]["schemas"]["Error"]["required"] == ["error"]


schema = schemathesis.openapi.from_dict(spec())


@schema.parametrize()
@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_api_answers_generated_requests_as_documented_and_never_with_a_500(case, app):
    # The in-process WSGI transport does not undo gzip, so ask for plain bodies.
    case.call_and_validate(checks=CHECKS, app=app, headers={"Accept-Encoding": "identity"})
