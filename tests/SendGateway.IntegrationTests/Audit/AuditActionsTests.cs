using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Common;

namespace SendGateway.IntegrationTests.Audit;

/// <summary>
/// The panel records a change under the name the API's audit entry has for it (<see cref="AuditActions"/>): every route
/// name in the table is a method and route the server maps, as AuditMiddleware names them.
/// </summary>
[TestFixture]
public sealed class AuditActionsTests
{
    [Test]
    public async Task EveryRouteNameInTheTableIsAMappedEndpoint()
    {
        await using var factory = new SendGatewayFactory("api");
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => AuditActions.Change(m, e.RoutePattern.RawText?.TrimEnd('/'))))
            .ToHashSet(StringComparer.Ordinal);
        var routeNames = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (f.Name, Action: (string)f.GetRawConstantValue()!))
            .Where(a => a.Action.Contains(" /", StringComparison.Ordinal))
            .ToList();

        Assert.That(routeNames, Has.Count.GreaterThan(25), "the table's route names were found");
        Assert.Multiple(() =>
        {
            foreach (var (name, action) in routeNames)
            {
                var change = action.StartsWith("read ", StringComparison.Ordinal) ? action["read ".Length..] : action;
                Assert.That(mapped, Does.Contain(change), $"AuditActions.{name}");
            }
        });
    }
}
