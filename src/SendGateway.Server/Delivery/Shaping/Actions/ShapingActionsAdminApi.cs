using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Delivery.Shaping.Rules;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>
/// <c>/v1/admin/shaping/actions</c> (operator key): the throttles and suspensions in effect, shared by the nodes; a
/// cancellation (audited as an operator change) makes the mail they held due at once.
/// </summary>
internal static partial class ShapingActionsAdminApi
{
    public static IEndpointRouteBuilder MapShapingActionsAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/shaping/actions").WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", List).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithName("ListShapingActions")
            .WithSummary("List the shaping actions in effect (throttle or suspend of one source address towards one provider, started by a reply matching the rules file): the rule, the reply that triggered it, since and until; optionally of one provider.");
        group.MapDelete("/{id}", CancelAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("CancelShapingAction")
            .WithSummary("Cancel a shaping action in effect: the address may send to the provider again and the mail it held is tried at once.");
        return app;
    }

    private static async Task<Results<Ok<ShapingActionList>, ProblemHttpResult>> List(
        RedisShapingActions actions, IShapingRuleSet rules, string? provider, CancellationToken cancellationToken)
    {
        if (provider is not null && !ProviderName().IsMatch(provider))
        {
            return Problems.Validation("provider", "provider must be a provider name of the rules file (1-40 of a-z, 0-9, _ and -).");
        }

        return TypedResults.Ok(new ShapingActionList(rules.Current.Version, await actions.ListAsync(provider, cancellationToken)));
    }

    private static async Task<Results<Ok<ShapingActionCancelled>, ProblemHttpResult>> CancelAsync(string id, RedisShapingActions actions, CancellationToken cancellationToken) =>
        await actions.CancelAsync(id, cancellationToken) is var (action, released)
            ? TypedResults.Ok(new ShapingActionCancelled(action, released))
            : Problems.NotFound("shaping action in effect");

    [GeneratedRegex("^[a-z0-9_-]{1,40}$")]
    private static partial Regex ProviderName();
}
