using System.Text;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// Adding, removing and exporting suppressions: the one implementation behind <c>/v1/suppressions</c> and the panel's
/// Suppressions page. The Redis mirror (what the accept path reads) is written so a failure over-suppresses, never under.
/// </summary>
internal sealed class SuppressionChanges(SuppressionStore store, SuppressionCache cache, IOptions<SuppressionsOptions> options, TimeProvider time)
{
    public const int MaxReportedErrors = 20;

    public int MaxPerRequest => options.Value.MaxPerRequest;

    /// <summary>
    /// A CSV import (<see cref="SuppressionCsv"/>): all lines or none. Every line is read; the refused ones are reported
    /// by number with why (the first <see cref="MaxReportedErrors"/>). Bounded by <see cref="SuppressionsOptions.MaxImportRows"/>;
    /// the caller bounds the bytes.
    /// </summary>
    public async Task<SuppressionImport> ImportAsync(string tenantId, TextReader reader, CancellationToken cancellationToken)
    {
        var entries = new List<(string, string, DateTimeOffset?)>();
        var errors = new Dictionary<string, string[]>();
        var (number, refused) = (0, 0);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (line.Length == 0 || (number == 1 && SuppressionCsv.IsHeader(line)))
            {
                continue;
            }

            if (entries.Count + refused >= options.Value.MaxImportRows)
            {
                return new SuppressionImport(0, refused, errors, TooManyLines: true);
            }

            if (SuppressionCsv.TryParse(line, out var entry) is { } error)
            {
                if (++refused <= MaxReportedErrors)
                {
                    errors[$"line {number}"] = [error];
                }

                continue;
            }

            entries.Add(entry);
        }

        if (refused > 0)
        {
            return new SuppressionImport(0, refused, errors);
        }

        // Mirrored first, as for an add: a failure after it over-suppresses until the import is retried, never under.
        await cache.SetAsync(tenantId, entries.Select(e => (e.Item1, e.Item3)), cancellationToken);
        var count = entries.Count == 0 ? 0 : await store.ImportAsync(tenantId, entries, cancellationToken);
        return new SuppressionImport(count, 0, errors);
    }

    /// <summary>The errors by the API's field names, or none and what was stored.</summary>
    public async Task<(Dictionary<string, string[]> Errors, SuppressionsAdded? Added)> AddAsync(string tenantId, IReadOnlyList<SuppressionInput> inputs, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (inputs.Count == 0 || inputs.Count > options.Value.MaxPerRequest)
        {
            errors["suppressions"] = [$"Between 1 and {options.Value.MaxPerRequest} entries are required."];
            return (errors, null);
        }

        var entries = new List<(string, string, DateTimeOffset?)>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var key = SuppressionKeys.Normalize(inputs[i].Email);
            var reason = inputs[i].Reason ?? SuppressionReasons.Manual;
            if (key is null)
            {
                errors[$"suppressions[{i}].email"] = ["Must be an email address or @domain."];
            }

            if (!SuppressionReasons.IsValid(reason))
            {
                errors[$"suppressions[{i}].reason"] = [$"Must be one of {string.Join(", ", SuppressionReasons.All)}."];
            }

            if (inputs[i].ExpiresAt is { } at && at <= time.GetUtcNow())
            {
                errors[$"suppressions[{i}].expires_at"] = ["Must be in the future."];
            }

            entries.Add((key ?? string.Empty, reason, inputs[i].ExpiresAt));
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        // Mirrored first: if the row write then fails, the address is over-suppressed until the client retries, never under.
        await cache.SetAsync(tenantId, entries.Select(e => (e.Item1, e.Item3)), cancellationToken);
        var stored = await store.AddAsync(tenantId, entries, cancellationToken);
        return (errors, new SuppressionsAdded(stored.Count, stored));
    }

    public async Task<bool> RemoveAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        if (SuppressionKeys.Normalize(email) is not { } key)
        {
            return false;
        }

        var deleted = await store.DeleteAsync(tenantId, key, cancellationToken);
        await cache.RemoveAsync(tenantId, key, cancellationToken); // after the row: a failure here over-suppresses, never under
        return deleted;
    }

    /// <summary>Every entry as CSV, streamed as a download.</summary>
    public async Task ExportAsync(HttpContext context, string tenantId, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"suppressions.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteLineAsync(SuppressionCsv.Header.AsMemory(), cancellationToken);
        await foreach (var entry in store.ExportAsync(tenantId, cancellationToken))
        {
            await writer.WriteLineAsync(SuppressionCsv.Format(entry).AsMemory(), cancellationToken);
        }
    }
}
