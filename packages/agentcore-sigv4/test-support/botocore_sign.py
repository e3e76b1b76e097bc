"""Reference signer for the tests and the bench: signs AgentCore WebSocket connections with botocore exactly
as the official Python SDK (bedrock-agentcore AgentCoreRuntimeClient) does, at a fixed clock.

stdin:  {"cases": [{"form": "query"|"header", "base": "https://...", "region", "runtimeArn",
                    "service"? (default bedrock-agentcore), "action"? (the last path segment: "ws" default, "invocations", ...),
                    "body"? (header form: POST with this body),
                    "qualifier"?, "query"?: [[k, v], ...], "sessionId", "expiresIn",
                    "accessKeyId", "secretAccessKey", "sessionToken"?, "now": "2026-11-21T12:00:00Z"}],
         "bench"?: <iterations>}
stdout: {"results": [{"url", "headers"?}], "benchPerSecond"?: <float>}
"""
import datetime
import json
import sys
import time
from unittest import mock
from urllib.parse import quote, urlencode, urlsplit

import botocore.auth
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SESSION = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"


def build_url(case, with_session, strict=False):
    path = "/runtimes/" + quote(case["runtimeArn"], safe="") + "/" + case.get("action", "ws")
    params = []
    if case.get("qualifier") is not None:
        params.append(("qualifier", case["qualifier"]))
    params.extend((k, v) for k, v in case.get("query", []))
    if with_session:
        params.append((SESSION, case["sessionId"]))
    base = case["base"].rstrip("/")
    # The Python SDK uses urlencode's default (space as "+"). For the header form botocore signs the query
    # bytes as they are, so "+" would be signed literally; strict=True writes RFC 3986 escapes (%20) instead,
    # which is what any server decodes back to the same parameters.
    encoded = urlencode(params, quote_via=quote, safe="") if strict else urlencode(params)
    return base + path + ("?" + encoded if params else "")


def frozen_clock(now):
    """botocore's signing clock stopped at `now`: get_current_datetime in current releases, the module's
    datetime.datetime.utcnow() in older ones (Debian bookworm's python3-botocore is 1.29)."""
    if hasattr(botocore.auth, "get_current_datetime"):
        return mock.patch.object(botocore.auth, "get_current_datetime", return_value=now)

    class FrozenDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return now

    frozen = mock.Mock(wraps=datetime)
    frozen.datetime = FrozenDatetime
    return mock.patch.object(botocore.auth, "datetime", frozen)


def sign(case):
    creds = Credentials(case["accessKeyId"], case["secretAccessKey"], case.get("sessionToken"))
    now = datetime.datetime.strptime(case["now"], "%Y-%m-%dT%H:%M:%SZ")
    ws = {"https": "wss", "http": "ws"}
    with frozen_clock(now):
        if case["form"] == "query":
            url = build_url(case, True)
            request = AWSRequest(method="GET", url=url, headers={"host": urlsplit(url).netloc})
            SigV4QueryAuth(creds, case.get("service", "bedrock-agentcore"), case["region"], expires=case["expiresIn"]).add_auth(request)
            scheme, rest = request.url.split("://", 1)
            return {"url": ws[scheme] + "://" + rest}
        url = build_url(case, False, strict=True)
        body = case.get("body")
        request = AWSRequest(
            method="POST" if body is not None else "GET",
            url=url,
            headers={"host": urlsplit(url).netloc, SESSION: case["sessionId"]},
            data=body.encode() if body is not None else None,
        )
        SigV4Auth(creds, case.get("service", "bedrock-agentcore"), case["region"]).add_auth(request)
        scheme, rest = url.split("://", 1)
        return {"url": ws[scheme] + "://" + rest, "headers": dict(request.headers.items())}


def main():
    payload = json.load(sys.stdin)
    out = {"results": [sign(c) for c in payload["cases"]]}
    n = payload.get("bench")
    if n:
        # Times the Python SDK's presign path (build URL, SigV4QueryAuth.add_auth) on the real clock.
        case = payload["cases"][0]
        creds = Credentials(case["accessKeyId"], case["secretAccessKey"], case.get("sessionToken"))
        start = time.perf_counter()
        for _ in range(n):
            url = build_url(case, True)
            request = AWSRequest(method="GET", url=url, headers={"host": urlsplit(url).netloc})
            SigV4QueryAuth(creds, "bedrock-agentcore", case["region"], expires=case["expiresIn"]).add_auth(request)
        out["benchPerSecond"] = n / (time.perf_counter() - start)
    json.dump(out, sys.stdout)


main()
