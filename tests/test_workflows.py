"""The GitHub Actions workflows: valid for GitHub (a real validator), least privilege, pinned, same commands as make."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(data: dict) -> list[str]:
    return [step["run"] for job in data["jobs"].values() for step in steps(job) if "run" in step]


def actions(data: dict) -> list[str]:
    return [step["uses"].split("@")[0] for job in data["jobs"].values() for step in steps(job) if "uses" in step]


def validate(*paths: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with its vendored SchemaStore schema for GitHub workflows (works offline)."""
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
               *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True)


def test_workflows_are_valid_for_github():
    result = validate(WORKFLOWS / "pr.yml", WORKFLOWS / "deploy.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\npermissions: read\njobs:\n  build:\n    runs-on: ubuntu-24.04\n"
                      "    step:\n      - run: make test\n", "utf-8")
    result = validate(broken)
    assert result.returncode == 1 and "'step' was unexpected" in result.stdout


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_every_action_is_pinned_to_a_commit_with_its_version(name):
    lines = [line for line in (WORKFLOWS / name).read_text("utf-8").splitlines() if "uses:" in line]
    assert lines and all(PINNED.match(line) for line in lines), lines


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_least_privilege_and_concurrency(name):
    data = workflow(name)
    assert data["permissions"] == {"contents": "read"}
    assert data["concurrency"]["group"]
    for job_name, job in data["jobs"].items():
        expected = {"pages": "write", "id-token": "write"} if job_name == "deploy" else None
        assert job.get("permissions") == expected, job_name
        assert job["timeout-minutes"] <= 60
    for job in data["jobs"].values():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False


def test_pull_requests_run_the_tests_the_check_and_a_strict_build_and_upload_the_site():
    data = workflow("pr.yml")
    assert list(data["on"]) == ["pull_request"]
    assert data["concurrency"]["cancel-in-progress"] is True
    (job,) = data["jobs"].values()
    assert actions(data) == ["actions/checkout", "actions/upload-artifact", "actions/checkout"]
    assert job["container"]["image"] == "python:3.11-bookworm"  # Debian, for Debian's chromium package
    assert runs(data)[:3] == ["make test", ".venv/bin/papers check --format github", ".venv/bin/papers build"]
    upload = next(step for step in steps(job) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/" and upload["with"]["if-no-files-found"] == "error"


def test_main_is_built_and_deployed_with_the_official_pages_actions():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert actions(data) == ["actions/checkout", "actions/setup-python", "actions/cache", "actions/configure-pages",
                             "actions/upload-pages-artifact", "actions/deploy-pages"]
    assert runs(data) == ["make site", "make deploy-check"]
    cache = next(step for step in steps(data["jobs"]["build"]) if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".paper-archive-cache"  # what generator/related and render/cache.py keep
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    site_step = next(step for step in steps(build) if step.get("run") == "make site")
    assert site_step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert steps(build)[-1]["with"]["path"] == "site/"


def test_workflow_commands_are_the_ones_the_readme_and_makefile_give():
    readme = (ROOT / "README.md").read_text("utf-8")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    site_recipe = re.search(r"^site: .*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    for command in runs(workflow("pr.yml"))[:3] + runs(workflow("deploy.yml")):
        if command.startswith("make "):
            assert re.search(rf"^{command}\b", readme, re.MULTILINE), command  # README's set-up commands
        else:
            # CI prints the same check as GitHub annotations (--format github); the check itself is make site's.
            papers_command = command.replace(".venv/bin/", "$(BIN)/").replace(" --format github", "")
            assert papers_command in site_recipe, command  # what `make site` runs
    assert "SITE_URL" in site_recipe


def test_dependabot_updates_pip_and_actions_weekly_and_is_valid():
    path = ROOT / ".github" / "dependabot.yml"
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.dependabot", str(path)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    updates = {update["package-ecosystem"]: update for update in yaml.safe_load(path.read_text("utf-8"))["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    for update in updates.values():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"
    assert (ROOT / "requirements.txt").is_file()  # what Dependabot's pip updates rewrite, from pyproject.toml


def test_the_deploy_checks_the_built_site_before_publishing():
    build = workflow("deploy.yml")["jobs"]["build"]
    names = [step.get("run") or step.get("uses", "").split("@")[0] for step in steps(build)]
    assert names.index("make site") < names.index("make deploy-check") < names.index("actions/upload-pages-artifact")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    recipe = re.search(r"^deploy-check: .*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "$(BIN)/papers deploy-check '$(SITE_DIR)'" in recipe


def test_pull_requests_summarise_what_they_add_against_the_base_branch():
    job = workflow("pr.yml")["jobs"]["check"]
    base, summary = steps(job)[-2:]
    assert base["uses"].startswith("actions/checkout@") and base["with"]["persist-credentials"] is False
    assert base["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert base["with"]["sparse-checkout"] == "content" and base["with"]["path"] == ".base"
    assert summary["run"] == '.venv/bin/papers store-summary --base .base/content >> "$GITHUB_STEP_SUMMARY"'
    assert base["if"] == summary["if"] == "${{ !cancelled() }}"
    assert "/.base/" in (ROOT / ".gitignore").read_text("utf-8").splitlines()  # never swept into a test's copy
