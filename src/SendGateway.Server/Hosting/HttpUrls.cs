namespace SendGateway.Server.Hosting;

/// <summary>The host's <c>urls</c> as the program was started with them, once <see cref="HttpListeners"/> has taken them over.</summary>
internal sealed record HttpUrls(string? Value);
