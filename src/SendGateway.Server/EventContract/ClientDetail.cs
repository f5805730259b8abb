namespace SendGateway.Server.EventContract;

/// <summary>The coarse client of an open or click (api.md §7): <c>kind</c> webmail, mail_client, browser, proxy, scanner or unknown, and a name.</summary>
internal sealed record ClientDetail(string Kind, string? Name);
