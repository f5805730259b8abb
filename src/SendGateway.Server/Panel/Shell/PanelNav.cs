using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace SendGateway.Server.Panel.Shell;

/// <summary>The navigation's links, read once from the pages marked <see cref="PanelNavAttribute"/>: route, label, the page's policy, in order.</summary>
internal static class PanelNav
{
    public static readonly IReadOnlyList<PanelNavLink> Links = typeof(PanelNav).Assembly.GetTypes()
        .Select(t => (Nav: t.GetCustomAttribute<PanelNavAttribute>(), Route: t.GetCustomAttribute<RouteAttribute>(), Policy: t.GetCustomAttribute<AuthorizeAttribute>()?.Policy))
        .Where(p => p.Nav is not null)
        .Select(p => new PanelNavLink(
            p.Route?.Template ?? throw new InvalidOperationException($"A [PanelNav] page has no @page: {p.Nav!.Label}."),
            p.Nav!.Label,
            p.Policy ?? throw new InvalidOperationException($"A [PanelNav] page has no policy: {p.Route.Template}."),
            p.Nav.Order))
        .OrderBy(l => l.Order)
        .ThenBy(l => l.Href, StringComparer.Ordinal)
        .ToList();
}
