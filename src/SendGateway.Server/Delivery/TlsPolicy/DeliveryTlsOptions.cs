using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary><c>SendGateway:Delivery:Tls</c>: what verified TLS to an MX trusts besides the machine's roots.</summary>
public sealed class DeliveryTlsOptions : IValidatableObject
{
    /// <summary>
    /// PEM or DER file of a private CA that MX certificates may chain to, besides the machine's trusted roots, where a
    /// policy asks for a verified certificate (MTA-STS, require-TLS). The certificate must still name the MX host and be
    /// valid now. For MX servers inside an organisation, and for tests.
    /// </summary>
    public string? TrustedCaFile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TrustedCaFile is null)
        {
            yield break;
        }

        if (!File.Exists(TrustedCaFile))
        {
            yield return new ValidationResult($"no file at '{TrustedCaFile}' (give the PEM file of the CA that signed the MX servers' certificates).", [nameof(TrustedCaFile)]);
        }
        else if (!IsCertificate(TrustedCaFile))
        {
            yield return new ValidationResult($"'{TrustedCaFile}' holds no certificate (PEM or DER expected).", [nameof(TrustedCaFile)]);
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
