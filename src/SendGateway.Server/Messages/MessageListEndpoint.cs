using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SendGateway.Server.EventContract;
using SendGateway.Server.Events;

namespace SendGateway.Server.Messages;

/// <summary><c>GET /v1/messages</c>: the tenant's messages newest first, searched, with cursor pagination (the panel's Activity reads the same).</summary>
internal static class MessageListEndpoint
{
    public static async Task<Results<Ok<Page<MessageSummary>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, MessageSearchStore store, AddressHashes hashes, string? recipient, string? subject,
        [FromQuery(Name = "message_id")] string? messageId, string? tag, string? stream, string? status, DateTimeOffset? since, DateTimeOffset? until,
        int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        if (UnreadableField(("recipient", recipient), ("subject", subject), ("message_id", messageId), ("tag", tag)) is { } field)
        {
            return Problems.Validation(field, $"{field} must be at most {MaxFilterLength} characters without control characters.");
        }

        if (status is not null && !EventTypes.All.Contains(status))
        {
            return Problems.Validation("status", $"status must be one of {string.Join(", ", EventTypes.All)}.");
        }

        if (stream is not null && !Streams.StreamInput.IsId(stream))
        {
            return Problems.Validation("stream", "A stream id.");
        }

        if (subject is not null && SubjectWords.ToQuery(subject) is null)
        {
            return Problems.Validation("subject", "subject must hold at least one word (letters or digits).");
        }

        if (!EventCursor.TryDecode(cursor, out var after))
        {
            return Problems.Validation("cursor", "Not a cursor returned by this endpoint.");
        }

        var search = MessageSearchFor(recipient, subject, messageId, tag, stream, status, since, until, hashes) with { After = after, Limit = take + 1 };
        var rows = await store.SearchAsync(user.TenantId(), search, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows, take, r => EventCursor.Encode(r.AcceptedAt.UtcDateTime, r.Id)));
    }

    /// <summary>The search both the API and the panel make of their (trimmed, non-empty) fields.</summary>
    public static MessageSearch MessageSearchFor(
        string? recipient, string? subject, string? messageId, string? tag, string? stream, string? status, DateTimeOffset? since, DateTimeOffset? until,
        AddressHashes hashes)
    {
        var address = Blank(recipient);
        return new MessageSearch
        {
            Recipient = address, RecipientHash = address is null ? null : hashes.For(address), Subject = Blank(subject), MessageId = Blank(messageId),
            Tag = Blank(tag), Stream = Blank(stream), Status = Blank(status), Since = since, Until = until,
        };
    }

    /// <summary>The longest text a filter takes (an address, a subject's words, an id, a tag all fit).</summary>
    public const int MaxFilterLength = 1000;

    /// <summary>The first field too long or holding a control character (PostgreSQL refuses NUL in text), or null.</summary>
    public static string? UnreadableField(params (string Name, string? Value)[] fields) =>
        fields.FirstOrDefault(f => f.Value is { } v && (v.Length > MaxFilterLength || v.Any(char.IsControl))).Name;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
