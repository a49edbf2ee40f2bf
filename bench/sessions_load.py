"""The load of bench/sessions: creates the sessions over HTTP, follows them over WebSockets, and
measures the delay from each move (its `at`, stamped by the server when the move was made) to
its arrival at a client. Client and server share the machine's clock (loopback only)."""
import argparse
import asyncio
import json
import statistics
import time
import urllib.request
from datetime import datetime

import websockets


def create(base, token, pace, seed):
    body = json.dumps({"scenario": "ukraine-2024-11", "version": 1, "rounds": 30, "pace": pace, "seed": seed,
                       "seats": {"RU": {"strategy": "boulware"}, "UA": {"strategy": "tit-for-tat"},
                                 "US": {"strategy": "conceder"}, "EU": {"strategy": "random"}}}).encode()
    request = urllib.request.Request(f"{base}/api/v1/sessions", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.load(response)["id"]


async def follow(base, token, ids, delays, errors, finished):
    url = base.replace("http://", "ws://")

    async def one(session):
        try:
            async with websockets.connect(f"{url}/api/v1/sessions/{session}/live?token={token}&after=1000000000", max_size=1 << 22) as socket:
                async for message in socket:
                    received = time.time()
                    view = json.loads(message)
                    for event in view["events"]:
                        at = datetime.fromisoformat(event["at"].replace("Z", "+00:00")).timestamp()
                        delays.append(received - at)
                    if view["finished"]:
                        finished.add(session)
                        return
        except Exception as error:  # counted, not fatal
            errors.append(f"{session}: {type(error).__name__}: {error}")

    await asyncio.gather(*(one(session) for session in ids))


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--pace", type=float, default=0.2)
    args = parser.parse_args()
    errors, delays, finished = [], [], set()
    started = time.time()
    loop = asyncio.get_running_loop()
    results = await asyncio.gather(*(loop.run_in_executor(None, create, args.base, args.token, args.pace, seed)
                                     for seed in range(args.sessions)))
    ids = [session for status, session in results if status == 201]
    errors += [f"create: HTTP {status}" for status, _ in results if status != 201]
    print(f"created {len(ids)} sessions in {time.time() - started:.1f} s")
    # Each client follows its share of the sessions from now on (after=: no past events).
    shares = [ids[k::args.clients] for k in range(args.clients)]
    connected_at = time.time()
    await asyncio.gather(*(follow(args.base, args.token, share, delays, errors, finished) for share in shares))
    took = time.time() - connected_at
    print(f"{len(finished)} of {len(ids)} sessions followed to the end in {took:.1f} s by {args.clients} clients")
    print(f"errors: {len(errors)}" + ("".join(f"\n  {e}" for e in errors[:10])))
    fresh = sorted(delays)
    if fresh:
        p = lambda q: fresh[min(len(fresh) - 1, int(q * len(fresh)))] * 1000
        print(f"events delivered: {len(fresh)}; delay from move to client: median {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, worst {fresh[-1] * 1000:.1f} ms")


asyncio.run(main())
