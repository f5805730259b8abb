using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SendGateway.Server.Storage;

/// <summary>
/// <c>SendGateway:Storage</c>: how the Redis connection is secured beyond its connection string. PostgreSQL's TLS is set in
/// its connection string (<c>SSL Mode=VerifyFull;Root Certificate=…</c>); StackExchange.Redis cannot name a private CA there.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    /// <summary>PEM or DER file of the CA that signed the Redis server's certificate. When set, Redis is reached over TLS and its certificate must chain to this CA and name the host connected to (or <c>sslHost</c>).</summary>
    public string? RedisCaFile { get; set; }

    /// <summary>PKCS#12 (.pfx) file with the client certificate and key the service shows Redis (mutual TLS, <c>tls-auth-clients yes</c>). Turns TLS on.</summary>
    public string? RedisClientCertificateFile { get; set; }

    /// <summary>Password of <see cref="RedisClientCertificateFile"/>, if it has one.</summary>
    public string? RedisClientCertificatePassword { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RedisCaFile is not null && !File.Exists(RedisCaFile))
        {
            yield return new ValidationResult($"no file at '{RedisCaFile}' (give the PEM file of the CA that signed the Redis server's certificate).", [nameof(RedisCaFile)]);
        }
        else if (RedisCaFile is not null && !IsCertificate(RedisCaFile))
        {
            yield return new ValidationResult($"'{RedisCaFile}' holds no certificate (PEM or DER expected).", [nameof(RedisCaFile)]);
        }

        if (RedisClientCertificateFile is not null && !File.Exists(RedisClientCertificateFile))
        {
            yield return new ValidationResult($"no file at '{RedisClientCertificateFile}' (give a PKCS#12 file holding the client certificate and its key).", [nameof(RedisClientCertificateFile)]);
        }

        if (RedisClientCertificatePassword is not null && RedisClientCertificateFile is null)
        {
            yield return new ValidationResult("set without SendGateway:Storage:RedisClientCertificateFile, whose password it is.", [nameof(RedisClientCertificatePassword)]);
        }
    }

    private static bool IsCertificate(string path)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
