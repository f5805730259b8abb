using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Domains;

/// <summary>
/// <c>SendGateway:Domains</c>: how verified domains are re-checked and pending claims expire (<see cref="DomainRecheckWorker"/>,
/// events role). A domain verified from DNS is looked up again every <see cref="RecheckInterval"/>; its DKIM record
/// missing <see cref="MissingChecksToStop"/> checks in a row stops it sending.
/// </summary>
public sealed class DomainProofOptions : IValidatableObject
{
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromDays(1);

    [Range(1, 100)]
    public int MissingChecksToStop { get; set; } = 3;

    /// <summary>A domain added but never verified is removed this long after it was added.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan PendingClaimExpiry { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each events node looks for domains due (each is claimed by one node, so none is checked twice).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Domains claimed and checked per sweep; the rest wait for the next.</summary>
    [Range(1, 10_000)]
    public int RecheckBatchSize { get; set; } = 100;

    /// <summary>The SPF include that covers the service's sending addresses (<c>_spf.sendgateway.example</c>); empty = the IP pools' addresses.</summary>
    [RegularExpression(@"^$|^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$")]
    public string SpfInclude { get; set; } = string.Empty;

    /// <summary>Pools read for the SPF guidance when <see cref="SpfInclude"/> is empty.</summary>
    [Range(1, 1000)]
    public int SpfMaxPools { get; set; } = 100;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {

        if (SweepInterval > RecheckInterval)
        {
            yield return new ValidationResult("SendGateway:Domains:SweepInterval must not be longer than RecheckInterval.", [nameof(SweepInterval)]);
        }
    }
}
