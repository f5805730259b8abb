using System.Text.Json;
using StackExchange.Redis;

namespace SendGateway.Server.TlsReports;

/// <summary>Reads a domain's counts of a day back (two HGETALLs), in the shape a report lists them.</summary>
internal static class TlsReportCounts
{
    public static async Task<IReadOnlyList<PolicyCounts>> ReadAsync(IDatabase db, string day, string domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var meta = (await db.HashGetAllAsync(TlsReportKeys.Meta(day, domain))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        var counts = (await db.HashGetAllAsync(TlsReportKeys.Counts(day, domain))).ToDictionary(e => e.Name.ToString(), e => (long)e.Value, StringComparer.Ordinal);
        var policies = new List<PolicyCounts>();
        foreach (var (field, json) in meta.Where(m => m.Key.StartsWith("p:", StringComparison.Ordinal)).OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var key = field[2..];
            var policy = JsonSerializer.Deserialize(json, TlsReportsJsonContext.Default.StoredPolicy)!;
            var prefix = key + "|d|";
            var details = counts
                .Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal) && meta.ContainsKey("d:" + c.Key[prefix.Length..]))
                .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => (JsonSerializer.Deserialize(meta["d:" + c.Key[prefix.Length..]], TlsReportsJsonContext.Default.StoredFailure)!, c.Value))
                .ToList();
            policies.Add(new PolicyCounts(policy, counts.GetValueOrDefault(key + "|s"), counts.GetValueOrDefault(key + "|f"), details));
        }

        return policies;
    }
}
