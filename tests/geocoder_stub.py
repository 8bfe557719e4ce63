"""A local geocoding service that answers like the Base Adresse Nationale (no network in tests).

``geocoder``: a threaded HTTP server on 127.0.0.1 with ``settings.GEOCODER_URL`` pointed at it;
it finds "13 rue Pioche" and nothing else, fails on "panne", and records the queries it receives.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

PIOCHE = {"latitude": 49.103512, "longitude": 6.171298, "label": "13 Rue Pioche 57050 Metz"}


def ban_answer(query):
    """The BAN's answer: a GeoJSON FeatureCollection, longitude first, best result first."""
    features = []
    if "13 rue pioche" in query.get("q", [""])[0].lower():
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [PIOCHE["longitude"], PIOCHE["latitude"]],
                },
                "properties": {
                    "label": PIOCHE["label"],
                    "score": 0.97,
                    "type": "housenumber",
                    "postcode": "57050",
                    "city": "Metz",
                },
            }
        )
    return {"type": "FeatureCollection", "version": "draft", "features": features}


class StubHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query)
        self.server.queries.append(query)
        if "panne" in query.get("q", [""])[0]:  # a service in trouble answers an error page
            self.send_error(502)
            return
        body = json.dumps(ban_answer(query)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # quiet test output
        pass


@pytest.fixture
def geocoder(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubHandler)
    server.queries = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.GEOCODER_URL = f"http://127.0.0.1:{server.server_port}/search/"
    yield server
    server.shutdown()
    server.server_close()
