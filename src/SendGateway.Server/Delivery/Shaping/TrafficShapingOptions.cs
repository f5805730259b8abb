using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Delivery.Shaping;

/// <summary>
/// <c>SendGateway:Delivery:Shaping</c> (KumoMTA's traffic shaping, simplified): a default rule, provider groups (a name and
/// its domains, e.g. <c>google: [gmail.com, googlemail.com]</c>) and overrides per domain or group; back-off of a
/// destination after a 421 or a run of temporary failures.
/// </summary>
public sealed class TrafficShapingOptions : IValidatableObject
{
    [ValidateObjectMembers]
    public ShapingRule Default { get; set; } = new();

    public Dictionary<string, List<string>> ProviderGroups { get; set; } = [];

    public Dictionary<string, ShapingRule> Overrides { get; set; } = [];

    /// <summary>Limits per sending address (its <c>MessagesPerMinute</c> over all destinations), by IP address.</summary>
    public Dictionary<string, ShapingRule> Sources { get; set; } = [];

    /// <summary>How long a destination rests after answering 421 (service not available).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BackoffAfter421 { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Consecutive temporary failures after which the destination rests (0 = never).</summary>
    [Range(0, 10_000)]
    public int TemporaryFailuresBeforeBackoff { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BackoffAfterTemporaryFailures { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The rules of <see cref="Overrides"/> and <see cref="Sources"/> (data annotations do not walk dictionaries).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (section, rules) in new[] { (nameof(Overrides), Overrides), (nameof(Sources), Sources) })
        {
            foreach (var (name, rule) in rules)
            {
                var results = new List<ValidationResult>();
                if (!Validator.TryValidateObject(rule, new ValidationContext(rule), results, validateAllProperties: true))
                {
                    foreach (var result in results)
                    {
                        yield return new ValidationResult(result.ErrorMessage, [.. result.MemberNames.Select(m => $"{section}:{name}:{m}")]);
                    }
                }
            }
        }
    }
}
