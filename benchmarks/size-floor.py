"""The physical floor of one message of SIZE bytes (make bench-size): CPU of one SHA-256 of it (what DKIM's body hash
needs at least) and of one durable write of it (write + fdatasync to a file on the data folder's disk), in ms of a core,
each the median of ROUNDS, measured with getrusage (user + system time of this process).

    python3 benchmarks/size-floor.py SIZE FOLDER [ROUNDS]
"""
import hashlib
import os
import resource
import statistics
import sys


def cpu_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (usage.ru_utime + usage.ru_stime) * 1000


def per_call(action, rounds: int, batch: int) -> float:
    """Median CPU ms of one call of action, over rounds batches of batch calls (getrusage ticks are coarse)."""
    samples = []
    for _ in range(rounds):
        start = cpu_ms()
        for _ in range(batch):
            action()
        samples.append((cpu_ms() - start) / batch)
    return statistics.median(samples)


def main() -> None:
    size, folder = int(sys.argv[1]), sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    body = os.urandom(size)
    batch = max(1, 50_000_000 // size)  # about 50 MB per batch
    sha = per_call(lambda: hashlib.sha256(body).digest(), rounds, batch)
    path = os.path.join(folder, "size-floor.tmp")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        def durable_write() -> None:
            os.write(fd, body)
            os.fdatasync(fd)
            os.lseek(fd, 0, os.SEEK_SET)
        write = per_call(durable_write, rounds, max(1, batch // 10))
    finally:
        os.close(fd)
        os.unlink(path)
    print(f"sha256_ms={sha:.3f} durable_write_ms={write:.3f} floor_ms={sha + write:.3f}")


if __name__ == "__main__":
    main()
