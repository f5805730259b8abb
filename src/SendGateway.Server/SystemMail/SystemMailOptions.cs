using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.SystemMail;

/// <summary>
/// <c>SendGateway:SystemMail</c>: the address the service itself sends from (invitation and reset links now; TLS
/// reports and alerts later), on a domain an operator tenant has proven. Unset: the service sends nothing of its own
/// and shows such links once to whoever made them. Checked here for form; whether the domain is proven is checked at
/// each send (an unproven one falls back to showing the link).
/// </summary>
public sealed class SystemMailOptions : IValidatableObject
{
    /// <summary>The sender address, e.g. <c>no-reply@mail.example.com</c>.</summary>
    [MaxLength(254)]
    public string? From { get; set; }

    /// <summary>The display name of <see cref="From"/>.</summary>
    [MaxLength(100)]
    [RegularExpression(@"^[^\r\n""<>]*$")]
    public string FromName { get; set; } = "SendGateway";

    /// <summary>The id of the operator's tenant that has proven <see cref="From"/>'s domain; its mail is sent, counted and logged as that tenant's.</summary>
    [MaxLength(64)]
    [RegularExpression(@"^[A-Za-z0-9_-]*$")]
    public string? TenantId { get; set; }

    /// <summary>Both <see cref="From"/> and <see cref="TenantId"/> are set.</summary>
    public bool Configured => !string.IsNullOrEmpty(From) && !string.IsNullOrEmpty(TenantId);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(From) != string.IsNullOrEmpty(TenantId))
        {
            yield return new ValidationResult("Set both From and TenantId (the operator tenant that has proven From's domain), or neither.", [nameof(From), nameof(TenantId)]);
        }

        if (!string.IsNullOrEmpty(From) && Addresses.Normalize(From) is null)
        {
            yield return new ValidationResult("From must be a plain address such as no-reply@mail.example.com.", [nameof(From)]);
        }
    }
}
