"""Impersonated versus plain requests, side by side in one run, on a real server.

Starts ``viewas`` under uvicorn on 127.0.0.1 with a synthetic company, then sends the same
documents as the subject themselves and as a super admin impersonating the subject,
interleaved in random order, and reports each variant's latency and the ratios between them.
Latencies on a shared machine wander from run to run; the ratios, measured in the same run
under the same load, are the numbers to compare.

    python -m bench.run [--employees 2000] [--rounds 300] [--concurrency 8] [--database-url URL]
"""

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import select, update

from db.engine import create_engine, session_factory
from db.enums import EmployeeStatus, Role
from db.migrations import upgrade
from db.models import Company, Employee
from db.seed_synthetic import seed_synthetic
from viewas.auth import TokenService
from viewas.settings import Settings

DOCUMENTS = {
    "dashboard": """{
      me { name team { name } manager { name } }
      tasks { title module location subject { __typename } }
      goals(first: 20) { totalCount nodes { title visibility progress owner { name } } }
      meetings { title participants { name } notes { body } }
      surveys { title myInvitation { status } myResponse { answers { score comment } } }
      privateNotes { body }
      instantFeedback { message giver { name } }
    }""",
    "directory": """{
      employees(first: 100) { nodes { name jobTitle manager { name } team { name }
        goals { title visibility } reports { name } } }
    }""",
}


@dataclass
class Samples:
    latencies: dict[str, list[float]] = field(default_factory=dict)

    def add(self, key: str, seconds: float) -> None:
        self.latencies.setdefault(key, []).append(seconds)

    def p(self, key: str, q: float) -> float:
        values = sorted(self.latencies[key])
        return values[min(len(values) - 1, int(q * len(values)))] * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def prepare(settings: Settings, employees: int) -> tuple[str, str]:
    """Migrate, seed, and return (actor token, subject id) with consent not required."""
    engine = create_engine(settings.resolved_database_url)
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session:
            company_id = await seed_synthetic(session, employees, company_name="Benchco")
            await session.execute(
                update(Company).where(Company.id == company_id).values(require_consent=False)
            )
            await session.commit()
            actor = await session.scalar(
                select(Employee).where(
                    Employee.company_id == company_id, Employee.role == Role.SUPER_ADMIN
                )
            )
            # A manager: a subject whose view has reports, team goals and 1:1s.
            subject = await session.scalar(
                select(Employee)
                .where(
                    Employee.company_id == company_id,
                    Employee.role == Role.EMPLOYEE,
                    Employee.status == EmployeeStatus.ACTIVE,
                    Employee.id.in_(select(Employee.manager_id)),
                )
                .order_by(Employee.email)
                .limit(1)
            )
    finally:
        await engine.dispose()
    assert actor is not None and subject is not None
    tokens = TokenService(settings)
    return tokens.issue(actor.id), subject.id


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def drive(
    base: str, variants: dict[str, dict[str, str]], rounds: int, concurrency: int
) -> Samples:
    samples = Samples()
    jobs = [(name, doc) for _ in range(rounds) for name in variants for doc in DOCUMENTS]
    random.Random(1).shuffle(jobs)
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            variant, document = queue.get_nowait()
            started = time.perf_counter()
            response = await client.post(
                "/graphql", json={"query": DOCUMENTS[document]}, headers=variants[variant]
            )
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.text
            samples.add(f"{document}/{variant}", elapsed)

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="viewas-bench-"))
    env = {
        **os.environ,
        "VIEWAS_DATA_DIR": str(workdir),
        "VIEWAS_JWT_SECRET": "bench-secret-bench-secret-bench-secret-0123",
        "VIEWAS_LOG_LEVEL": "WARNING",
    }
    if args.database_url:
        env["VIEWAS_DATABASE_URL"] = args.database_url
    settings = Settings(
        data_dir=workdir,
        database_url=env.get("VIEWAS_DATABASE_URL"),
        jwt_secret=env["VIEWAS_JWT_SECRET"],  # type: ignore[arg-type]
    )
    print(f"seeding {args.employees} employees into {settings.resolved_database_url} …")
    actor_token, subject_id = asyncio.run(prepare(settings, args.employees))
    subject_token = TokenService(settings).issue(subject_id)
    variants = {
        "own": {"Authorization": f"Bearer {subject_token}"},
        "impersonated": {
            "Authorization": f"Bearer {actor_token}",
            "X-Impersonate-Employee": subject_id,
        },
    }

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "viewas.cli", "serve", "--no-demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        asyncio.run(drive(base, variants, 10, args.concurrency))  # warm-up
        rss_before = rss_kib(server.pid)
        started = time.perf_counter()
        samples = asyncio.run(drive(base, variants, args.rounds, args.concurrency))
        wall = time.perf_counter() - started
        rss_after = rss_kib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(
        f"\n{args.rounds} rounds x {len(variants)} variants x {len(DOCUMENTS)} documents, "
        f"concurrency {args.concurrency}, {wall:.1f} s"
    )
    print(f"{'document':<10} {'variant':<13} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for document in DOCUMENTS:
        for variant in variants:
            key = f"{document}/{variant}"
            mean = statistics.fmean(samples.latencies[key]) * 1000
            print(
                f"{document:<10} {variant:<13} {samples.p(key, 0.5):>8.2f} "
                f"{samples.p(key, 0.95):>8.2f} {mean:>8.2f}"
            )
        own = statistics.fmean(samples.latencies[f"{document}/own"])
        imp = statistics.fmean(samples.latencies[f"{document}/impersonated"])
        print(f"{document:<10} ratio impersonated/own (mean latency): {imp / own:.2f}")
    print(
        f"server RSS: {rss_before / 1024:.0f} MiB before, {rss_after / 1024:.0f} MiB after "
        f"({rss_after / max(rss_before, 1):.2f}x)"
    )


if __name__ == "__main__":
    main()
