namespace SendGateway.Server.Templates;

/// <summary><c>PUT /v1/templates/{id}</c>: a new immutable version, active unless <see cref="Activate"/> is false.</summary>
public sealed record UpdateTemplateRequest : TemplatePartsRequest
{
    public string? Name { get; init; }

    public bool? Activate { get; init; }
}
