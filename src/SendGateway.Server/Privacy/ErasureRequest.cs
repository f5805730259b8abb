namespace SendGateway.Server.Privacy;

/// <summary>Body of <c>POST /v1/privacy/erasures</c>: the recipients to erase (1–1000 addresses).</summary>
internal sealed record ErasureRequest(IReadOnlyList<string>? Emails);
