namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>What <see cref="StoreFaults"/> does to a real store; <see cref="StoreFaults.RepairAsync"/> undoes it.</summary>
public enum StoreFault
{
    /// <summary>The process dies at once (Redis: SIGKILL; PostgreSQL: <c>pg_ctl stop -m immediate</c>); repaired by starting it again on the same data.</summary>
    Kill,

    /// <summary>Every process of the store is stopped (SIGSTOP): connections stay open and nothing answers, as in a long fsync or fork stall.</summary>
    Freeze,

    /// <summary>Redis only: <c>maxmemory</c> set below what is used, under <c>noeviction</c>, so every write that may grow memory is refused (OOM).</summary>
    Fill,

    /// <summary>
    /// Redis only: its files may not grow (<c>prlimit --fsize</c> at their present size; SIGXFSZ is ignored, so a write
    /// fails as on a full disk). Under <c>appendfsync always</c> Redis exits at the first append it cannot write; repaired
    /// by lifting the limit and starting it again on the same append-only file.
    /// </summary>
    DiskFull,
}
