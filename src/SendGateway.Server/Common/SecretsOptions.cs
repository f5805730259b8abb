using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Common;

/// <summary><c>SendGateway:Secrets</c>: the key that encrypts secrets at rest (DKIM private keys).</summary>
public sealed class SecretsOptions : IValidatableObject
{
    /// <summary>Base64 of 32 random bytes (AES-256-GCM). <c>make run</c> creates one in its data folder.</summary>
    [Required]
    public string MasterKey { get; set; } = string.Empty;

    /// <summary>
    /// Keys for queued bodies in Redis, by id (1–16 letters or digits), each base64 of 32 bytes. Rotation: add a key, make
    /// it current, keep the old one until the queue holds nothing sealed with it (at most <c>Queue:BodyTtl</c>).
    /// </summary>
    public Dictionary<string, string> QueueKeys { get; set; } = [];

    /// <summary>Key id that seals new bodies; <c>m1</c> (derived from the master key) when no queue key is configured.</summary>
    public string CurrentQueueKey { get; set; } = "m1";

    /// <summary>
    /// Keys that sign tracking, click and unsubscribe tokens, by id (1–16 letters or digits), each base64 of 32 bytes.
    /// Rotation: add a key and make it current; keep the old one as long as links in mail already delivered should work.
    /// </summary>
    public Dictionary<string, string> TrackingKeys { get; set; } = [];

    /// <summary>Key id that signs new tokens; <c>t1</c> (derived from the master key) when no tracking key is configured.</summary>
    public string CurrentTrackingKey { get; set; } = "t1";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsKey(MasterKey))
        {
            yield return new ValidationResult("SendGateway:Secrets:MasterKey must be base64 of exactly 32 bytes.", [nameof(MasterKey)]);
        }

        foreach (var (name, keys) in new[] { (nameof(QueueKeys), QueueKeys), (nameof(TrackingKeys), TrackingKeys) })
        {
            foreach (var (id, value) in keys)
            {
                if (id.Length is < 1 or > 16 || !id.All(char.IsAsciiLetterOrDigit) || !IsKey(value))
                {
                    yield return new ValidationResult($"SendGateway:Secrets:{name}:{id} needs an id of 1-16 letters or digits and base64 of exactly 32 bytes.", [name]);
                }
            }
        }

        if (CurrentQueueKey != "m1" && !QueueKeys.ContainsKey(CurrentQueueKey))
        {
            yield return new ValidationResult($"SendGateway:Secrets:CurrentQueueKey '{CurrentQueueKey}' is not one of QueueKeys.", [nameof(CurrentQueueKey)]);
        }

        if (CurrentTrackingKey != "t1" && !TrackingKeys.ContainsKey(CurrentTrackingKey))
        {
            yield return new ValidationResult($"SendGateway:Secrets:CurrentTrackingKey '{CurrentTrackingKey}' is not one of TrackingKeys.", [nameof(CurrentTrackingKey)]);
        }
    }

    private static bool IsKey(string value)
    {
        Span<byte> key = stackalloc byte[64];
        return Convert.TryFromBase64String(value, key, out var written) && written == 32;
    }
}
