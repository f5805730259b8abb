using Dapper;
using Microsoft.Extensions.Options;
using SendGateway.Server.Events;
using StackExchange.Redis;

namespace SendGateway.Server.Reputation;

/// <summary>
/// Counts each newly stored outcome and complaint (<see cref="ReputationCounts.MetricsOf"/>) into its tenant's buckets,
/// for the tenant and for the sender domain (the From's domain), at the event's own time. Only the events of
/// <c>ev_new</c> count, so events stored before are not counted again; Redis failing rolls the batch back, to be read
/// again (a transaction failing after this step's writes counts that batch twice: Redis is not in the transaction).
/// </summary>
internal sealed class ReputationCountStep(IConnectionMultiplexer redis, IOptions<ReputationOptions> options, TimeProvider time) : IIngestStep
{
    private static readonly string[] Types = [.. EventContract.EventTypes.All.Where(t => ReputationCounts.MetricsOf(t).Length > 0)];

    public async Task ApplyAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var counted = batch.Events.Where(e => e.TenantId is not null && Types.Contains(e.Type) && e.Timestamp > now - o.Window).ToList();
        if (!o.Enabled || counted.Count == 0)
        {
            return;
        }

        var fresh = (await batch.Connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM ev_new WHERE type = ANY (@types)", new { types = Types }, batch.Transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var increments = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var e in counted.Where(e => fresh.Contains(e.Id)))
        {
            var fields = increments.TryGetValue(e.TenantId!, out var f) ? f : increments[e.TenantId!] = new(StringComparer.Ordinal);
            var bucket = ReputationKeys.BucketOf(e.Timestamp > now ? now : e.Timestamp, o.Bucket);
            var domain = Addresses.DomainOf(e.From).ToLowerInvariant();
            foreach (var metric in ReputationCounts.MetricsOf(e.Type))
            {
                foreach (var field in new[] { ReputationKeys.Field(bucket, metric, null), ReputationKeys.Field(bucket, metric, domain) })
                {
                    fields[field] = fields.GetValueOrDefault(field) + 1;
                }
            }
        }

        var db = redis.GetDatabase();
        var writes = new List<Task>();
        var redisBatch = db.CreateBatch();
        foreach (var (tenantId, fields) in increments)
        {
            var key = ReputationKeys.Counts(tenantId);
            writes.AddRange(fields.Select(f => (Task)redisBatch.HashIncrementAsync(key, f.Key, f.Value)));
            writes.Add(redisBatch.KeyExpireAsync(key, o.Window + o.Bucket));
            writes.Add(redisBatch.SortedSetAddAsync(ReputationKeys.Active, tenantId, now.ToUnixTimeMilliseconds()));
        }

        redisBatch.Execute();
        await Task.WhenAll(writes);
    }
}
