using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SendGateway.Server.Common;

/// <summary>
/// The start-up check of every option naming a private CA's certificate file (webhooks, MX servers, MTA-STS policy
/// hosts, TLS report endpoints): unset is fine; set, the file must exist and hold a certificate (PEM or DER).
/// </summary>
internal static class TrustedCaFile
{
    /// <param name="path">The option's value.</param>
    /// <param name="signed">Whose certificates the CA signs, for the message (e.g. "the MX servers' certificates").</param>
    /// <param name="member">The option's property name.</param>
    public static IEnumerable<ValidationResult> Check(string? path, string signed, string member)
    {
        if (string.IsNullOrEmpty(path))
        {
            yield break;
        }

        if (!File.Exists(path))
        {
            yield return new ValidationResult($"no file at '{path}' (give the PEM file of the CA that signed {signed}).", [member]);
        }
        else if (!IsCertificate(path))
        {
            yield return new ValidationResult($"'{path}' holds no certificate (PEM or DER expected).", [member]);
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
