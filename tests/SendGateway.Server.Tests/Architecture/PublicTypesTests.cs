using Microsoft.AspNetCore.Components;

namespace SendGateway.Server.Tests.Architecture;

/// <summary>
/// The server's types are internal unless another assembly needs them (the test projects and the benchmarks see
/// internals). What stays public is listed here with its reason; a new public type fails until it is made internal or
/// added with one.
/// </summary>
public sealed class PublicTypesTests
{
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["Program"] = "WebApplicationFactory<Program> and the build-time OpenAPI host",
        ["SecretBox"] = "the load driver builds tracking links with it (no InternalsVisibleTo)",
        ["TrackingTokens"] = "the load driver builds tracking links with it",
        ["TrackingToken"] = "the load driver builds tracking links with it",
        ["QueueEntry"] = "returned by a public BenchmarkDotNet method",
        ["ShapingRule"] = "exposed by the public TrafficShapingOptions",
        ["RelayPorts"] = "exposed by the public RelayOptions",
        ["TrustedNetwork"] = "exposed by the public RelayOptions",
        ["ChartSeries"] = "a public Razor component's parameter",
        ["RenderedTemplate"] = "a public Razor component's parameter",
        ["TemplateForm"] = "a public Razor component's parameter",
        ["InvitationOutcome"] = "a public Razor component's parameter",
        ["InvitationStatus"] = "used by a public Razor component's static member",
        ["Invitation"] = "exposed by InvitationOutcome",
        ["TemplateView"] = "exposed by TemplateForm",
        ["TemplateVersionInfo"] = "exposed by TemplateView",
        ["TemplateVersionView"] = "exposed by TemplateView",
        ["CreateTemplateRequest"] = "exposed by TemplateForm",
        ["UpdateTemplateRequest"] = "exposed by TemplateForm",
        ["RenderTemplateRequest"] = "exposed by TemplateForm",
        ["TemplatePartsRequest"] = "the base of the three template requests above",
    };

    [Test]
    public void OnlyTheListedTypesOptionsAndComponentsArePublic()
    {
        var exported = typeof(Common.Ids).Assembly.GetExportedTypes()
            .Where(t => !t.IsNested && !typeof(IComponent).IsAssignableFrom(t) && t.Name != "_Imports") // Razor's generated _Imports
            .Where(t => !(t.Name.EndsWith("Options", StringComparison.Ordinal) && !t.IsAbstract)) // bound options: found by IsPublic (EveryOptionIsValidatedTests)
            .Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assert.That(exported.Except(Allowed.Keys).Order(StringComparer.Ordinal), Is.Empty, "public without a reason: make them internal, or list them with why");
        Assert.That(Allowed.Keys.Except(exported).Order(StringComparer.Ordinal), Is.Empty, "listed but no longer public: remove them from the list");
    }
}
