using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SendGateway.Server.Delivery.Holds;

namespace SendGateway.Server.QueueControls;

/// <summary>
/// The controls in effect on this node (<see cref="IQueueControls"/> for delivery): answered from the last set read, never
/// waiting for PostgreSQL. <see cref="QueueControlsWorker"/> reads it again every <c>RefreshInterval</c>; the API reads it
/// at once after its own writes. A failed read keeps the last set: an outage neither drops nor releases anything.
/// Each read notes what the worker does next: the mail a lifted control held is released (twice, one refresh apart, so an
/// attempt that read the old set meanwhile is released too), and a new bounce's queued mail is made due.
/// </summary>
internal sealed class ActiveQueueControls(QueueControlStore store, IOptions<QueueControlsOptions> options) : IQueueControls
{
    private const int ReleasePasses = 2;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly ConcurrentDictionary<string, int> _releases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, QueueControl> _bounces = new(StringComparer.Ordinal);
    private volatile QueueControlSet _current = QueueControlSet.Empty;

    public QueueControlSet Current => _current;

    public ValueTask<QueueControlDecision?> CheckAsync(string tenantId, string domain, string? pool, DateTimeOffset acceptedAt, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_current.Check(tenantId, domain, pool, acceptedAt));

    public ValueTask<IReadOnlyDictionary<string, string>> HeldSourcesAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(_current.HeldSources);

    public ValueTask<IReadOnlyList<(string From, string To)>> RebindsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<(string From, string To)>>(
            [.. _current.Controls.Where(c => c is { Action: QueueControlNames.Rebind, ToPool: not null }).Select(c => (c.Value, c.ToPool!))]);

    /// <summary>Reads the controls in effect and swaps them in. Throws what the store throws, keeping the previous set.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            var read = await store.ActiveAsync(options.Value.MaxActive, cancellationToken);
            var before = _current.Controls;
            var now = read.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var had = before.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            _current = new QueueControlSet(read);
            foreach (var lifted in before.Where(c => !now.Contains(c.Id)))
            {
                foreach (var id in ReleasedBy(lifted))
                {
                    _releases[id] = ReleasePasses;
                }
            }

            foreach (var bounce in read.Where(c => !had.Contains(c.Id) && c.Action == QueueControlNames.Bounce))
            {
                _bounces[bounce.Id] = bounce;
            }

            foreach (var gone in _bounces.Keys.Where(id => !now.Contains(id)))
            {
                _bounces.TryRemove(gone, out _);
            }
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>
    /// The controls whose held mail a lift releases: a hold's own; for a source address, every source hold's too (mail
    /// with no address left is held under one of them, and the lifted address may now send it).
    /// </summary>
    public IReadOnlyList<string> ReleasedBy(QueueControl lifted) => lifted switch
    {
        { Action: not QueueControlNames.Hold } => [],
        { Scope: QueueControlNames.Source } => [lifted.Id, .. _current.HeldSources.Values.Distinct()],
        _ => [lifted.Id],
    };

    /// <summary>The ids of lifted holds whose mail to release now (each returned on two refreshes).</summary>
    public IReadOnlyList<string> TakeReleases()
    {
        var due = new List<string>();
        foreach (var (id, passes) in _releases)
        {
            due.Add(id);
            if (passes <= 1)
            {
                _releases.TryRemove(id, out _);
            }
            else
            {
                _releases[id] = passes - 1;
            }
        }

        return due;
    }

    /// <summary>
    /// New bounces whose queued mail to make due now: each once, when it is two refresh intervals old (every node has
    /// read it by then, so no node sends what it bounces).
    /// </summary>
    public IReadOnlyList<QueueControl> TakeBounces(DateTimeOffset now)
    {
        var settled = now - (2 * options.Value.RefreshInterval);
        var due = _bounces.Values.Where(c => QueueControlSet.Utc(c.CreatedAt) <= settled).ToList();
        foreach (var control in due)
        {
            _bounces.TryRemove(control.Id, out _);
        }

        return due;
    }
}
