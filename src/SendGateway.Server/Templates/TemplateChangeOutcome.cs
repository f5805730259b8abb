namespace SendGateway.Server.Templates;

/// <summary>
/// How a template change ended: the template after it, or the problem by the API's field names, or what stood in the
/// way (<see cref="Conflict"/>: the id is taken; <see cref="TooMany"/>: the tenant's limit; <see cref="NotFound"/>).
/// </summary>
internal sealed record TemplateChangeOutcome(TemplateView? Template, Dictionary<string, string[]> Errors, bool NotFound = false, bool Conflict = false, bool TooMany = false)
{
    public static TemplateChangeOutcome Invalid(string field, string message) => new(null, new() { [field] = [message] });

    public static TemplateChangeOutcome Missing { get; } = new(null, [], NotFound: true);
}
