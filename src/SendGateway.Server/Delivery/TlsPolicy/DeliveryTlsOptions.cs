using System.ComponentModel.DataAnnotations;

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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Common.TrustedCaFile.Check(TrustedCaFile, "the MX servers' certificates", nameof(TrustedCaFile));
}
