"""Send heterodyne measurements from Python to any OTLP/HTTP receiver, standard library only.

The analysis service understands any OpenTelemetry SDK that records the `heterodyne.*`
names (docs/semconv.md). With the OpenTelemetry Python SDK installed, use it (see the
README); this module shows the same data on the wire for environments where installing
packages is not an option: it times operations into the `heterodyne.operation.duration`
histogram (seconds, the semconv bucket boundaries), counts accuracy checks and cache
lookups, and posts OTLP/JSON (delta temporality) to `$OTEL_EXPORTER_OTLP_ENDPOINT/v1/metrics`.

    python3 examples/python/heterodyne_otlp.py   # runs a small fit loop and exports it
"""

import json
import os
import random
import time
import urllib.request
import uuid
from bisect import bisect_left
from contextlib import contextmanager

DURATION_BUCKETS_SECONDS = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5,
    10, 30, 60, 120, 300, 600, 1800, 3600,
]
DELTA = 1  # AGGREGATION_TEMPORALITY_DELTA


def _attributes(pairs):
    out = []
    for key, value in sorted(pairs.items()):
        if isinstance(value, bool):
            out.append({"key": key, "value": {"boolValue": value}})
        elif isinstance(value, int):
            out.append({"key": key, "value": {"intValue": str(value)}})
        elif isinstance(value, float):
            out.append({"key": key, "value": {"doubleValue": value}})
        else:
            out.append({"key": key, "value": {"stringValue": str(value)}})
    return out


class HeterodyneRecorder:
    """Aggregates heterodyne metrics in memory and exports them as one OTLP/JSON request."""

    def __init__(self, service_name, endpoint=None):
        self.endpoint = (endpoint or os.environ.get(
            "OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318")).rstrip("/")
        self.resource = {
            "service.name": service_name,
            "service.instance.id": str(uuid.uuid4()),
            "telemetry.sdk.language": "python",
        }
        self._start_ns = time.time_ns()
        self._histograms = {}  # operation name -> [count, sum, bucket counts, min, max]
        self._counters = {}    # (metric, attribute items) -> value

    @contextmanager
    def operation(self, name):
        """Times the block as one `heterodyne.operation.duration` observation."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.record_duration(name, time.perf_counter() - started)

    def record_duration(self, name, seconds):
        h = self._histograms.setdefault(
            name, [0, 0.0, [0] * (len(DURATION_BUCKETS_SECONDS) + 1), seconds, seconds])
        h[0] += 1
        h[1] += seconds
        h[2][bisect_left(DURATION_BUCKETS_SECONDS, seconds)] += 1
        h[3] = min(h[3], seconds)
        h[4] = max(h[4], seconds)

    def add(self, metric, value, **attributes):
        key = (metric, tuple(sorted(attributes.items())))
        self._counters[key] = self._counters.get(key, 0) + value

    def record_accuracy(self, name, preserved):
        self.add("heterodyne.accuracy.checks", 1, **{
            "heterodyne.operation.name": name,
            "heterodyne.accuracy.method": "reference",
            "heterodyne.accuracy.preserved": preserved,
        })
        if not preserved:
            self.add("heterodyne.accuracy.violations", 1, **{
                "heterodyne.operation.name": name,
                "heterodyne.accuracy.method": "reference",
            })

    def record_cache(self, cache, hit):
        self.add("heterodyne.cache.requests", 1, **{
            "heterodyne.cache.name": cache,
            "heterodyne.cache.result": "hit" if hit else "miss",
        })

    def _request(self):
        now = str(time.time_ns())
        start = str(self._start_ns)
        metrics = []
        if self._histograms:
            metrics.append({
                "name": "heterodyne.operation.duration",
                "unit": "s",
                "histogram": {
                    "aggregationTemporality": DELTA,
                    "dataPoints": [{
                        "attributes": _attributes({"heterodyne.operation.name": name}),
                        "startTimeUnixNano": start,
                        "timeUnixNano": now,
                        "count": str(count),
                        "sum": total,
                        "bucketCounts": [str(c) for c in buckets],
                        "explicitBounds": DURATION_BUCKETS_SECONDS,
                        "min": low,
                        "max": high,
                    } for name, (count, total, buckets, low, high) in self._histograms.items()],
                },
            })
        by_metric = {}
        for (metric, items), value in self._counters.items():
            by_metric.setdefault(metric, []).append({
                "attributes": _attributes(dict(items)),
                "startTimeUnixNano": start,
                "timeUnixNano": now,
                "asInt": str(value),
            })
        for metric, points in sorted(by_metric.items()):
            metrics.append({
                "name": metric,
                "unit": "{request}" if metric.endswith("requests") else "{check}",
                "sum": {"aggregationTemporality": DELTA, "isMonotonic": True,
                        "dataPoints": points},
            })
        return {"resourceMetrics": [{
            "resource": {"attributes": _attributes(self.resource)},
            "scopeMetrics": [{"scope": {"name": "heterodyne_otlp.py"}, "metrics": metrics}],
        }]}

    def export(self, timeout=10):
        """Posts what was recorded since the last export; raises on an HTTP error."""
        body = json.dumps(self._request()).encode("utf-8")
        request = urllib.request.Request(
            self.endpoint + "/v1/metrics", data=body, method="POST",
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read() or b"{}")
        self._start_ns = time.time_ns()
        self._histograms.clear()
        self._counters.clear()
        return answer


def _demo():
    recorder = HeterodyneRecorder(os.environ.get("OTEL_SERVICE_NAME", "xpcs-python"))
    rng = random.Random(7)
    cache = {}
    for i in range(20):
        key = i % 4
        hit = key in cache
        recorder.record_cache("correlation_model", hit)
        cache.setdefault(key, [rng.random() for _ in range(100)])
        with recorder.operation("chi_squared_calculation"):
            chi2 = sum((x - 0.5) ** 2 for x in cache[key])
        recorder.record_accuracy("chi_squared_calculation", chi2 == chi2)
    answer = recorder.export()
    rejected = answer.get("partialSuccess", {}).get("rejectedDataPoints")
    print(json.dumps({"exported": True, "rejectedDataPoints": rejected or 0}))


if __name__ == "__main__":
    _demo()
