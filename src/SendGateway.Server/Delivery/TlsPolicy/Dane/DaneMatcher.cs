using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SendGateway.Server.Delivery.TlsPolicy.Dane;

/// <summary>
/// Does the certificate an MX host presented match one of its TLSA records (RFC 7672 §3.1)? Any one usable record
/// that matches suffices; usages 0/1 and unknown selectors or matching types never match (§3.1.3).
/// DANE-EE(3): the leaf alone, with no name, date or chain check (§3.1.1). DANE-TA(2): one of the certificates the
/// server presented is the trust anchor, the leaf chains to it alone (no system roots, no downloads, no revocation),
/// is within its dates and names the MX host (§3.1.2, §3.2.3).
/// </summary>
internal static class DaneMatcher
{
    public static bool Matches(IReadOnlyList<TlsaAssociation> records, X509Certificate2 leaf, X509Chain? chain, string mxHost)
    {
        foreach (var record in records)
        {
            if (!record.IsUsable)
            {
                continue;
            }

            if (record.Usage == 3 ? Associated(record, leaf) : TrustAnchorMatches(record, leaf, chain, mxHost))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Does the record's data describe this certificate (its DER or its public key's, exact or digested)?</summary>
    internal static bool Associated(TlsaAssociation record, X509Certificate2 certificate)
    {
        var selected = record.Selector == 0 ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();
        var digest = record.MatchingType switch
        {
            0 => selected,
            1 => SHA256.HashData(selected),
            2 => SHA512.HashData(selected),
            _ => null,
        };
        return digest is not null && CryptographicOperations.FixedTimeEquals(digest, record.Data);
    }

    private static bool TrustAnchorMatches(TlsaAssociation record, X509Certificate2 leaf, X509Chain? chain, string mxHost)
    {
        var presented = Presented(leaf, chain);
        foreach (var anchor in presented.Where(c => !c.RawData.AsSpan().SequenceEqual(leaf.RawData) && Associated(record, c)))
        {
            using var path = new X509Chain();
            path.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            path.ChainPolicy.CustomTrustStore.Add(anchor);
            path.ChainPolicy.ExtraStore.AddRange(presented.ToArray());
            path.ChainPolicy.DisableCertificateDownloads = true;
            path.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            path.ChainPolicy.VerificationTime = DateTime.Now;
            // OpenSSL takes only a self-signed certificate as a root: an intermediate anchor leaves the chain "partial"
            // although every signature and date up to it was checked. So: the chain reaches the anchor, and nothing but
            // that partiality is wrong with it (a bad signature or an expired certificate shows in its own status).
            var built = path.Build(leaf);
            var reachesAnchor = path.ChainElements.Count > 1 && path.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(anchor.RawData);
            var onlyPartial = path.ChainStatus.All(s => s.Status is X509ChainStatusFlags.NoError or X509ChainStatusFlags.PartialChain);
            if ((built || onlyPartial) && reachesAnchor && leaf.MatchesHostname(mxHost.TrimEnd('.'), allowWildcards: true, allowCommonName: true))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The certificates the server sent: .NET hands them to the validation callback in the chain's extra store, and the
    /// elements of the chain it built from them. A trust anchor must be among them (RFC 7672 §3.1.2: servers send it).
    /// </summary>
    private static List<X509Certificate2> Presented(X509Certificate2 leaf, X509Chain? chain)
    {
        var presented = new List<X509Certificate2> { leaf };
        if (chain is null)
        {
            return presented;
        }

        foreach (var certificate in chain.ChainPolicy.ExtraStore.Concat(chain.ChainElements.Select(e => e.Certificate)))
        {
            if (!presented.Any(p => p.RawData.AsSpan().SequenceEqual(certificate.RawData)))
            {
                presented.Add(certificate);
            }
        }

        return presented;
    }
}
