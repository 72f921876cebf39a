"""deploy/nginx.conf.template filled in from the settings: `python -m send_inspections.nginx`.

The files nginx serves itself (baked pages, static files) must carry the headers Django gives
its pages, so they are read from the same settings rather than copied by hand.
"""

import argparse
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf.template"
PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")


def security_headers() -> dict[str, str]:
    """The headers Django's middleware adds to every page, as they are configured."""
    from csp.utils import build_policy
    from django.conf import settings

    headers = {
        "Content-Security-Policy": build_policy(),
        "X-Content-Type-Options": "nosniff" if settings.SECURE_CONTENT_TYPE_NOSNIFF else "",
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY or "",
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY or "",
        "Permissions-Policy": settings.PERMISSIONS_POLICY,
    }
    if settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers["Strict-Transport-Security"] = hsts
    return {name: value for name, value in headers.items() if value}


def quoted(value: str) -> str:
    if '"' in value or "\\" in value or "\n" in value:
        raise ValueError(f"cannot put {value!r} in an nginx string")
    return f'"{value}"'


def render(
    *,
    listen: str,
    upstreams: list[str],
    run_dir: str,
    server_name: str = "_",
    mime_types: str = "/etc/nginx/mime.types",
    baked_root: str | None = None,
) -> str:
    from django.conf import settings

    if baked_root is None:
        baked_root = getattr(settings, "BAKED_ROOT", settings.BASE_DIR / "var" / "baked")
    indent = " " * 12
    values = {
        "listen": listen,
        "server_name": server_name,
        "run_dir": run_dir,
        "mime_types": mime_types,
        "upstream_servers": "\n".join(f"        server {upstream};" for upstream in upstreams),
        "static_root": str(settings.STATIC_ROOT),
        "baked_root": str(baked_root),
        "page_max_age": str(settings.PAGE_CACHE_SECONDS),
        "security_headers": "\n".join(
            f"{indent}add_header {name} {quoted(value)} always;"
            for name, value in security_headers().items()
        ),
    }
    for name in ("listen", "server_name", "run_dir", "mime_types", "static_root", "baked_root"):
        if re.search(r"[\s;{}\"']", values[name]):
            raise ValueError(f"{name} {values[name]!r} cannot go in nginx.conf unquoted")
    return PLACEHOLDER.sub(lambda match: values[match[1]], TEMPLATE.read_text())


def main(argv=None) -> None:
    import django

    parser = argparse.ArgumentParser(prog="python -m send_inspections.nginx", description=__doc__)
    parser.add_argument("--listen", default="80", help="nginx's listen address (default 80)")
    parser.add_argument(
        "--upstream",
        action="append",
        help="a gunicorn address, host:port (repeat for several; default 127.0.0.1:8000)",
    )
    parser.add_argument("--server-name", default="_")
    parser.add_argument(
        "--run-dir", default="/var/lib/nginx", help="pid file, logs and temporary files"
    )
    parser.add_argument("--mime-types", default="/etc/nginx/mime.types")
    parser.add_argument("--baked-root", help="the baked pages' folder (default BAKED_ROOT)")
    args = parser.parse_args(argv)
    django.setup()
    sys.stdout.write(
        render(
            listen=args.listen,
            upstreams=args.upstream or ["127.0.0.1:8000"],
            run_dir=args.run_dir,
            server_name=args.server_name,
            mime_types=args.mime_types,
            baked_root=args.baked_root,
        )
    )


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_inspections.settings")
    main()
