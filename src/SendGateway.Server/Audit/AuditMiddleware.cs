using System.Collections.Concurrent;
using StackExchange.Redis;

namespace SendGateway.Server.Audit;

/// <summary>
/// Writes the audit log (api.md §5, reliability.md T107) after each successful request that changes a tenant resource,
/// reads recipient-level data or message content (by the tenant or the operator), and on the first use of a key from a
/// new address. Addresses in route values are recorded only as their keyed hash.
/// </summary>
internal sealed class AuditMiddleware(RequestDelegate next, AuditStore store, AddressHashes hashes, KeyAddressStore addresses, ILogger<AuditMiddleware> logger)
{
    private const int MaxSeenPairs = 100_000;

    /// <summary>
    /// Routes whose successful GET is a read of recipient-level data or content: messages, event searches, exports,
    /// suppression lists and checks, dead letters (queued entries name their recipients), and the audit log itself
    /// (reliability.md T107: reads of the audit log are audited too).
    /// </summary>
    private static readonly HashSet<string> ContentReads =
    [
        "/v1/messages", "/v1/messages/{id}", "/v1/events", "/v1/privacy/export", "/v1/suppressions", "/v1/suppressions/export", "/v1/suppressions/{email}",
        "/v1/admin/tenants/{id}/messages/{messageId}", "/v1/admin/tenants/{id}/export", "/v1/admin/dead-letters", "/v1/admin/tls-policies", "/v1/audit-log",
        "/api/emails", "/api/opens", "/api/clicks", "/api/blacklists", "/api/blacklists/email/{email}",
    ];

    /// <summary>Query parameters that name a person: a search by recipient is recorded under the address's keyed hash.</summary>
    private static readonly string[] PersonQueries = ["recipient", "email"];

    /// <summary>Sending is not a change of a tenant resource (its record is the message's events).</summary>
    private static readonly HashSet<string> Sends = ["/v1/messages", "/api/new_sendmail", "/api/sendmail_templates"];

    private readonly ConcurrentDictionary<string, bool> _seenKeyAddresses = new();

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Response.StatusCode is < 200 or >= 300 || context.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return;
        }

        var pattern = (endpoint.RoutePattern.RawText ?? string.Empty).TrimEnd('/'); // group roots are "/v1/webhooks/"
        var method = context.Request.Method;
        var user = context.User;
        var isOperator = user.HasClaim(TenantClaims.Operator, "true");
        var tenantId = isOperator ? OperatorTarget(pattern, context) : user.FindFirst(TenantClaims.Tenant)?.Value;
        var audited = pattern.StartsWith("/v1/", StringComparison.Ordinal) || pattern.StartsWith("/api/", StringComparison.Ordinal); // /api/: the EmailLabs-compatible API
        if (tenantId is null || !audited || (HttpMethods.IsDelete(method) && pattern == "/v1/admin/tenants/{id}"))
        {
            return; // a deleted tenant's log is gone with it: its deletion is in the certificate and the service log
        }

        var isRead = HttpMethods.IsGet(method) && ContentReads.Contains(pattern);
        var isChange = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !(HttpMethods.IsPost(method) && Sends.Contains(pattern));
        var actor = isOperator ? "operator" : $"key:{user.FindFirst(TenantClaims.Key)?.Value}";
        var ip = context.Connection.RemoteIpAddress?.ToString();
        try
        {
            if (isRead || isChange)
            {
                var action = isRead ? AuditActions.Read(method, pattern) : AuditActions.Change(method, pattern);
                var purpose = isOperator ? context.Request.Headers[OperatorAccess.ReasonHeader].ToString() : null;
                await store.AppendAsync(tenantId, actor, action, ObjectOf(context), ip, string.IsNullOrEmpty(purpose) ? null : purpose, context.RequestAborted);
            }

            if (!isOperator && ip is not null && user.FindFirst(TenantClaims.Key)?.Value is { } keyId && await IsNewAddressAsync(keyId, ip))
            {
                await store.AppendAsync(tenantId, actor, AuditActions.ApiKeyNewAddress, keyId, ip, null, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or RedisException)
        {
            AuditLog.AppendFailed(logger, e, pattern);
        }
    }

    /// <summary>
    /// Whose log an operator request goes to: the tenant's own for <c>/v1/admin/tenants/{id}…</c>; none for creating a
    /// tenant (the operators' log would keep its id after the tenant's deletion, which removes every trace of it);
    /// <c>_operators</c> for the rest (a dead letter's <c>{id}</c> is a stream entry, not a tenant).
    /// </summary>
    private static string? OperatorTarget(string pattern, HttpContext context) =>
        pattern.StartsWith("/v1/admin/tenants/{id}", StringComparison.Ordinal) ? context.Request.RouteValues["id"] as string
        : pattern == "/v1/admin/tenants" ? null
        : Common.IAuditTrail.OperatorsLog;

    private string? ObjectOf(HttpContext context)
    {
        var values = context.Request.RouteValues
            .Where(v => v.Value is string)
            .Select(v => $"{v.Key}={(((string)v.Value!).Contains('@') ? hashes.For((string)v.Value!) : v.Value)}")
            .ToList();
        foreach (var name in PersonQueries)
        {
            if (context.Request.Query[name].ToString() is { Length: > 0 } person)
            {
                values.Add($"{name}={hashes.For(person.Trim())}");
            }
        }

        if (context.Response.Headers.Location.ToString() is { Length: > 0 } location)
        {
            values.Add($"created={location[(location.LastIndexOf('/') + 1)..]}");
        }

        return values.Count == 0 ? null : string.Join(',', values);
    }

    private async Task<bool> IsNewAddressAsync(string keyId, string ip)
    {
        var pair = keyId + "|" + ip;
        if (_seenKeyAddresses.ContainsKey(pair))
        {
            return false;
        }

        if (_seenKeyAddresses.Count > MaxSeenPairs)
        {
            _seenKeyAddresses.Clear();
        }

        _seenKeyAddresses[pair] = true;
        return await addresses.AddAsync(keyId, ip, CancellationToken.None);
    }
}
