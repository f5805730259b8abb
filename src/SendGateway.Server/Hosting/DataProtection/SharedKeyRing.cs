using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace SendGateway.Server.Hosting.DataProtection;

/// <summary>
/// The Data Protection key ring (panel session and sign-in cookies, antiforgery tokens) kept in Redis under one key, so
/// every api node reads and writes the same keys: a person stays signed in whichever node answers, and a form's token
/// from one node is accepted by another. Each key's XML is sealed with the master key (<see cref="MasterKeyXmlEncryptor"/>)
/// before it is stored. The application name is fixed, so the purpose strings do not depend on the install folder.
/// Data Protection reads the ring lazily (the first cookie or token): with Redis away at start the process starts, and
/// panel requests fail until Redis answers; no node makes up a key of its own meanwhile (it cannot store one).
/// </summary>
internal static class SharedKeyRing
{
    /// <summary>The one Redis key (a list of key XML elements); a single key, so one Redis Cluster slot.</summary>
    public const string RedisKey = "sg:dataprotection:keys";

    public const string ApplicationName = "SendGateway";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, s) =>
        {
            var redis = s.GetRequiredService<IConnectionMultiplexer>();
            o.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), RedisKey);
            o.XmlEncryptor = new MasterKeyXmlEncryptor(s.GetRequiredService<SecretBox>());
        });
        return services;
    }
}
