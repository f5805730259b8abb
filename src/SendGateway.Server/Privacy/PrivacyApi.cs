using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Hosting;
using SendGateway.Server.Messages;
using SendGateway.Server.Queue;
using SendGateway.Server.Suppressions;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Privacy;

/// <summary><c>/v1/privacy</c> (api.md §5, scope <c>manage</c>): erasure of recipients and export of one recipient's data.</summary>
public static class PrivacyApi
{
    public const int MaxEmails = 1000;
    public const int MaxExportedMessages = 1000;
    public const int MaxExportedContents = 50;

    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/privacy").WithTags("Privacy").RequireAuthorization(Scopes.Manage)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/erasures", EraseAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("EraseRecipients").WithSummary("Erase recipients from messages, events, queued mail, webhook batches and stored responses; they stay suppressed by keyed hash only.");
        group.MapGet("/export", ExportAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ExportRecipient").WithSummary("Everything held about one recipient, as JSON.");
        return app;
    }

    private static async Task<Results<Ok<ErasureResult>, ProblemHttpResult>> EraseAsync(
        ErasureRequest request, ClaimsPrincipal user, PrivacyStore store, QueueEraser queue, SuppressionCache mirror, AddressHashes hashes,
        CancellationToken cancellationToken)
    {
        var emails = (request.Emails ?? []).Select(e => Addresses.Normalize(e)?.ToLowerInvariant()).ToList();
        if (emails.Count is 0 or > MaxEmails || emails.Any(e => e is null))
        {
            return Problems.Validation("emails", $"Between 1 and {MaxEmails} valid email addresses are required.");
        }

        var tenantId = user.TenantId();
        var people = emails.Distinct().Select(e => (Email: e!, Hash: hashes.For(e!))).ToList();
        await mirror.SetAsync(tenantId, people.Select(p => (p.Hash, (DateTimeOffset?)null)), cancellationToken); // unmailable first
        var (queued, pendingEvents, idempotency) = await queue.EraseAsync(tenantId, people.Select(p => p.Email).ToHashSet(), cancellationToken);
        var (messages, events, batches, bounces, hashed) = await store.EraseAsync(tenantId, people, cancellationToken);
        foreach (var (email, _) in people)
        {
            await mirror.RemoveAsync(tenantId, email, cancellationToken);
        }

        return TypedResults.Ok(new ErasureResult(people.Count, messages, events, batches, bounces, queued, pendingEvents, idempotency, hashed));
    }

    private static async Task<Results<Ok<PersonalDataExport>, ProblemHttpResult>> ExportAsync(
        string? email, ClaimsPrincipal user, PrivacyStore store, MessageStore messages, MessageContentStore contents, SuppressionStore suppressions, AddressHashes hashes,
        CancellationToken cancellationToken)
    {
        if (Addresses.Normalize(email)?.ToLowerInvariant() is not { } address)
        {
            return Problems.Validation("email", "A valid email address is required.");
        }

        var tenantId = user.TenantId();
        var ids = await store.MessageIdsAsync(tenantId, address, hashes.For(address), MaxExportedMessages + 1, cancellationToken);
        var views = new List<MessageView>(Math.Min(ids.Count, MaxExportedMessages));
        foreach (var id in ids.Take(MaxExportedMessages))
        {
            if (await messages.GetAsync(tenantId, id, cancellationToken) is { } view)
            {
                views.Add(view);
            }
        }

        var suppression = await suppressions.FindAsync(tenantId, SuppressionKeys.Candidates(address).Append(hashes.For(address)), cancellationToken);
        var bounces = await store.HardBouncesAsync(tenantId, address, cancellationToken);
        var kept = await contents.ListAsync(tenantId, ids, MaxExportedContents + 1, cancellationToken);
        return TypedResults.Ok(new PersonalDataExport(
            address, views, suppression, bounces, ids.Count > MaxExportedMessages, kept.Take(MaxExportedContents).ToList(), kept.Count > MaxExportedContents));
    }
}
