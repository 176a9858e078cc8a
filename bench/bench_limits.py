"""Memory and time while refusing what an import must not take (issue 15).

Each case runs in a fresh Python process and reports its peak resident memory (ru_maxrss) above
the process's own baseline after Django has started, and the time to refuse:

- zip bomb: a 0.5 MB zip holding one 512 MB episodes CSV, read by the SSDA903 reader;
- nested bomb: the same zip inside another zip (the outer one declares only the inner's size);
- many files: a zip of 5,000 small CSVs;
- oversized upload: a 300 MB multipart POST to the Data page, through Django's WSGI handler
  with the request body streamed from a file on disk (signed in, with its CSRF token).

    .venv/bin/python bench/bench_limits.py
"""

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROW = b"1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,\r\n"
HEADER = (
    b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,"
    b"URN\r\n"
)


def write_bomb(path: Path, megabytes: int) -> None:
    block = ROW * (1024**2 // len(ROW))
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open("episodes.csv", "w", force_zip64=True) as member,
    ):
        member.write(HEADER)
        for _ in range(megabytes):
            member.write(block)


CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, ROOT)
import django
django.setup()
from placements.cohort.ssda903 import ReturnFileError, read_return
case, path = sys.argv[1], sys.argv[2]
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
refusal = None
if case == "upload":
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
    from django.test import Client
    from sufficiency.councils import LocalAuthority, Membership
    call_command("migrate", verbosity=0)
    la = LocalAuthority.objects.create(name="Bench", code="E08000031")
    user = get_user_model().objects.create_user("bench", password="x")
    Membership.objects.create(user=user, la=la, role="analyst")
    client = Client()
    client.force_login(user)
    secret = _get_new_csrf_string()
    size = __import__("os").path.getsize(path)
    client.get("/E08000031/data/", secure=True)  # warm up: URLs, templates, middleware
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/E08000031/data/", "SERVER_NAME": "localhost",
        "SERVER_PORT": "80", "wsgi.url_scheme": "http", "HTTP_HOST": "localhost",
        "CONTENT_TYPE": "multipart/form-data; boundary=BOUNDARY", "CONTENT_LENGTH": str(size),
        "HTTP_COOKIE": f"sessionid={client.cookies['sessionid'].value}; csrftoken={secret}",
        "wsgi.input": open(path, "rb"), "wsgi.errors": sys.stderr,
    }
    statuses = []
    body = b"".join(WSGIHandler()(environ, lambda status, headers: statuses.append(status)))
    if "upload-refused" not in body.decode():
        raise SystemExit(statuses[0] + body.decode()[:3000])
    refusal = statuses[0] + ": " + body.decode().split('id="upload-refused">')[1].split("</p>")[0]
else:
    try:
        read_return([path], year=2025)
    except ReturnFileError as exc:
        refusal = str(exc)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"baseline_mb": baseline / 1024, "peak_mb": peak / 1024,
                  "seconds": seconds, "refusal": refusal}))
"""


def run(case: str, path: Path, env: dict) -> dict:
    code = CHILD.replace("ROOT)", repr(str(ROOT)) + ")", 1)
    out = subprocess.run([sys.executable, "-c", code, case, str(path)], cwd=ROOT, env=env,
                         capture_output=True, text=True)  # fmt: skip
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="sufficiency-bench-limits-"))
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(DJANGO_SETTINGS_MODULE="sufficiency.settings", SUFFICIENCY_VAR_DIR=str(folder),
               MEDIA_ROOT=str(folder / "media"), SECURE_SSL_REDIRECT="false")  # fmt: skip
    # Production settings (DEBUG off): pages need the collected, hashed static files.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                   env=env, check=True)  # fmt: skip
    bomb = folder / "bomb.zip"
    write_bomb(bomb, 512) if not bomb.exists() else None
    nested = folder / "nested.zip"
    with zipfile.ZipFile(nested, "w") as zf:
        zf.write(bomb, "inner.zip")
    many = folder / "many.zip"
    with zipfile.ZipFile(many, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i in range(5000):
            zf.writestr(f"episodes{i}.csv", HEADER + ROW)
    upload = folder / "upload.bin"
    with upload.open("wb") as f:
        f.write(b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"files\"; "
                b"filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n" + HEADER)  # fmt: skip
        block = ROW * (1024**2 // len(ROW))
        for _ in range(300):
            f.write(block)
        f.write(b"\r\n--BOUNDARY--\r\n")
    cases = [
        (f"zip bomb ({bomb.stat().st_size / 1024**2:.1f} MB zip, 512 MB inside)", "read", bomb),
        ("nested zip bomb (the same inside another zip)", "read", nested),
        ("zip of 5,000 files", "read", many),
        (f"oversized upload ({upload.stat().st_size / 1024**2:,.0f} MB POST)", "upload", upload),
    ]
    print(f"{'case':<48} {'refused in':>11} {'peak RSS':>10} {'above start':>12}")
    only = os.environ.get("BENCH_CASE")
    for label, case, path in cases:
        if only and case != only:
            continue
        result = run(case, path, env)
        print(f"{label:<48} {result['seconds']:>9.3f} s {result['peak_mb']:>7.0f} MB "
              f"{result['peak_mb'] - result['baseline_mb']:>9.1f} MB")  # fmt: skip
        print(f"    {result['refusal']}")


if __name__ == "__main__":
    main()
