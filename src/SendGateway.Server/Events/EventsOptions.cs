using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Events;

/// <summary><c>SendGateway:Events</c>: the ingester.</summary>
public sealed class EventsOptions
{
    /// <summary>Events read from one shard's stream and written to PostgreSQL in one COPY.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>Shards ingested at the same time (each its own PostgreSQL transaction).</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 4;

    /// <summary>
    /// Pause after a round that found events but filled no batch, so the next batches carry more events: each batch is
    /// one PostgreSQL transaction with a fixed cost (staging tables, statements, commit). 0 = poll again at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan BatchWait { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Longest pause between polls of an idle stream.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Reads of an event PostgreSQL refuses for its data (alone, once its batch was split around it) before it goes to the
    /// dead letters: its delivery counter in the ingest group, so restarts and takeovers count too.
    /// </summary>
    [Range(1, 100)]
    public int MaxRefusedAttempts { get; set; } = 3;

    /// <summary>Events pending longer than this under another ingester (a dead one) are claimed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReclaimIdleTime { get; set; } = TimeSpan.FromMinutes(1);
}
