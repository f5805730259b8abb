namespace SendGateway.Server.Suppressions;

/// <summary>How list entries are keyed: the whole address lower-cased, or <c>@domain</c> for a domain entry.</summary>
internal static class SuppressionKeys
{
    public const int MaxLength = 254;

    /// <summary>The stored key for a user-supplied entry, or null when it is neither an address nor <c>@domain</c>.</summary>
    public static string? Normalize(string? entry)
    {
        var trimmed = entry?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength)
        {
            return null;
        }

        if (trimmed[0] == '@')
        {
            var domain = trimmed[1..].ToLowerInvariant();
            return DomainNames.IsValid(domain) ? "@" + domain : null;
        }

        return Addresses.Normalize(trimmed)?.ToLowerInvariant();
    }

    /// <summary>The keys that block <paramref name="normalizedAddress"/>: the address itself and its domain.</summary>
    public static IEnumerable<string> Candidates(string normalizedAddress)
    {
        yield return normalizedAddress.ToLowerInvariant();
        yield return "@" + Addresses.DomainOf(normalizedAddress);
    }

    /// <summary>
    /// The rows a check of <paramref name="key"/> (normalised) looks for: a <c>@domain</c> entry itself; an address's own
    /// entry, its domain's, and its keyed hash (an erased address stays listed by its hash).
    /// </summary>
    public static IEnumerable<string> Lookup(string key, Common.AddressHashes hashes) =>
        key.StartsWith('@') ? [key] : Candidates(key).Append(hashes.For(key));

    /// <summary>The stream kinds an entry may be scoped to (an unsubscribe's); an entry without a scope blocks every kind.</summary>
    public static readonly string[] Scopes = Streams.StreamKinds.All;

    /// <summary>
    /// The Redis mirror's field of an entry scoped to one stream kind: the kind, a tab, the key (no key holds a tab).
    /// An entry for every kind is mirrored under its key alone.
    /// </summary>
    public static string ScopedField(string key, string scope) => scope + "\t" + key;

    /// <summary>The mirror's field for an entry of <paramref name="scope"/> (null: every kind).</summary>
    public static string Field(string key, string? scope) => scope is null ? key : ScopedField(key, scope);

    /// <summary>Every field an entry of <paramref name="key"/> may be mirrored under.</summary>
    public static IEnumerable<string> AllScopes(string key) => Scopes.Select(s => ScopedField(key, s)).Prepend(key);
}
