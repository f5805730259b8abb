namespace SendGateway.Server.Domains;

/// <summary>A domain's signing key, decrypted, as the delivery worker needs it.</summary>
internal sealed record DkimKey(string Domain, string Selector, string PrivateKeyPem);
