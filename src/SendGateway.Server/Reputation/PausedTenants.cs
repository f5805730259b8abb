using System.Collections.Frozen;
using SendGateway.Server.Delivery.Holds;

namespace SendGateway.Server.Reputation;

/// <summary>
/// Delivery's answer whether a tenant is paused, from this node's memory: the list of paused tenants that
/// <see cref="PausedTenantsWorker"/> reads every <see cref="ReputationOptions.PausedRefresh"/>. The first attempts wait for
/// the first read, so a paused tenant's mail does not leave in the moments after a start.
/// </summary>
internal sealed class PausedTenants : ITenantPauses
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile FrozenSet<string> _paused = FrozenSet<string>.Empty;

    public async ValueTask<bool> IsPausedAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (!_loaded.Task.IsCompleted)
        {
            await _loaded.Task.WaitAsync(cancellationToken);
        }

        return _paused.Contains(tenantId);
    }

    /// <summary>Takes the list just read; returns the tenants that entered it (now held here) and those that left it (resumed), whose held mail is to be released.</summary>
    public (IReadOnlyList<string> Entered, IReadOnlyList<string> Left) Replace(IEnumerable<string> paused)
    {
        var next = paused.ToFrozenSet(StringComparer.Ordinal);
        var previous = _paused;
        _paused = next;
        ReputationMetrics.SetPaused(next.Count);
        _loaded.TrySetResult();
        return ([.. next.Where(id => !previous.Contains(id))], [.. previous.Where(id => !next.Contains(id))]);
    }

    /// <summary>The first read failed: attempts go on with an empty list rather than wait for PostgreSQL.</summary>
    public void GiveUpWaiting() => _loaded.TrySetResult();
}
