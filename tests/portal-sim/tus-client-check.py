#!/usr/bin/python3
# tus-client-check.py: an independent client against motcua-portal-sim's tus
# server. Debian's python3-tuspy (tusclient 1.0) uploads a 3 MB random file
# in 256 KiB chunks, once plainly and once with sha256 Upload-Checksums and a
# resume from the server's offset; the simulator's own listing must then say
# complete with the right SHA-256, and a dossier listing the upload must be
# accepted.
#
# Run by meson (suite sim) with MOTCUA_PORTAL_SIM set. Prints nothing on
# stdout; exit status 0 pass, 1 fail, 77 skip (tuspy missing).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

try:
    from tusclient import client as tus_client
    from tusclient.uploader import Uploader
except ImportError as e:
    print(f"tus-client-check: python3-tuspy is not installed ({e}): skipped", file=sys.stderr)
    sys.exit(77)

CHUNK = 256 * 1024
SIZE = 3 * 1024 * 1024 + 12345  # not a multiple of the chunk size


def log(*args):
    print("tus-client-check:", *args, file=sys.stderr)


class Sha256Uploader(Uploader):
    """tusclient sends sha1 checksums; the sim speaks sha256 only."""
    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


def start_sim(tmp):
    binary = os.environ.get("MOTCUA_PORTAL_SIM")
    if not binary:
        log("MOTCUA_PORTAL_SIM is not set")
        sys.exit(1)
    port_file = os.path.join(tmp, "sim.port")
    proc = subprocess.Popen([binary, "--port=0", "--port-file", port_file,
                             "--db", os.path.join(tmp, "sim.db"), "--verbose"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    for _ in range(2000):
        if proc.poll() is not None:
            log("the simulator exited with", proc.returncode)
            sys.exit(1)
        try:
            with open(port_file) as f:
                text = f.read()
            if text.strip():
                return proc, int(text)
        except FileNotFoundError:
            pass
        time.sleep(0.01)
    log("the simulator never wrote its port")
    proc.kill()
    sys.exit(1)


def get_json(base, path):
    with urllib.request.urlopen(base + path) as r:
        return json.load(r)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main():
    # Loopback only: no proxy must get in the way.
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                "ALL_PROXY"):
        os.environ.pop(var, None)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    urllib.request.install_opener(urllib.request.build_opener(urllib.request.ProxyHandler({})))

    with tempfile.TemporaryDirectory(prefix="tus-client-check-") as tmp:
        proc, port = start_sim(tmp)
        base = f"http://127.0.0.1:{port}"
        try:
            data = os.urandom(SIZE)
            sha = hashlib.sha256(data).hexdigest()
            path = os.path.join(tmp, "scan.pdf")
            with open(path, "wb") as f:
                f.write(data)

            client = tus_client.TusClient(base + "/api/v1/uploads")

            # 1. Plain tus: creation with metadata, PATCHes without checksums.
            plain = client.uploader(path, chunk_size=CHUNK, metadata={
                "filename": "scan.pdf", "content_type": "application/pdf"})
            plain.upload()
            log("plain upload at", plain.url)

            # 2. With our metadata and sha256 checksums, stopped half way and
            #    resumed by a new uploader that asks the server (HEAD).
            key = str(uuid.uuid4())
            meta = {"filename": "scan.pdf", "content_type": "application/pdf",
                    "sha256": sha, "key": key}
            first = Sha256Uploader(path, client=client, chunk_size=CHUNK, metadata=meta,
                                   upload_checksum=True)
            first.upload(stop_at=5 * CHUNK)
            check(first.offset == 5 * CHUNK, f"stopped at {first.offset}")
            resumed = Sha256Uploader(path, client=client, url=first.url, chunk_size=CHUNK,
                                     metadata=meta, upload_checksum=True)
            check(resumed.offset == 5 * CHUNK, f"the server says offset {resumed.offset}")
            resumed.upload()
            log("checksummed upload at", resumed.url)

            # 3. The same key again (a lost creation reply) gives the same upload.
            again = Sha256Uploader(path, client=client, chunk_size=CHUNK, metadata=meta)
            check(again.create_url() == first.url, "creation by key is not idempotent")

            uploads = {u["id"]: u for u in get_json(base, "/_sim/uploads?verify=1")}
            check(len(uploads) == 2, f"{len(uploads)} uploads listed")
            for url in (plain.url, first.url):
                u = uploads[url.rsplit("/", 1)[1]]
                check(u["complete"], f"{url} not complete")
                check(u["length"] == SIZE and u["offset"] == SIZE, f"{url}: {u}")
                check(u["sha256"] == sha, f"{url}: sha256 {u['sha256']} != {sha}")

            # 4. A dossier listing the upload is accepted, and the oracle agrees.
            upload_id = first.url.rsplit("/", 1)[1]
            body = json.dumps({
                "procedure_code": "1.001193",
                "applicant": {"full_name": "Nguyễn Văn An", "id_number": "001090012345"},
                "attachments": [{"upload_id": upload_id, "document": "Giấy chứng sinh",
                                 "filename": "scan.pdf", "content_type": "application/pdf",
                                 "sha256": sha, "size": SIZE}],
            }).encode()
            req = urllib.request.Request(base + "/api/v1/dossiers", data=body, method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "Idempotency-Key": str(uuid.uuid4())})
            with urllib.request.urlopen(req) as r:
                check(r.status == 201, f"dossier: {r.status}")
            dossiers = get_json(base, "/_sim/dossiers")
            check(len(dossiers) == 1, "one dossier")
            check(dossiers[0]["attachments"][0]["sha256_stored"] == sha, "stored sha256")
        finally:
            proc.send_signal(signal.SIGTERM)
            rc = proc.wait(timeout=30)
        check(rc == 0, f"the simulator exited with {rc}")
    log("ok")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # anything else is a failure, with its reason on stderr
        log("FAILED:", repr(e))
        sys.exit(1)
