"""The Content-Security-Policy report endpoint: browsers post violations, we log them."""

import json
import logging
from urllib.parse import urlsplit

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("newsroom.csp")

MAX_REPORT_BYTES = 16 * 1024
FIELDS = {
    # report-uri (application/csp-report) name: Reporting API name
    "document-uri": "documentURL",
    "violated-directive": "effectiveDirective",
    "effective-directive": "effectiveDirective",
    "blocked-uri": "blockedURL",
    "source-file": "sourceFile",
    "line-number": "lineNumber",
    "disposition": "disposition",
}


def _without_query(value):
    # Query strings may carry preview tokens or search terms; keep them out of logs.
    if not isinstance(value, str):
        return value
    parts = urlsplit(value)
    return parts._replace(query="", fragment="").geturl() if parts.scheme else value[:200]


def _reports(payload):
    """Yield the violations in either report format (report-uri or the Reporting API)."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        yield {name: payload["csp-report"].get(name) for name in FIELDS}
    elif isinstance(payload, list):
        for item in payload:
            body = item.get("body") if isinstance(item, dict) else None
            if isinstance(body, dict):
                yield {name: body.get(api_name) for name, api_name in FIELDS.items()}


@csrf_exempt  # browsers post reports without a token
@never_cache
@require_POST
def csp_report(request):
    """Log each violation a browser reports, at WARNING, and answer 204."""
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        return HttpResponseBadRequest("Report too large.")
    try:
        payload = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        return HttpResponseBadRequest("Reports are JSON.")
    reports = list(_reports(payload))
    if not reports:
        return HttpResponseBadRequest("No CSP report in the body.")
    for report in reports[:10]:
        fields = {name.replace("-", "_"): _without_query(value) for name, value in report.items()}
        logger.warning(
            "CSP violation: %s blocked %s",
            fields.get("effective_directive") or fields.get("violated_directive"),
            fields.get("blocked_uri"),
            extra={"event": "csp.violation", **fields},
        )
    return HttpResponse(status=204)
