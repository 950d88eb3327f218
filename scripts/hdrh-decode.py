#!/usr/bin/env python3
"""Decodes every histogram in a 'seedctl bench --json' file with the Python HdrHistogram
package (PyPI 'hdrhistogram', module hdrh), as a cross-implementation check: prints, per
histogram, the total count, the recorded buckets and percentiles, as JSON.

Percentiles use the rank HdrHistogram's Java original (and hdrhistogram-swift) uses:
ceil(nextDown(p) * count / 100), at least 1, in that order of floating-point operations, so a
count such as 1000 at p99.9 gives the same rank (999, not 1000),
and the decoded bucket's highest equivalent value; hdrh's own get_value_at_percentile rounds
the rank half up instead, so it is printed apart ('hdrh_pXX')."""
import json
import math
import sys

from hdrh.histogram import HdrHistogram


def percentile(histogram, level):
    requested = min(max(math.nextafter(level, 0.0), 0.0), 100.0)
    rank = max(1, math.ceil(requested * histogram.get_total_count() / 100.0))
    seen = 0
    for item in histogram.get_recorded_iterator():
        seen += item.count_at_value_iterated_to
        if seen >= rank:
            return histogram.get_highest_equivalent_value(item.value_iterated_to)
    return 0


def describe(encoded):
    histogram = HdrHistogram.decode(encoded)
    return {
        "count": histogram.get_total_count(),
        "buckets": [
            [item.value_iterated_to, item.count_at_value_iterated_to]
            for item in histogram.get_recorded_iterator()
        ],
        "percentiles": {str(p): percentile(histogram, p) for p in (50, 90, 95, 99, 99.9)},
        "hdrh_p50": histogram.get_value_at_percentile(50),
        "max": histogram.get_max_value(),
    }


result = json.load(open(sys.argv[1]))["result"]
figures = {"overall": result["overall"], "poolWait": result["poolWait"]}
figures.update({"query:" + name: latency for name, latency in result["queries"].items()})
json.dump({name: describe(latency["histogram"]) for name, latency in figures.items()}, sys.stdout)
