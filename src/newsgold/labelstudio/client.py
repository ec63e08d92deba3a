"""Push tasks to and pull exports from a running Label Studio server, with label-studio-sdk.

The URL and API token come from the caller (``--url`` / ``--token``) or from the environment
(``LABEL_STUDIO_URL`` / ``LABEL_STUDIO_API_KEY``). The token is never printed or written anywhere.

``pull`` uses a snapshot export with full predictions (the plain JSON export gives predictions as ids
only) and full ``completed_by`` users (so each annotation can be named after its annotator).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from newsgold.errors import DataError
from newsgold.labelstudio.config import CARRIES, DEFAULT_LAYOUT
from newsgold.labelstudio.tasks import Task, task_document_id, task_layout

URL_ENV = "LABEL_STUDIO_URL"
TOKEN_ENV = "LABEL_STUDIO_API_KEY"
EXPORT_TIMEOUT = 120.0


class ClientError(DataError, RuntimeError):
    """Missing credentials, an unreachable server, or a request the server refused."""


@dataclass(frozen=True, slots=True)
class PushResult:
    project_id: int
    created: bool
    tasks_imported: int
    tasks_kept: int  # documents already in the project: left alone, annotators' work is never replaced
    predictions_added: int
    tasks_completed: int = 0  # tasks already there given the data keys they lacked (never a changed value)


def credentials(url: str | None = None, token: str | None = None) -> tuple[str, str]:
    """URL and token from the arguments, else from the environment; :class:`ClientError` if missing."""
    url = url or os.environ.get(URL_ENV)
    token = token or os.environ.get(TOKEN_ENV)
    missing = [
        what for what, v in ((f"--url or ${URL_ENV}", url), (f"--token or ${TOKEN_ENV}", token)) if not v
    ]
    if missing:
        raise ClientError("Label Studio credentials missing: give " + " and ".join(missing))
    assert url is not None and token is not None
    return url.rstrip("/"), token


def connect(url: str | None = None, token: str | None = None) -> Any:
    """A ``label_studio_sdk.LabelStudio`` client."""
    try:
        from label_studio_sdk import LabelStudio
    except ImportError as e:  # pragma: no cover - depends on the installation
        raise ClientError("label-studio-sdk is not installed: pip install 'newsgold[labelstudio]'") from e
    base, key = credentials(url, token)
    return LabelStudio(base_url=base, api_key=key)


def _call(what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run an SDK call; turn its errors into :class:`ClientError` without echoing request headers."""
    try:
        return fn(*args, **kwargs)
    except ClientError:
        raise
    except Exception as e:  # noqa: BLE001 - the SDK raises many types; none may leak a token
        status = getattr(e, "status_code", None)
        body = getattr(e, "body", None)
        detail = f"HTTP {status}: {str(body)[:500]}" if status is not None else f"{type(e).__name__}"
        raise ClientError(f"{what} failed ({detail})") from None


def find_project(client: Any, title: str) -> Any | None:
    for p in _call("listing projects", lambda: list(client.projects.list(title=title))):
        if p.title == title:
            return p
    return None


def resolve_project(client: Any, project: str | int) -> int:
    """A project id from an id or an exact title."""
    if isinstance(project, int) or str(project).isdigit():
        return int(project)
    found = find_project(client, str(project))
    if found is None:
        raise ClientError(f"no project titled {project!r}")
    return int(found.id)


def _existing_tasks(client: Any, pid: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for t in _call("listing tasks", lambda: list(client.tasks.list(project=pid))):
        doc_id = task_document_id({"data": t.data})
        if doc_id is not None:
            out[doc_id] = t
    return out


def push(
    client: Any, title: str, tasks: Sequence[Task], label_config: str, layout: str | None = None
) -> PushResult:
    """Create the project ``title`` (or update its config) and import ``tasks``.

    Documents already in the project keep their task and its annotations; only predictions with a
    ``model_version`` the task does not have yet are added to them, and data keys the task lacks (such
    as the cluster options of a newer config). With ``layout``, a project whose tasks were made for
    another layout is refused before anything changes: its annotations carry other layers.
    """
    if len(title) < 3:
        raise ClientError(f"project title {title!r} is too short (Label Studio needs 3 characters or more)")
    project = find_project(client, title)
    created = project is None
    existing = {} if project is None else _existing_tasks(client, int(project.id))
    if layout is not None:
        layouts = {task_layout({"data": t.data}) or DEFAULT_LAYOUT for t in existing.values()}
        other = sorted(x for x in layouts if CARRIES.get(x) != CARRIES[layout])
        if other:
            raise ClientError(
                f"project {title!r} holds tasks made for layout {', '.join(other)}, which carries other "
                f"layers than {layout}: push with that layout, or to a new project"
            )
    if project is None:
        project = _call(
            "creating the project", client.projects.create, title=title, label_config=label_config
        )
    else:
        _call("updating the labeling config", client.projects.update, project.id, label_config=label_config)
    pid = int(project.id)
    new = [t for t in tasks if task_document_id(t) not in existing]
    added = completed = 0
    for t in tasks:
        doc_id = task_document_id(t)
        if doc_id not in existing:
            continue
        task_obj = existing[doc_id]
        have_data = dict(task_obj.data or {})
        missing = {k: v for k, v in t.get("data", {}).items() if k not in have_data}
        if missing:
            _call(
                "adding data to a task",
                client.tasks.update,
                str(task_obj.id),
                data={**have_data, **missing},
            )
            completed += 1
        have = {
            p.model_version
            for p in _call(
                "listing predictions", lambda tid=task_obj.id: list(client.predictions.list(task=tid))
            )
        }
        for pred in t.get("predictions", []):
            if pred.get("model_version") in have:
                continue
            _call(
                "adding a prediction",
                client.predictions.create,
                task=task_obj.id,
                result=pred["result"],
                model_version=pred.get("model_version"),
                score=pred.get("score"),
            )
            added += 1
    if new:
        _call("importing tasks", client.projects.import_tasks, pid, request=list(new))
    added += sum(len(t.get("predictions", [])) for t in new)
    return PushResult(pid, created, len(new), len(tasks) - len(new), added, completed)


def pull(client: Any, project: str | int, timeout: float = EXPORT_TIMEOUT) -> list[dict[str, Any]]:
    """The project's full JSON export: every task, every annotation, predictions in full."""
    pid = resolve_project(client, project)
    export = _call(
        "starting the export",
        client.projects.exports.create,
        pid,
        title="newsgold pull",
        serialization_options={
            "predictions": {"only_id": False},
            "annotations__completed_by": {"only_id": False},
        },
    )
    deadline = time.monotonic() + timeout
    while True:
        state = _call("polling the export", client.projects.exports.get, pid, export.id)
        if state.status == "completed":
            break
        if state.status == "failed":
            raise ClientError(f"the export of project {pid} failed on the server")
        if time.monotonic() > deadline:
            raise ClientError(f"the export of project {pid} did not finish within {timeout:.0f} s")
        time.sleep(0.5)
    raw = _call(
        "downloading the export",
        lambda: b"".join(client.projects.exports.download(pid, export.id, export_type="JSON")),
    )
    data = orjson.loads(raw)
    if not isinstance(data, list):
        raise ClientError("the export is not a list of tasks")
    return data
