using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Common;

/// <summary><c>SendGateway:Secrets</c>: the key that encrypts secrets at rest (DKIM private keys).</summary>
public sealed class SecretsOptions : IValidatableObject
{
    /// <summary>Base64 of 32 random bytes (AES-256-GCM). <c>make run</c> creates one in its data folder.</summary>
    [Required]
    public string MasterKey { get; set; } = string.Empty;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        Span<byte> key = stackalloc byte[64];
        if (!Convert.TryFromBase64String(MasterKey, key, out var written) || written != 32)
        {
            yield return new ValidationResult("SendGateway:Secrets:MasterKey must be base64 of exactly 32 bytes.", [nameof(MasterKey)]);
        }
    }
}
