using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Panel;

/// <summary>
/// The panel's sessions on the server, in Redis (every node sees them): the <c>sg_panel</c> cookie carries only a random
/// session id, the session lives under a hash of that id (a copy of Redis opens no session) for as long as the cookie
/// may (<see cref="PanelOptions.IdleTimeout"/>, renewed as the cookie slides). Sign-out deletes it, so a copied cookie
/// stops working at once; "sign out everywhere" and other stamp changes end the others through the stamp check.
/// </summary>
internal sealed class PanelSessionStore(IConnectionMultiplexer redis, IOptions<PanelOptions> options, TimeProvider time) : ITicketStore
{
    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await RenewAsync(id, ticket, cancellationToken);
        return id;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().StringSetAsync(Key(key), TicketSerializer.Default.Serialize(ticket), Lifetime(ticket));
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await redis.GetDatabase().StringGetAsync(Key(key));
        return value.IsNull ? null : TicketSerializer.Default.Deserialize((byte[])value!);
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().KeyDeleteAsync(Key(key));
    }

    /// <summary>Until the ticket expires (the handler sets that from the idle timeout), never longer than the idle timeout.</summary>
    private TimeSpan Lifetime(AuthenticationTicket ticket)
    {
        var idle = options.Value.IdleTimeout;
        var left = ticket.Properties.ExpiresUtc is { } expires ? expires - time.GetUtcNow() : idle;
        return left < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : left > idle ? idle : left;
    }

    private static RedisKey Key(string id) => $"sg:panel:session:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)))}";
}
