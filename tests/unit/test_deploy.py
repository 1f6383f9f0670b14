"""deploy/: the nginx config the launcher renders says what the README promises, and nginx accepts it."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from deploy import serve

ROOT = Path(__file__).resolve().parents[2]


def _render(tmp_path: Path, ports=(9001, 9002), as_root: bool = False) -> str:
    return serve.render_config(listen="127.0.0.1:8080", replica_ports=list(ports), run_dir=tmp_path, upload_mb=50,
                               static_root=Path("/opt/streamlit/static"), modules=Path("/usr/share/nginx/modules"),
                               as_root=as_root)


def test_every_replica_is_an_upstream_on_loopback_with_passive_health_checks(tmp_path):
    conf = _render(tmp_path, ports=(9001, 9002, 9003))
    for name in ("streamlit", "streamlit_any"):
        block = conf[conf.index(f"upstream {name} {{"):]
        block = block[:block.index("}")]
        servers = re.findall(r"^\s*server (\S+) max_fails=1 fail_timeout=5s;", block, re.M)
        assert servers == ["127.0.0.1:9001", "127.0.0.1:9002", "127.0.0.1:9003"], name
    assert "hash $ctc_route consistent;" in conf
    assert "proxy_next_upstream error timeout http_502 http_503;" in conf  # never non_idempotent (uploads)


def test_no_path_outside_the_run_dir_is_written(tmp_path):
    conf = _render(tmp_path)
    for directive in ("pid", "error_log", "access_log", "client_body_temp_path", "proxy_temp_path",
                      "proxy_cache_path"):
        paths = re.findall(rf"^\s*{directive}\s+(\S+?);?(?:\s|$)", conf, re.M)
        assert paths and all(p.startswith(str(tmp_path)) for p in paths), (directive, paths)
    directives = "\n".join(line.split("#")[0] for line in conf.splitlines())
    assert "sites-enabled" not in directives and "/var/log" not in directives
    assert not re.search(r"@[A-Z_]+@", conf)


def test_upload_limit_follows_streamlit_config():
    from ctc_dashboard.limits import UPLOAD_MB

    limit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    assert serve.max_upload_mb() == limit == UPLOAD_MB.value


def test_upload_limit_allows_streamlit_limit_plus_envelope(tmp_path):
    conf = _render(tmp_path)
    assert re.search(r"client_max_body_size 51m;", conf)


def test_compression_and_caching_rules(tmp_path):
    conf = _render(tmp_path)
    for types in re.findall(r"(?:gzip|brotli)_types ([^;]+);", conf):
        for t in ("application/javascript", "text/css", "application/json", "application/geo+json", "image/svg+xml"):
            assert t in types.split(), t
    static = conf[conf.index("location /static/"):conf.index("location @streamlit_static")]
    assert "immutable" in static and "root /opt/streamlit/static;" in static
    app_static = conf[conf.index("location /app/static/"):conf.index("location = /_stcore/stream")]
    assert "immutable" not in app_static and "max-age=3600" in app_static
    stream = conf[conf.index("location = /_stcore/stream"):conf.index("location /_stcore/upload_file/")]
    assert "proxy_set_header Upgrade $http_upgrade;" in stream and "proxy_set_header Host $http_host;" in stream


def test_records_and_api_go_to_any_replica_compressed_and_cached(tmp_path):
    """No sticky session for the records and the API; one cached copy, compressed by nginx, revalidated."""
    conf = _render(tmp_path)
    loc = conf[conf.index("location ~ ^/(records|api)"):]
    loc = loc[:loc.index("}")]
    assert "proxy_pass http://streamlit_any;" in loc and "proxy_cache ctc_records;" in loc
    assert 'proxy_set_header Accept-Encoding "";' in loc and "proxy_cache_revalidate on;" in loc
    any_block = conf[conf.index("upstream streamlit_any {"):]
    assert "hash" not in any_block[:any_block.index("}")]
    assert "Set-Cookie $ctc_route_cookie" not in loc
    for types in re.findall(r"(?:gzip|brotli)_types ([^;]+);", conf):
        assert {"text/csv", "application/xml", "application/json"} <= set(types.split())
    for path in ("/records/", "/records/meetings/M1", "/api/meetings.json", "/sitemap.xml", "/robots.txt"):
        assert re.search(r"^/(records|api)(/|$)|^/(sitemap(-[0-9]+)?\.xml|robots\.txt)$", path), path


def test_root_keeps_workers_able_to_read_the_run_dir(tmp_path):
    assert re.search(r"^user root;", _render(tmp_path, as_root=True), re.M)
    assert not re.search(r"^user ", _render(tmp_path, as_root=False), re.M)


@pytest.mark.skipif(not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(), reason="nginx not installed")
def test_nginx_accepts_the_rendered_config(tmp_path):
    try:
        modules = serve.modules_dir()
    except SystemExit:
        pytest.skip("brotli modules not installed")
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
        (tmp_path / "tmp" / sub).mkdir(parents=True)
    conf = tmp_path / "nginx.conf"
    conf.write_text(serve.render_config(listen="127.0.0.1:8080", replica_ports=[9001, 9002], run_dir=tmp_path,
                                        upload_mb=50, static_root=serve.streamlit_static_root(), modules=modules,
                                        as_root=serve.os.geteuid() == 0))
    out = subprocess.run([serve.nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(conf), "-e",
                          str(tmp_path / "error.log")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
