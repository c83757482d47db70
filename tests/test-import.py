#!/usr/bin/python3
# test-import.py: data/import-catalogue.py on a few real records (tests/data/):
# the parse of the birth registration page, the customs "Cấp xã" flag, NFD
# input, a structured record, and the report of what was not parsed. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gzip
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

SRC = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(SRC, "..", "data", "import-catalogue.py")
checks = []


def check(name, condition):
    checks.append((name, bool(condition)))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "catalogue.json.gz")
        report = os.path.join(tmp, "report.txt")
        run = subprocess.run([sys.executable, TOOL, os.path.join(SRC, "data", "procedures-excerpt.jsonl"),
                              os.path.join(SRC, "data", "structured-excerpt.jsonl"), "--excerpt",
                              "-o", out, "--report", report],
                             capture_output=True, text=True)
        check("the tool succeeds", run.returncode == 0)
        check("it says on stderr what it could not parse", "notes" in run.stderr and run.stdout == "")
        with gzip.open(out, "rt", encoding="utf-8") as f:
            catalogue = json.load(f)
        procs = {p["code"]: p for p in catalogue["procedures"]}
        check("every record is in", sorted(procs) == ["1.000005", "1.001193", "1.002549", "1.013128"])
        check("version and date", catalogue["catalogue_version"].startswith("20251123.")
              and catalogue["date"] == "2025-11-23")

        ks = procs["1.001193"]
        check("khai sinh: name", ks["name"] == "Thủ tục đăng ký khai sinh")
        check("khai sinh: curated, popular, commune counter",
              ks["curated"] and ks["popularity"] == 1 and ks["commune_counter"])
        check("khai sinh: levels", ks["levels"] == ["xa"] and ks["level"] == "Cấp xã")
        check("khai sinh: field", ks["field"] == "Hộ tịch")
        check("khai sinh: applicants", ks["applicants"].startswith("Công dân Việt Nam"))
        check("khai sinh: free", ks["fee"] == "Miễn phí")
        check("khai sinh: methods", {m["method"] for m in ks["methods"]} >= {"Trực tiếp", "Trực tuyến"})
        check("khai sinh: a bare duration stays a bare number",
              all(m["duration"] is None or m["duration"][0].isdigit() for m in ks["methods"]))
        docs = ks["documents"]
        check("khai sinh: documents", len(docs) >= 3 and any("Tờ khai đăng ký khai sinh" in d["name"] for d in docs))
        check("khai sinh: quantities", any(d["quantity"] == "1 bản chính" for d in docs))
        check("khai sinh: legal basis with numbers",
              any(l["number"] == "123/2015/NĐ-CP" for l in ks["legal"])
              and any(l["number"] == "85/2019/TT-BTC" for l in ks["legal"]))
        check("khai sinh: legal titles are short", all(len(l["title"]) <= 161 for l in ks["legal"]))
        check("khai sinh: portal url", ks["url"].startswith("https://dichvucong.gov.vn/"))

        cu = procs["1.000005"]
        check("customs: commune level in the source, not a commune counter",
              "xa" in cu["levels"] and not cu["commune_counter"] and not cu["curated"])

        vet = procs["1.002549"]
        check("NFD input comes out NFC",
              unicodedata.normalize("NFC", vet["name"]) == vet["name"]
              and all(unicodedata.is_normalized("NFC", d["name"]) for d in vet["documents"]))
        check("province level", vet["levels"] == ["tinh"] and not vet["commune_counter"])

        st = procs["1.013128"]
        check("structured: commune level, NFC", st["levels"] == ["xa"] and st["commune_counter"])
        check("structured: no portal url (the source has none)", st["url"] is None)
        check("structured: documents and forms", len(st["documents"]) >= 1)
        check("structured: no text invented", all(v is None or isinstance(v, (str, list, bool, int))
                                                  for v in st.values()))
        check("structured comes after the portal pages' commune ones", catalogue["procedures"][0]["code"] == "1.001193")

        text = open(report, encoding="utf-8").read()
        check("report: summary and notes", text.startswith("import-catalogue: 4 procedures")
              and "commune_counter false" in text)

    print(f"1..{len(checks)}")
    for i, (name, ok) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
