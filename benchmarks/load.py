"""Load on `segurfaq serve --prod` over loopback, measured with wrk, beside a static file.

    apt-get install wrk        # once (Debian's package)
    .venv/bin/python benchmarks/load.py [--duration 20] [--connections 50] [--redis]

Starts the production server (gunicorn, WEB_CONCURRENCY workers) on a fresh data folder with
the default content, warms every worker, then runs wrk against, in turn: a static file, the
list page, a detail page, the search API (varied questions, none repeated in a run: the
engine keeps the last embeddings it computed), votes through the API (each client casting
and changing votes), and the static file again. Then it measures the bare embedding model
on the same questions, one at a time, in this process.

Requests carry `X-Forwarded-Proto: https`, as a reverse proxy would add: production settings
redirect plain HTTP. The API write limit is raised for the run, since the 50 clients share
one address. Prints a Markdown table and writes the figures as JSON (--json).
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PREFIXES = ["", "Bonjour, ", "Question : ", "svp ", "Dites-moi ", "Je voudrais savoir : "]
SUFFIXES = ["", " ?", " merci", " svp", " (urgent)", " merci d'avance"]
SEARCH_LUA = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local counter = 0
local step = 1
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
function init(args)
  step = %(threads)d
  position = offset + %(start)d
end
%(pace)s
request = function()
  position = position + step
  local path = paths[(position %% #paths) + 1]
  return wrk.format("GET", path, {["X-Forwarded-Proto"] = "https"})
end
"""
VOTE_LUA = """
local slugs = {%(slugs)s}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  n = 0
end
request = function()
  n = n + 1
  local slug = slugs[(n %% #slugs) + 1]
  -- 200 readers per thread, each voting again and again: casts and changes.
  local reader = "bench-" .. id .. "-" .. (n %% 200)
  local value = (math.floor(n / 200) %% 2 == 0) and "yes" or "no"
  local body = '{"value": "' .. value .. '", "visitor": "' .. reader .. '"}'
  return wrk.format("POST", "/api/v1/entries/" .. slug .. "/votes",
    {["Content-Type"] = "application/json", ["X-Forwarded-Proto"] = "https"}, body)
end
"""
# A reader reads the answers before asking again: one question per client and second.
PACE = """
function delay()
  return 1000
end
"""
PLAIN_LUA = """
wrk.headers["X-Forwarded-Proto"] = "https"
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def varied_questions(seed: int = 7) -> list[str]:
    """The dev questions, each worded a few dozen ways: no two alike."""
    with open(HERE / "data" / "dev.jsonl", encoding="utf-8") as handle:
        base = [json.loads(line)["query"] for line in handle if line.strip()]
    questions = {
        prefix + (plain(q) if strip else q) + suffix
        for q in base
        for prefix in PREFIXES
        for suffix in SUFFIXES
        for strip, plain in ((False, None), (True, _plain))
    }
    ordered = sorted(questions)
    random.Random(seed).shuffle(ordered)
    return ordered


def query_bound(schema: dict) -> int:
    """The longest question `GET /api/v1/search` takes, as its OpenAPI schema says."""
    for parameter in schema["paths"]["/api/v1/search"]["get"]["parameters"]:
        if parameter["name"] == "q":
            return parameter["schema"]["maxLength"]
    raise SystemExit("Le schéma OpenAPI ne borne pas q : voyez api/api.py.")


def wrk(url: str, *, script: str, duration: int, connections: int, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        handle.name,
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(handle.name)
    return _parse_wrk(output)


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def _parse_wrk(output: str) -> dict:
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _milliseconds(percentiles["50"]),
        "p99_ms": _milliseconds(percentiles["99"]),
        "requests": requests,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


def bare_embedding(questions: list[str], seconds: float) -> dict:
    """The embedding model alone, one question at a time, as a server worker calls it."""
    from segurfaq.engine import shared_embedder

    embedder = shared_embedder()
    for question in questions[-5:]:
        embedder.embed_query(question)
    durations = []
    started = time.perf_counter()
    for question in questions:
        begin = time.perf_counter()
        embedder.embed_query(question)
        durations.append((time.perf_counter() - begin) * 1000)
        if time.perf_counter() - started > seconds:
            break
    elapsed = time.perf_counter() - started
    durations.sort()
    return {
        "rps": len(durations) / elapsed,
        "p50_ms": statistics.median(durations),
        "p99_ms": durations[int(len(durations) * 0.99) - 1],
        "requests": len(durations),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=None, help="WEB_CONCURRENCY")
    parser.add_argument("--redis", action="store_true", help="cache in Redis (REDIS_URL)")
    parser.add_argument(
        "--settle", type=float, default=3.0, help="seconds of rest between two endpoints"
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--warm", type=int, default=200, help="warm-up rounds (3 requests each)")
    parser.add_argument(
        "--only", help="comma-separated subset: list,detail,search,votes (static always runs)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk est introuvable : installez-le (apt-get install wrk).", file=sys.stderr)
        return 2

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    data_dir = tempfile.mkdtemp(prefix="segurfaq-load-")
    env = {
        **os.environ,
        "SEGURFAQ_DATA_DIR": data_dir,
        "SEGURFAQ_RATE_LIMITS": "off",
        "LOG_LEVEL": "ERROR",
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.redis:
        env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    log = open(Path(data_dir) / "server.log", "w")  # noqa: SIM115 - closed at the end
    segurfaq = Path(sys.executable).with_name("segurfaq")
    print(f"1/4 serveur de production sur {base} (données : {data_dir})…", flush=True)
    server = subprocess.Popen(
        [str(segurfaq), "serve", "--prod", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        return _run(args, base, server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def _run(args, base: str, server: subprocess.Popen) -> int:
    deadline = time.time() + 300
    while True:
        try:
            _get(f"{base}/readyz")
            break
        except OSError:
            if server.poll() is not None or time.time() > deadline:
                print("Le serveur n'a pas démarré : voyez server.log.", file=sys.stderr)
                return 1
            time.sleep(1)
    entries = json.loads(_get(f"{base}/api/v1/entries?page_size=50"))["results"]
    slugs = [entry["slug"] for entry in entries]
    # Only questions the API takes: its bound is read from its own schema, so that the
    # benchmark follows it when it moves (a refused question would measure a 400).
    bound = query_bound(json.loads(_get(f"{base}/api/v1/openapi.json")))
    questions = [q for q in varied_questions() if len(q) <= bound]
    warm, measured = questions[: args.warm], questions[args.warm :]
    print("2/4 mise en route de chaque processus (index, modèle)…", flush=True)
    for number, question in enumerate(warm):
        _get(f"{base}/api/v1/search?q={quote(question)}")
        _get(f"{base}/questions/{slugs[number % len(slugs)]}/")
        _get(f"{base}/")

    paths_file = Path(tempfile.mkdtemp()) / "paths.txt"
    paths_file.write_text("\n".join(f"/api/v1/search?q={quote(q)}" for q in measured) + "\n")
    static = "/static/segurfaq/site.css"
    runs = [
        ("static file (before)", static, PLAIN_LUA),
        ("list page", "/", PLAIN_LUA),
        ("detail page", f"/questions/{slugs[0]}/", PLAIN_LUA),
        (
            "search API (varied questions)",
            "/",
            SEARCH_LUA % {"paths": paths_file, "threads": args.threads, "pace": "", "start": 0},
        ),
        (
            "search API, paced (each client asks every second)",
            "/",
            SEARCH_LUA
            % {"paths": paths_file, "threads": args.threads, "pace": PACE, "start": 8000},
        ),
        (
            "votes API (cast and change)",
            "/",
            VOTE_LUA % {"slugs": ", ".join(f'"{s}"' for s in slugs)},
        ),
        ("static file (after)", static, PLAIN_LUA),
    ]
    if args.only:
        wanted = {"static", *args.only.split(",")}
        runs = [run for run in runs if run[0].split()[0] in wanted]
    results = {}
    print(f"3/4 wrk, {args.connections} connexions, {args.duration} s par adresse :", flush=True)
    for number, (name, path, script) in enumerate(runs, start=1):
        if number > 1:
            # When wrk stops, the server still answers the requests it had accepted: after
            # the search runs, a second of embeddings. Each endpoint is measured alone.
            time.sleep(args.settle)
        print(f"    [{number}/{len(runs)}] {name}…", flush=True)
        results[name] = wrk(
            base + path,
            script=script,
            duration=args.duration,
            connections=args.connections,
            threads=args.threads,
        )
    search_requests = results.get("search API (varied questions)", {}).get("requests", 0)
    if search_requests > len(measured):
        print(
            f"    attention : {search_requests} recherches pour {len(measured)} questions, "
            "certaines ont été répétées.",
            flush=True,
        )
    print("4/4 modèle d'embedding seul, mêmes questions, une à la fois…", flush=True)
    results["bare embedding model"] = bare_embedding(measured, seconds=args.duration)
    _report(results, args)
    failed = [name for name, figures in results.items() if figures.get("non_2xx")]
    if failed:
        # A refused request measures nothing: the figures above are not the service's.
        print(f"Réponses en erreur pendant : {', '.join(failed)} ; voyez server.log.")
        return 1
    return 0


def _report(results: dict, args) -> None:
    static = statistics.mean(
        figures["rps"] for name, figures in results.items() if name.startswith("static")
    )
    bare = results["bare embedding model"]["rps"]
    print()
    print("| endpoint | req/s | p50 ms | p99 ms | requests | non-2xx | ratio |")
    print("|---|---|---|---|---|---|---|")
    for name, figures in results.items():
        ratio = ""
        if name in ("list page", "detail page", "votes API (cast and change)"):
            ratio = f"{figures['rps'] / static:.0%} of static"
        elif name == "search API (varied questions)":
            ratio = f"{figures['rps'] / bare:.0%} of bare model"
        print(
            f"| {name} | {figures['rps']:.0f} | {figures['p50_ms']:.1f} | "
            f"{figures['p99_ms']:.1f} | {figures['requests']} | {figures.get('non_2xx', 0)} "
            f"| {ratio} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    sys.exit(main())
