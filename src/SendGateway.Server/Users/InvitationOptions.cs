using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Users;

/// <summary><c>SendGateway:Invitations</c>: the one-time links with which people set their own password and second factor.</summary>
public sealed class InvitationOptions : IValidatableObject
{
    /// <summary>How long a link works after it was made (an invitation or a reset).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Links of one tenant not yet used nor expired at most; a further one is refused until some are used or expire.</summary>
    [Range(1, 100_000)]
    public int MaxOpenPerTenant { get; set; } = 1000;

    /// <summary>
    /// The panel's public address the links start with (<c>https://mail.example.com</c>); unset: the address the request
    /// that made the link came to.
    /// </summary>
    public string? BaseUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is not null && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)))
        {
            yield return new ValidationResult("BaseUrl must be an absolute http(s) address without query or fragment, e.g. https://mail.example.com.", [nameof(BaseUrl)]);
        }
    }
}
