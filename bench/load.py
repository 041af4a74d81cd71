"""Load generator for bench/run.py: runs in its own process, talks to loopback only.

Usage: python bench/load.py PORT CONCURRENCY REQUESTS PATH [PATH ...]
Requests are spread over the paths round-robin; prints one JSON object with the results.
"""

import http.client
import json
import statistics
import sys
import threading
import time


def main():
    port, concurrency, total = (int(a) for a in sys.argv[1:4])
    paths = sys.argv[4:]
    latencies, errors, lock = [], [], threading.Lock()
    counter = iter(range(total))

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:  # bounded: exactly `total` requests in all
                return
            path = paths[n % len(paths)]
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                status = repr(error)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append(f"{path}: {status}")

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    print(
        json.dumps(
            {
                "requests": len(latencies),
                "rps": len(latencies) / wall,
                "p50_ms": statistics.median(latencies) * 1000,
                "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
                "errors": errors[:5],
                "error_count": len(errors),
            }
        )
    )


if __name__ == "__main__":
    main()
