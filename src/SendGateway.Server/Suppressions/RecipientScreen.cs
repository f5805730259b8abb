using SendGateway.Server.Settings;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// The accept path's recipient check (architecture §2): which envelope recipients are dropped instead of queued,
/// and why (<c>suppressed</c>, <c>disposable_domain</c>). One Redis round trip for the whole batch (<see cref="SuppressionCache"/>).
/// An entry scoped to one stream kind (an unsubscribe) blocks only mail of that kind; with no kind (a tenant that keeps one
/// suppression scope) every entry blocks.
/// </summary>
internal sealed class RecipientScreen(SuppressionCache suppressions, AddressHashes hashes, TenantSettingsStore settings, DisposableDomains disposable)
{
    public async Task<Dictionary<string, string>> ScreenAsync(string tenantId, IReadOnlyList<string> recipients, string? streamKind, CancellationToken cancellationToken)
    {
        var dropped = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if ((await settings.GetAsync(tenantId, cancellationToken)).BlockDisposableDomains)
        {
            foreach (var recipient in recipients.Where(r => disposable.IsDisposable(Addresses.DomainOf(r))))
            {
                dropped[recipient] = SuppressionReasons.DroppedDisposable;
            }
        }

        var keys = recipients.SelectMany(r => Scoped(Candidates(r), streamKind)).Distinct(StringComparer.Ordinal).ToList();
        var listed = await suppressions.FindListedAsync(tenantId, keys, cancellationToken);
        if (listed.Count > 0)
        {
            foreach (var recipient in recipients)
            {
                if (Scoped(Candidates(recipient), streamKind).Any(listed.Contains))
                {
                    dropped[recipient] = SuppressionReasons.DroppedSuppressed;
                }
            }
        }

        return dropped;
    }

    /// <summary>The keys themselves (entries for every kind), and their entries for <paramref name="kind"/> only (or for either kind).</summary>
    private static IEnumerable<string> Scoped(IEnumerable<string> keys, string? kind) =>
        keys.SelectMany(k => kind is null ? SuppressionKeys.AllScopes(k) : [k, SuppressionKeys.ScopedField(k, kind)]);

    /// <summary>The address, its domain, and the keyed hash an erased address is kept under.</summary>
    private IEnumerable<string> Candidates(string recipient) => SuppressionKeys.Candidates(recipient).Append(hashes.For(recipient));
}
