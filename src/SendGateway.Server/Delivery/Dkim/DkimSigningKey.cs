using System.Security.Cryptography;

namespace SendGateway.Server.Delivery.Dkim;

/// <summary>A domain's DKIM key loaded into .NET's RSA (OpenSSL on Linux) for signing.</summary>
internal sealed class DkimSigningKey(string domain, string selector, RSA rsa) : IDisposable
{
    public string Domain { get; } = domain;

    public string Selector { get; } = selector;

    public RSA Rsa { get; } = rsa;

    public static DkimSigningKey FromPem(string domain, string selector, string privateKeyPem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        return new DkimSigningKey(domain, selector, rsa);
    }

    public void Dispose() => Rsa.Dispose();
}
