"""Real servers for the tests, on loopback: redis-server, PostgreSQL, gunicorn and nginx.

Each is started the way production runs it, on a free port, and stopped afterwards. A missing
binary skips with the reason; `make test` installs them (scripts/install-system-deps.sh), so in
CI nothing skips. `python -m tests.servers seed` builds a small site's database for gunicorn.
"""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REDIS_SERVER = "/usr/bin/redis-server"
NGINX = "/usr/sbin/nginx"
RELEASE = "servers-test"
# The seeded site's pages (see seed()).
AREA_PATH = "/areas/cornwall/"


def need(binary: str) -> str:
    if not os.access(binary, os.X_OK):
        pytest.skip(f"{binary} is not installed (scripts/install-system-deps.sh installs it)")
    return binary


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_listening(self, timeout: float = 20) -> "Server":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not listen in {timeout} s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGCONT)  # a test may have stopped it
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def spawn(name: str, command: list[str], log: Path, port: int, **kwargs) -> Server:
    handle = log.open("w")
    process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, **kwargs)
    return Server(name, process, port, log).wait_until_listening()


def start_redis(directory: Path) -> Server:
    port = free_port()
    command = [need(REDIS_SERVER), "--bind", "127.0.0.1", "--port", str(port)]
    command += ["--save", "", "--appendonly", "no", "--dir", str(directory)]
    return spawn("redis-server", command, directory / "redis.log", port)


