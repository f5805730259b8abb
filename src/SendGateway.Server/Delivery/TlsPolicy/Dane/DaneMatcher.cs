using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SendGateway.Server.Delivery.TlsPolicy.Dane;

/// <summary>
/// Whether a server's certificate matches one of its TLSA records (RFC 7672 §3.1). Here DANE-EE(3) only: the leaf's full
/// certificate (selector 0) or public key (selector 1), exact or SHA-256/SHA-512 digest; no name, expiry or chain check
/// for DANE-EE (RFC 7672 §3.1.1).
/// </summary>
internal static class DaneMatcher
{
    public static bool Matches(IReadOnlyList<TlsaAssociation> records, X509Certificate2 leaf, X509Chain? chain, string mxHost)
    {
        foreach (var record in records)
        {
            if (record.Usage == 3 && record.IsUsable && Digest(record, Selected(record.Selector, leaf)).AsSpan().SequenceEqual(record.Data))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Selected(byte selector, X509Certificate2 certificate) =>
        selector == 0 ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();

    private static byte[] Digest(TlsaAssociation record, byte[] data) => record.MatchingType switch
    {
        1 => SHA256.HashData(data),
        2 => SHA512.HashData(data),
        _ => data,
    };
}
