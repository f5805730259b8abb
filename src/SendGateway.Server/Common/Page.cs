namespace SendGateway.Server.Common;

/// <summary>A page of a cursor-paginated list (api.md §1).</summary>
internal sealed record Page<T>(IReadOnlyList<T> Data, string? NextCursor);
