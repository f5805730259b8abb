using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StackExchange.Redis;

namespace SendGateway.Server.Storage;

/// <summary>TLS to the stores: Redis trusts the configured CA (and shows a client certificate); PostgreSQL's files named in its connection string exist.</summary>
internal static class StoreTls
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>
    /// With a CA file, Redis is reached over TLS and its certificate must chain to that CA alone (not to the machine's
    /// trusted roots, which StackExchange.Redis' <c>TrustIssuer</c> also accepts), be meant for a server and name the host:
    /// any other certificate fails the connection.
    /// </summary>
    public static void ApplyTo(ConfigurationOptions redis, StorageOptions storage)
    {
        if (storage.RedisCaFile is not null)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(storage.RedisCaFile);
            redis.Ssl = true;
            redis.CertificateValidation += (_, certificate, presented, errors) => IsIssuedBy(ca, certificate, presented, errors);
        }

        if (storage.RedisClientCertificateFile is not null)
        {
            redis.SetUserPfxCertificate(storage.RedisClientCertificateFile, storage.RedisClientCertificatePassword);
        }
    }

    /// <summary>
    /// True when <paramref name="certificate"/> names the host, is meant for a server, is valid now and chains to
    /// <paramref name="ca"/> alone (also the webhook dispatcher's check for its private CA).
    /// </summary>
    public static bool IsIssuedBy(X509Certificate2 ca, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        // A name mismatch or no certificate is final; chain errors are expected (the CA is not among the machine's roots).
        if (certificate is not X509Certificate2 leaf || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate); // what the server sent (intermediates): found, not trusted
            }
        }

        return chain.Build(leaf);
    }

    /// <summary>Fails the start when the PostgreSQL connection string names a certificate or key file that is not there (Npgsql would say so only at the first connection).</summary>
    public static void CheckPostgresFiles(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        foreach (var (keyword, path) in new[] { ("Root Certificate", builder.RootCertificate), ("SSL Certificate", builder.SslCertificate), ("SSL Key", builder.SslKey) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                throw new InvalidConfigurationException($"ConnectionStrings:Postgres: no file at '{path}' for {keyword}.");
            }
        }
    }
}
