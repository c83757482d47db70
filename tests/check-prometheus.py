#!/usr/bin/python3
"""Parses a Prometheus text exposition with prometheus_client's own parser (an
independent implementation of the format) and prints one "name{labels} value"
line per sample, sorted, for the C test to compare. Exits 1 when the text does
not parse."""
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    with open(sys.argv[1], encoding="utf-8") as f:
        families = list(text_string_to_metric_families(f.read()))
except Exception as e:  # the parser raises ValueError and friends
    print(f"check-prometheus: {e}", file=sys.stderr)
    sys.exit(1)

lines = []
for family in families:
    for s in family.samples:
        labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
        lines.append(f"{s.name}{{{labels}}} {s.value:g}")
print("\n".join(sorted(lines)))
