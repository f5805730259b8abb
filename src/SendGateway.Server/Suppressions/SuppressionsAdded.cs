namespace SendGateway.Server.Suppressions;

/// <summary>Answer of an add or an import: how many entries were written, and (for an add) the entries.</summary>
internal sealed record SuppressionsAdded(int Count, IReadOnlyList<Suppression> Data);
