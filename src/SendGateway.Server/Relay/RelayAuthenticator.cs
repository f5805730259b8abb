using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SendGateway.Server.Tenants;
using SendGateway.Smtp;

namespace SendGateway.Server.Relay;

/// <summary>
/// Checks SMTP logins: PBKDF2 against the stored hash (a dummy hash for unknown users, so both cost the same),
/// successful logins cached for a minute so reconnecting clients do not pay the slow hash each time (a revoked credential
/// or a suspended tenant drops the tenant's cached logins on every node at once: <see cref="TenantInvalidations"/>), and failures
/// counted per client address and per username in a sliding window (<see cref="AuthFailureTable"/>, bounded without
/// forgetting throttled keys): over the limit → 454 4.7.0 until it passes (never a permanent lock-out of the real user).
/// </summary>
internal sealed class RelayAuthenticator(
    SmtpCredentialStore store, SmtpCredentialUses uses, IMemoryCache cache, TenantInvalidations invalidations, IOptions<RelayOptions> options, TimeProvider time)
{
    private static readonly byte[] DummySalt = RandomNumberGenerator.GetBytes(16);
    private readonly AuthFailureTable _failures = new(options.Value.MaxAuthFailureEntries, options.Value.AuthFailureWindow, time);

    public async ValueTask<SmtpAuthResult> AuthenticateAsync(string username, string password, EndPoint? remote, CancellationToken cancellationToken)
    {
        var relay = options.Value;
        var ipKey = $"ip:{(remote as IPEndPoint)?.Address}";
        var userKey = $"user:{username}";
        var throttled = _failures.IsThrottled(ipKey, relay.MaxAuthFailuresPerIp) ? "address"
            : _failures.IsThrottled(userKey, relay.MaxAuthFailuresPerUsername) ? "username" : null;
        if (throttled is not null)
        {
            SendGatewayMetrics.RelayAuthThrottled.Add(1, new KeyValuePair<string, object?>("limit", throttled));
            return SmtpAuthResult.TemporaryFailure;
        }

        var cacheKey = "smtp-login:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{username}\0{password}")));
        if (cache.TryGetValue(cacheKey, out (string Tenant, string? Stream) login))
        {
            uses.Used(username);
            return new SmtpAuthResult(SmtpAuthStatus.Succeeded, login.Tenant, login.Stream);
        }

        var epoch = invalidations.Epoch;
        var stored = username.Length <= 64 ? await store.FindByUsernameAsync(username, cancellationToken) : null;
        bool valid;
        if (stored is null)
        {
            // Spend the same work as for a real user, so timing does not tell which usernames exist.
            _ = PasswordHashing.Verify(password, DummySalt, relay.PasswordHashIterations, new byte[PasswordHashing.HashBytes]);
            valid = false;
        }
        else
        {
            valid = PasswordHashing.Verify(password, stored.Salt, stored.Iterations, stored.PasswordHash) && !stored.Suspended;
        }

        if (!valid)
        {
            _failures.Fail(ipKey, LimitOf);
            _failures.Fail(userKey, LimitOf);
            return SmtpAuthResult.Failed;
        }

        uses.Used(username);
        var entry = new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) };
        invalidations.Attach(entry, stored!.TenantId, epoch);
        cache.Set(cacheKey, (stored.TenantId, stored.DefaultStream), entry);
        return new SmtpAuthResult(SmtpAuthStatus.Succeeded, stored.TenantId, stored.DefaultStream);
    }

    private int LimitOf(string key) => key.StartsWith("ip:", StringComparison.Ordinal) ? options.Value.MaxAuthFailuresPerIp : options.Value.MaxAuthFailuresPerUsername;
}
