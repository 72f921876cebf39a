# The real servers of tests/servers.py, for the tests in this folder.
from tests.servers import (  # noqa: F401
    pg_cluster,
    redis_server,
    redis_url,
    servers_dir,
    sqlite_site,
    static_root,
)
