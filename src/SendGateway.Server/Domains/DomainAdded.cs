namespace SendGateway.Server.Domains;

/// <summary>What adding a domain did: <see cref="Created"/> is set only for <see cref="DomainAddStatus.Created"/>.</summary>
internal sealed record DomainAdded(DomainAddStatus Status, string? Name, DomainView? Created);
