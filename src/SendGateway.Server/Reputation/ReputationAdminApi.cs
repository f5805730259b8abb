using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Reputation;

/// <summary>
/// Operator API on a tenant's pause and reputation (<c>/v1/admin/tenants/{id}/…</c>, audited in the tenant's log):
/// pause (accepted and held), resume (the held mail goes out, the rates count from now), the reputation view and the
/// tenant's own lines.
/// </summary>
internal static class ReputationAdminApi
{
    public static IEndpointRouteBuilder MapReputationAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/tenants/{id}").WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/pause", PauseAsync).WithName("PauseTenant")
            .WithSummary("Pause a tenant: its mail is still accepted (REST and SMTP) and held, not sent, until it is resumed; a tenant.paused webhook event is sent.");
        group.MapPost("/resume", ResumeAsync).ProducesProblem(StatusCodes.Status409Conflict).WithName("ResumeTenant")
            .WithSummary("Resume a paused tenant: its held mail is sent at once and its reputation rates count from now.");
        group.MapGet("/reputation", GetAsync).WithName("GetTenantReputation")
            .WithSummary("A tenant's complaint and hard-bounce rates in the window (its own and per sender domain), the lines in force and its pause state.");
        group.MapPut("/reputation", SetLinesAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithName("SetTenantReputation")
            .WithSummary("Set a tenant's own warn and pause lines (rates from 0 to 1; null uses the service's option).");
        return app;
    }

    private static async Task<Results<Ok<TenantView>, ProblemHttpResult>> PauseAsync(string id, ReputationGuard guard, TenantStore tenants, CancellationToken cancellationToken)
    {
        await guard.PauseAsync(id, ReputationGuard.ByOperator, ReputationGuard.ByOperator, null, cancellationToken);
        return await tenants.GetAsync(id, cancellationToken) is { } tenant ? TypedResults.Ok(TenantView.From(tenant)) : Problems.NotFound("tenant");
    }

    private static async Task<Results<Ok<TenantView>, ProblemHttpResult>> ResumeAsync(string id, ReputationGuard guard, TenantStore tenants, CancellationToken cancellationToken)
    {
        var resumed = await guard.ResumeAsync(id, cancellationToken);
        return await tenants.GetAsync(id, cancellationToken) switch
        {
            null => Problems.NotFound("tenant"),
            _ when !resumed => Problems.Status(StatusCodes.Status409Conflict, "Not paused", "The tenant is not paused.", "not_paused"),
            var tenant => TypedResults.Ok(TenantView.From(tenant)),
        };
    }

    private static async Task<Results<Ok<ReputationView>, ProblemHttpResult>> GetAsync(
        string id, TenantStore tenants, ReputationCounter counter, IOptions<ReputationOptions> options, CancellationToken cancellationToken) =>
        await tenants.GetAsync(id, cancellationToken) is { } tenant ? TypedResults.Ok(await ViewAsync(tenant, counter, options.Value, cancellationToken)) : Problems.NotFound("tenant");

    private static async Task<Results<Ok<ReputationView>, ProblemHttpResult>> SetLinesAsync(
        string id, ReputationLinesRequest request, TenantPauseStore pauses, TenantInvalidations invalidations, ReputationCounter counter, IOptions<ReputationOptions> options,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, rate) in new[] { ("warn_complaint_rate", request.WarnComplaintRate), ("pause_complaint_rate", request.PauseComplaintRate),
                     ("warn_hard_bounce_rate", request.WarnHardBounceRate), ("pause_hard_bounce_rate", request.PauseHardBounceRate) })
        {
            if (rate is <= 0 or > 1 || (rate is { } r && double.IsNaN(r)))
            {
                errors[field] = ["A rate above 0 and at most 1 (0.003 = 0.3 %), or null for the service's option."];
            }
        }

        var o = options.Value;
        if (errors.Count == 0 && (request.WarnComplaintRate ?? o.WarnComplaintRate) >= (request.PauseComplaintRate ?? o.PauseComplaintRate))
        {
            errors["warn_complaint_rate"] = ["The warn line must be below the pause line."];
        }

        if (errors.Count == 0 && (request.WarnHardBounceRate ?? o.WarnHardBounceRate) >= (request.PauseHardBounceRate ?? o.PauseHardBounceRate))
        {
            errors["warn_hard_bounce_rate"] = ["The warn line must be below the pause line."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var tenant = await pauses.SetLinesAsync(id, request.WarnComplaintRate, request.PauseComplaintRate, request.WarnHardBounceRate, request.PauseHardBounceRate, cancellationToken);
        if (tenant is null)
        {
            return Problems.NotFound("tenant");
        }

        await invalidations.ChangedAsync(id, cancellationToken);
        return TypedResults.Ok(await ViewAsync(tenant, counter, o, cancellationToken));
    }

    private static async Task<ReputationView> ViewAsync(Tenant tenant, ReputationCounter counter, ReputationOptions o, CancellationToken cancellationToken)
    {
        var (own, domains) = await counter.ReadAsync(tenant.Id, cancellationToken);
        return new ReputationView(
            tenant.Id, tenant.PausedAt is not null, tenant.PausedReason, tenant.PausedAt, tenant.ReputationWarning, ReputationLinesView.From(ReputationLines.For(tenant, o)),
            new ReputationLinesRequest(tenant.WarnComplaintRate, tenant.PauseComplaintRate, tenant.WarnHardBounceRate, tenant.PauseHardBounceRate),
            (long)o.Window.TotalSeconds, ReputationRates.From(own), domains.ToDictionary(d => d.Key, d => ReputationRates.From(d.Value), StringComparer.Ordinal));
    }
}
