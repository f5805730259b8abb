namespace SendGateway.Server.IpPools;

/// <summary>Body of <c>POST /v1/admin/ip-pools</c> (<c>name</c> required) and <c>PATCH /v1/admin/ip-pools/{name}</c> (new <c>sources</c>).</summary>
internal sealed record IpPoolRequest(string? Name, IReadOnlyList<IpSource>? Sources);