def get(url: str, path: str, headers: dict | None = None, timeout: float = 10):
    """(status, headers, body) of one GET on a new connection."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


# The site: a database gunicorn can open, collected static files, gunicorn, nginx.


def site_env(database_url: str, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("CACHE_URL", None)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="servers-test-" + "k" * 50,
        DJANGO_RELEASE=RELEASE,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def seed(database_url: str, *, create: bool = False) -> None:
    env = site_env(database_url, DJANGO_SQLITE_CREATE="1" if create else "0")
    subprocess.run(
        [sys.executable, "-m", "tests.servers", "seed"], env=env, cwd=ROOT, check=True, timeout=120
    )


def start_gunicorn(directory: Path, env: dict, *, workers: int = 1, threads: int = 4) -> Server:
    port = free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "send_inspections/gunicorn.py"]
    command += ["--no-control-socket", "send_inspections.wsgi"]
    return spawn("gunicorn", command, directory / f"gunicorn-{port}.log", port, env=env, cwd=ROOT)


def start_nginx(directory: Path, env: dict, upstream: Server, baked_root: Path) -> Server:
    need(NGINX)
    port = free_port()
    run_dir = directory / f"nginx-{port}"
    run_dir.mkdir()
    config = run_dir / "nginx.conf"
    command = [sys.executable, "-m", "send_inspections.nginx", "--listen", f"127.0.0.1:{port}"]
    command += ["--upstream", f"127.0.0.1:{upstream.port}", "--run-dir", str(run_dir)]
    command += ["--baked-root", str(baked_root)]
    config.write_text(
        subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    )
    # As root nginx's workers would run as nobody, who cannot read a test's temporary folder.
    directives = "daemon off; master_process on;" + (" user root;" if os.getuid() == 0 else "")
    command = [NGINX, "-c", str(config), "-e", str(run_dir / "error.log"), "-g", directives]
    return spawn("nginx", command, run_dir / "stdout.log", port)


@pytest.fixture(scope="session")
def servers_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="session")
def static_root(servers_dir) -> Path:
    root = servers_dir / "static"
    env = site_env("sqlite://:memory:", DJANGO_STATIC_ROOT=str(root))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return root


@pytest.fixture(scope="session")
def sqlite_site(servers_dir, static_root) -> dict:
    """The environment of a site on a seeded SQLite file."""
    database = servers_dir / "site.sqlite3"
    seed(f"sqlite:///{database}", create=True)
    return site_env(f"sqlite:///{database}", DJANGO_STATIC_ROOT=str(static_root))


@pytest.fixture(scope="session")
def redis_server(servers_dir):
    server = start_redis(servers_dir)
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server) -> str:
    """A Redis database of its own for one test, emptied first."""
    import redis

    client = redis.Redis(port=redis_server.port)
    client.flushall()
    client.close()
    return f"redis://127.0.0.1:{redis_server.port}/0"


# A throwaway PostgreSQL cluster on a loopback TCP port (TCP, as production reaches its
# database), for the tests that stop it or run several app servers on it. Only in the
# PostgreSQL run of `make test`, beside the cluster scripts/with-postgres.sh made for the suite.


def pg_bin() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not candidates:
        pytest.skip("PostgreSQL server binaries not found (scripts/install-system-deps.sh)")
    return candidates[-1].parent


@dataclass
class Cluster:
    bin: Path
    data: Path
    port: int
    as_user: list[str]

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def processes(self) -> list[int]:
        """The postmaster and every process it forked (backends, checkpointer, ...)."""
        parent = self.postmaster_pid()
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                # pid (comm) state ppid ...: comm may hold spaces, so split after its ")".
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == parent:
                    children.append(int(stat.parent.name))
        return [parent, *children]

    def signal(self, signum: int) -> None:
        for pid in self.processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    def psql(self, database: str, sql: str) -> str:
        return subprocess.run(
            [str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
            + ["-d", database, "-Atc", sql],
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
        ).stdout.strip()


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("PostgreSQL only: runs in the PostgreSQL step of make test")
    binaries = pg_bin()
    # Under /tmp itself, as scripts/with-postgres.sh does: pytest's folders are private to root.
    directory = Path(tempfile.mkdtemp(prefix="send-inspections-pg."))
    as_user = []
    if os.getuid() == 0:
        # initdb and postgres refuse to run as root, as in scripts/with-postgres.sh.
        subprocess.run(["id", "postgres"], check=True, capture_output=True)
        shutil.chown(directory, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = directory / "data"
    port = free_port()
    subprocess.run(
        [*as_user, str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
        + ["-E", "UTF8", "--locale=C.UTF-8"],
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off"
    subprocess.run(
        [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(directory / "log"), "-w"]
        + ["-o", options, "start"],
        check=True,
        capture_output=True,
    )
    cluster = Cluster(binaries, data, port, as_user)
    try:
        yield cluster
    finally:
        with contextlib.suppress(Exception):
            cluster.signal(signal.SIGCONT)
        subprocess.run(
            [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(directory, ignore_errors=True)


def pg_site(cluster: Cluster, name: str, static_root: Path) -> dict:
    """The environment of a site on a new, seeded database in the cluster."""
    cluster.psql("postgres", f"CREATE DATABASE {name}")
    seed(cluster.url(name))
    return site_env(cluster.url(name), DJANGO_STATIC_ROOT=str(static_root))


def _seed() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_inspections.settings")
    django.setup()
    from django.core.management import call_command

    from reports.models import DataVersion
    from tests.factories import AreaFactory, InspectionFactory

    call_command("migrate", verbosity=0, interactive=False)
    area = AreaFactory(name="Cornwall", slug="cornwall")
    InspectionFactory(area=area)
    DataVersion.record()


def _rename(name: str) -> None:
    """What a load that changed the area's name but recorded no data version would leave."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_inspections.settings")
    django.setup()
    from areas.models import Area

    Area.objects.filter(slug="cornwall").update(name=name)


def _record() -> None:
    """What every loader does last: a new data version."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_inspections.settings")
    django.setup()
    from reports.models import DataVersion

    DataVersion.record()


def manage(env: dict, *command: str) -> None:
    """Runs `python -m tests.servers COMMAND` against the site of `env`."""
    subprocess.run(
        [sys.executable, "-m", "tests.servers", *command], env=env, cwd=ROOT, check=True, timeout=60
    )


if __name__ == "__main__":
    match sys.argv[1:]:
        case ["seed"]:
            _seed()
        case ["rename", name]:
            _rename(name)
        case ["record"]:
            _record()
