using Microsoft.Extensions.Options;

namespace SendGateway.Server.Streams;

/// <summary>Creating, changing and deleting streams, with their checks (the API's and the panel's one path).</summary>
internal sealed class StreamChanges(StreamStore store, IpPools.SourceSelector pools, IOptions<StreamsOptions> options)
{
    public async Task<(Dictionary<string, string[]> Errors, MessageStream? Created, bool Conflict)> CreateAsync(
        string tenantId, CreateStreamRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        StreamInput.CheckId(request.Id, errors);
        StreamInput.CheckName(request.Name, required: true, errors);
        StreamInput.CheckKind(request.Kind, errors);
        StreamInput.CheckUnsubscribe(request.Unsubscribe, allowDefault: false, errors);
        var pool = string.IsNullOrWhiteSpace(request.IpPool) ? null : request.IpPool.Trim();
        if (pool is not null && !await pools.IsAllowedAsync(tenantId, pool, cancellationToken))
        {
            errors["ip_pool"] = ["This account may not use that IP pool (neither its default nor an allowed pool)."];
        }

        if (errors.Count > 0)
        {
            return (errors, null, false);
        }

        if (StreamKinds.IsBuiltIn(request.Id!))
        {
            return (new() { ["id"] = ["transactional and broadcast are built in: change them with PATCH /v1/streams/{id}."] }, null, true);
        }

        if (await store.CountOwnAsync(tenantId, cancellationToken) + StreamKinds.All.Length >= options.Value.MaxPerTenant)
        {
            return (new() { ["id"] = [$"At most {options.Value.MaxPerTenant} streams per account, the two built-in ones included."] }, null, false);
        }

        var stream = new MessageStream
        {
            Id = request.Id!, Name = request.Name!.Trim(), Kind = request.Kind!, Unsubscribe = request.Unsubscribe,
            TrackOpens = request.TrackOpens, TrackClicks = request.TrackClicks, IpPool = pool,
        };
        var created = await store.SaveAsync(tenantId, stream, create: true, cancellationToken);
        return created is null ? (new() { ["id"] = ["A stream with that id exists."] }, null, true) : (errors, created, false);
    }

    /// <summary>Null stream and no errors: the tenant has no stream of that id.</summary>
    public async Task<(Dictionary<string, string[]> Errors, MessageStream? Updated)> UpdateAsync(
        string tenantId, string id, UpdateStreamRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (await store.FindAsync(tenantId, id, cancellationToken) is not { } stream)
        {
            return (errors, null);
        }

        StreamInput.CheckName(request.Name, required: false, errors);
        StreamInput.CheckUnsubscribe(request.Unsubscribe, allowDefault: true, errors);
        var pool = request.IpPool?.Trim();
        if (pool is { Length: > 0 } && !await pools.IsAllowedAsync(tenantId, pool, cancellationToken))
        {
            errors["ip_pool"] = ["This account may not use that IP pool (neither its default nor an allowed pool)."];
        }

        if (request.TrackingDefault == true && (request.TrackOpens is not null || request.TrackClicks is not null))
        {
            errors["tracking_default"] = ["tracking_default goes back to the account's tracking settings: leave out track_opens and track_clicks."];
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        var tracking = request.TrackingDefault == true;
        var changed = stream with
        {
            Name = request.Name?.Trim() ?? stream.Name,
            Unsubscribe = request.Unsubscribe is null ? stream.Unsubscribe : request.Unsubscribe == StreamInput.DefaultUnsubscribe ? null : request.Unsubscribe,
            TrackOpens = tracking ? null : request.TrackOpens ?? stream.TrackOpens,
            TrackClicks = tracking ? null : request.TrackClicks ?? stream.TrackClicks,
            IpPool = pool is null ? stream.IpPool : pool.Length == 0 ? null : pool,
        };
        return (errors, await store.SaveAsync(tenantId, changed, create: false, cancellationToken));
    }

    /// <summary>False when there is no such stream; a built-in stream is not deleted (<paramref name="builtIn"/>).</summary>
    public async Task<(bool Deleted, bool BuiltIn)> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        StreamKinds.IsBuiltIn(id) ? (false, true) : (await store.DeleteAsync(tenantId, id, cancellationToken), false);
}
