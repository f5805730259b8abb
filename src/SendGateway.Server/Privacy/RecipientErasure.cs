using SendGateway.Server.Queue;
using SendGateway.Server.Suppressions;

namespace SendGateway.Server.Privacy;

/// <summary>
/// Erasing recipients, the one implementation behind <c>POST /v1/privacy/erasures</c> and the panel's Privacy page:
/// unmailable first (the suppression mirror by keyed hash), then Redis (queued entries, pending events, stored
/// responses), then PostgreSQL, then the plain addresses leave the mirror.
/// </summary>
internal sealed class RecipientErasure(ErasureSteps steps, QueueEraser queue, SuppressionCache mirror, AddressHashes hashes)
{
    public const int MaxEmails = 1000;

    /// <summary>Null when the list is empty, too long or holds something that is not an address.</summary>
    public async Task<ErasureResult?> EraseAsync(string tenantId, IEnumerable<string?> requested, CancellationToken cancellationToken)
    {
        var emails = requested.Select(e => Addresses.Normalize(e?.Trim())?.ToLowerInvariant()).ToList();
        if (emails.Count is 0 or > MaxEmails || emails.Any(e => e is null))
        {
            return null;
        }

        var people = emails.Distinct().Select(e => (Email: e!, Hash: hashes.For(e!))).ToList();
        await mirror.SetAsync(tenantId, people.Select(p => (p.Hash, (DateTimeOffset?)null)), cancellationToken); // unmailable first
        var (queued, pendingEvents, idempotency) = await queue.EraseAsync(tenantId, people.Select(p => p.Email).ToHashSet(), cancellationToken);
        var erased = await steps.EraseAsync(tenantId, people, cancellationToken);
        foreach (var (email, _) in people)
        {
            await mirror.RemoveAsync(tenantId, email, cancellationToken);
        }

        return new ErasureResult(
            people.Count, erased.Messages, erased.Events, erased.WebhookBatches, erased.RecipientBounces, queued, pendingEvents, idempotency, erased.SuppressionsHashed);
    }
}
