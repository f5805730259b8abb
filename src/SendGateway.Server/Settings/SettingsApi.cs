using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Hosting;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Settings;

/// <summary><c>GET/PUT /v1/settings</c> (api.md §5, scope <c>manage</c>): suppression rules, disposable-domain blocking, retention and anonymisation, tracking and unsubscribe defaults.</summary>
public static class SettingsApi
{
    public const int MaxHardBounces = 100;
    public const int MaxValidityDays = 3650;
    public const int MaxContentDays = 90;

    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/settings").WithTags("Settings").RequireAuthorization(Scopes.Manage)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", GetAsync).WithName("GetSettings").WithSummary("The tenant's settings (defaults until saved).");
        group.MapPut("/", PutAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UpdateSettings").WithSummary("Change settings; fields left out keep their value. `suppressions_never_expire: true` clears the validity.");
        return app;
    }

    private static async Task<Ok<TenantSettings>> GetAsync(ClaimsPrincipal user, TenantSettingsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetAsync(user.TenantId(), cancellationToken));

    private static async Task<Results<Ok<TenantSettings>, ProblemHttpResult>> PutAsync(
        UpdateSettingsRequest request, ClaimsPrincipal user, TenantSettingsStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.HardBouncesBeforeSuppression is < 1 or > MaxHardBounces)
        {
            errors["hard_bounces_before_suppression"] = [$"Must be between 1 and {MaxHardBounces}."];
        }

        if (request.SuppressionValidityDays is < 1 or > MaxValidityDays)
        {
            errors["suppression_validity_days"] = [$"Must be between 1 and {MaxValidityDays} days (or set suppressions_never_expire)."];
        }

        if (request.RetentionDays is < 1 or > MaxValidityDays)
        {
            errors["retention_days"] = [$"Must be between 1 and {MaxValidityDays} days."];
        }

        if (request.AnonymizeAfterMinutes is < 0 or > MaxValidityDays * 1440)
        {
            errors["anonymize_after_minutes"] = ["Must be between 0 and ten years in minutes (or set never_anonymize)."];
        }

        if (request.Unsubscribe is not (null or TenantSettings.UnsubscribeHeader or TenantSettings.UnsubscribeHeaderAndFooter or TenantSettings.UnsubscribeOff))
        {
            errors["unsubscribe"] = ["Must be header, header_and_footer or off."];
        }

        if (request.KeepContentDays is < 0 or > MaxContentDays)
        {
            errors["keep_content_days"] = [$"Must be between 0 (not kept) and {MaxContentDays} days."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var current = await store.GetAsync(user.TenantId(), cancellationToken);
        var updated = new TenantSettings(
            request.HardBouncesBeforeSuppression ?? current.HardBouncesBeforeSuppression,
            request.SuppressOnSpambounce ?? current.SuppressOnSpambounce,
            request.SuppressionsNeverExpire == true ? null : request.SuppressionValidityDays ?? current.SuppressionValidityDays,
            request.BlockDisposableDomains ?? current.BlockDisposableDomains,
            request.RetentionDays ?? current.RetentionDays,
            request.NeverAnonymize == true ? null : request.AnonymizeAfterMinutes ?? current.AnonymizeAfterMinutes,
            request.AnonymizeMetadata ?? current.AnonymizeMetadata,
            request.TrackOpens ?? current.TrackOpens,
            request.TrackClicks ?? current.TrackClicks,
            request.Unsubscribe ?? current.Unsubscribe,
            request.TrackTextLinks ?? current.TrackTextLinks,
            request.TrackingStoreUserAgent ?? current.TrackingStoreUserAgent,
            request.KeepContentDays is { } days ? (days == 0 ? null : days) : current.KeepContentDays);
        return TypedResults.Ok(await store.SaveAsync(user.TenantId(), updated, cancellationToken));
    }
}
