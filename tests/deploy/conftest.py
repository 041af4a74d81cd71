"""Penpals as production runs it: two gunicorn app servers on two ports, one PostgreSQL database,
one Redis, photos in a local S3 (moto's server mode), and nginx in front with deploy/nginx.conf.

The servers get their own PostgreSQL database and Redis database whichever database the rest of
the suite runs on (SQLite or PostgreSQL), so these tests run in both of CI's passes:
PENPALS_TEST_SERVERS_DATABASE_URL (default: DATABASE_URL's server and name plus "_servers", or
penpals_servers on 127.0.0.1) and PENPALS_TEST_REDIS_URL (default redis://127.0.0.1:6379/7); each
pytest-xdist worker adds its number to both.
Without PostgreSQL, Redis or nginx they are skipped locally, and fail under CI=true.
"""

import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVER_ENV_DROPPED = ("DATABASE_URL", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")


# Under pytest-xdist (`make test` runs two workers) each worker starts its own servers, so each
# gets its own database ("..._servers_gw1") and Redis database (7 + the worker's number).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def servers_database_url():
    if url := os.environ.get("PENPALS_TEST_SERVERS_DATABASE_URL"):
        return f"{url}_{WORKER}" if WORKER else url
    main = os.environ.get("DATABASE_URL", "")
    if main.startswith(("postgres://", "postgresql://")):
        url = f"{main}_servers"
    else:
        url = "postgres://postgres@127.0.0.1:5432/penpals_servers"
    return f"{url}_{WORKER}" if WORKER else url


def redis_url():
    base, number = os.environ.get("PENPALS_TEST_REDIS_URL", "redis://127.0.0.1:6379/7").rsplit(
        "/", 1
    )
    return f"{base}/{int(number) + int(WORKER.removeprefix('gw') or 0)}"


REDIS_URL = redis_url()


def unavailable(message):
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        unavailable(f"Redis is needed at {REDIS_URL} ({error}). Start redis-server.")
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture(scope="session")
def servers_database():
    """A fresh, migrated PostgreSQL database for the servers."""
    import psycopg

    url = servers_database_url()
    base, name = url.rsplit("/", 1)
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        unavailable(f"PostgreSQL is needed at {base} ({error}).")
    yield url
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def self_signed_certificate(folder):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert, private = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


def nginx_config(folder, *, app_ports, http_port, https_port, photo_port, s3_endpoint, static):
    """deploy/nginx.conf as checked in, with this machine's ports, paths and certificate in place
    of the lines marked CHANGE, inside a minimal main configuration."""
    cert, key = self_signed_certificate(folder)
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    upstreams = "".join(f"    server 127.0.0.1:{port};\n" for port in app_ports)
    site = site.replace("    server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;\n", upstreams)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", 1)
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{photo_port} ssl http2;", 1)
    for domain in ("photos.penpals.example.org", "penpals.example.org"):
        site = site.replace(f"/etc/letsencrypt/live/{domain}/fullchain.pem", str(cert))
        site = site.replace(f"/etc/letsencrypt/live/{domain}/privkey.pem", str(key))
    site = site.replace("/srv/penpals/staticfiles/", f"{static}/")
    s3_host = s3_endpoint.split("://", 1)[1]
    site = site.replace("proxy_pass https://s3.example.net;", f"proxy_pass {s3_endpoint};")
    site = site.replace(
        "proxy_set_header Host s3.example.net;", f"proxy_set_header Host {s3_host};"
    )
    (folder / "site.conf").write_text(site)
    main = folder / "nginx.conf"
    main.write_text(
        f"""
daemon off;
user root;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
"""
    )
    return main


def wait_for(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback only)
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


class Deployment:
    def __init__(self, **fields):
        self.__dict__.update(fields)


@pytest.fixture(scope="session")
def deployment(tmp_path_factory, servers_database, redis_db, s3_endpoint):
    if not os.path.exists(NGINX):
        unavailable("nginx is needed for the deployment tests: `apt-get install nginx`.")
    import boto3

    folder = tmp_path_factory.mktemp("deployment")
    bucket = f"penpals-servers-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=bucket)
    ports = {name: free_port() for name in ("a", "b", "http", "https", "photos")}
    env = {k: v for k, v in os.environ.items() if k not in SERVER_ENV_DROPPED}
    env.update(
        DEBUG="false",
        SECRET_KEY="deployment-test-" + uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{ports['https']}",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="60",  # sent on secure requests only: shows which ones Django saw
        SECURE_PROXY_SSL_HEADER="true",
        TRUSTED_PROXY_COUNT="1",
        DATABASE_URL=servers_database,
        CACHE_URL=REDIS_URL,
        PENPALS_SUBMIT_RATE_LIMIT="2",
        AWS_STORAGE_BUCKET_NAME=bucket,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_S3_CUSTOM_DOMAIN=f"127.0.0.1:{ports['photos']}",
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )

    def run(*args, **extra):
        result = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def manage(*args):
        run("manage.py", *args)

    manage("migrate", "--no-input", "-v0")
    manage("collectstatic", "--no-input", "-v0")
    seeded = run("-m", "tests.deploy.seed", DJANGO_SETTINGS_MODULE="penpals.settings")
    data = json.loads(seeded.strip().splitlines()[-1])

    processes = []
    try:
        for name in ("a", "b"):
            gunicorn = subprocess.Popen(
                [BIN / "gunicorn", "penpals.wsgi", "--bind", f"127.0.0.1:{ports[name]}"]
                + ["--workers", "1", "--threads", "4", "--timeout", "60"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=(folder / f"gunicorn-{name}.log").open("w"),
            )
            processes.append(gunicorn)
        config = nginx_config(
            folder,
            app_ports=[ports["a"], ports["b"]],
            http_port=ports["http"],
            https_port=ports["https"],
            photo_port=ports["photos"],
            s3_endpoint=s3_endpoint,
            static=folder / "static",
        )
        checked = subprocess.run(
            [NGINX, "-t", "-c", str(config)], capture_output=True, text=True, timeout=30
        )
        assert checked.returncode == 0, checked.stderr
        nginx = subprocess.Popen(
            [NGINX, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        processes.append(nginx)
        for name in ("a", "b"):
            wait_for(f"http://127.0.0.1:{ports[name]}/healthz", processes[0 if name == "a" else 1])
        wait_for(f"http://127.0.0.1:{ports['http']}/healthz", nginx)
        yield Deployment(
            a=f"http://127.0.0.1:{ports['a']}",
            b=f"http://127.0.0.1:{ports['b']}",
            https=f"https://127.0.0.1:{ports['https']}",
            http=f"http://127.0.0.1:{ports['http']}",
            nginx_check=checked.stderr,
            data=data,
            folder=folder,
            env=env,
        )
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def fresh_limits(redis_db):
    """Rate-limit counts from other tests must not decide this one (sessions survive: cached_db)."""
    for key in redis_db.scan_iter("*ratelimit*"):
        redis_db.delete(key)


class Browser(requests.Session):
    """A person's browser: cookies kept across servers (on one host name, as behind a load
    balancer), over plain HTTP to the app servers too, and an optional source address."""

    def __init__(self, source=None):
        super().__init__()
        self.verify = False  # nginx's certificate is self-signed
        if source:
            adapter = SourceAddressAdapter(source)
            self.mount("http://", adapter)
            self.mount("https://", adapter)

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", 30)
        kwargs["allow_redirects"] = False  # each answer is checked as the server gave it
        kwargs.setdefault("verify", False)  # (a CA bundle in the environment would win)
        response = super().request(method, url, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False  # production cookies are Secure; the app servers speak HTTP
        return response

    def csrf_token(self, base, path):
        page = self.get(base + path)
        assert page.status_code == 200, page.status_code
        return self.cookies["csrftoken"]


class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, source, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


@pytest.fixture
def browser():
    with Browser() as session:
        yield session
