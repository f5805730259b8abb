using SendGateway.Server.Messages;
using SendGateway.Server.Suppressions;

namespace SendGateway.Server.Privacy;

/// <summary>Everything held about one recipient: the one implementation behind <c>GET /v1/privacy/export</c> and the panel's download.</summary>
internal sealed class RecipientExport(MessageStore messages, MessageContentStore contents, SuppressionStore suppressions, AddressHashes hashes)
{
    public const int MaxExportedMessages = 1000;
    public const int MaxExportedContents = 50;

    /// <summary>Null when <paramref name="email"/> is not an address.</summary>
    public async Task<PersonalDataExport?> ExportAsync(string tenantId, string? email, CancellationToken cancellationToken)
    {
        if (Addresses.Normalize(email?.Trim())?.ToLowerInvariant() is not { } address)
        {
            return null;
        }

        var ids = await messages.IdsForRecipientAsync(tenantId, address, hashes.For(address), MaxExportedMessages + 1, cancellationToken);
        var views = new List<MessageView>(Math.Min(ids.Count, MaxExportedMessages));
        foreach (var id in ids.Take(MaxExportedMessages))
        {
            if (await messages.GetAsync(tenantId, id, cancellationToken) is { } view)
            {
                views.Add(view);
            }
        }

        var suppression = await suppressions.FindAsync(tenantId, SuppressionKeys.Candidates(address).Append(hashes.For(address)), cancellationToken);
        var bounces = await suppressions.HardBouncesAsync(tenantId, address, cancellationToken);
        var kept = await contents.ListAsync(tenantId, ids, MaxExportedContents + 1, cancellationToken);
        return new PersonalDataExport(
            address, views, suppression, bounces, ids.Count > MaxExportedMessages, kept.Take(MaxExportedContents).ToList(), kept.Count > MaxExportedContents);
    }
}
