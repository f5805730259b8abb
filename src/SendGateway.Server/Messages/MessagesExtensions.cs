using SendGateway.Server.Hosting;
using SendGateway.Server.Domains;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Messages;

public static class MessagesExtensions
{
    public static IHostApplicationBuilder AddMessages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MessagesOptions>("SendGateway:Messages");
        builder.Services.AddValidatedOptions<QueueOptions>("SendGateway:Queue");
        builder.Services.AddSingleton<QueueCipher>();
        builder.Services.AddSingleton<DeadLetters>();
        builder.Services.AddSingleton<OutboundQueue>();
        builder.Services.AddSingleton<QueueEraser>();
        builder.Services.AddSingleton<EventStreams>();
        builder.Services.AddSingleton<QueueBackpressure>();
        builder.Services.AddSingleton<QueueInspector>();
        builder.Services.AddSingleton<DomainStore>();
        builder.Services.AddSingleton<DomainVerifier>();
        builder.Services.AddSingleton<SenderDomains>();
        builder.Services.AddSingleton<SendingQuota>();
        builder.Services.AddSingleton<IpPools.IpPoolStore>();
        builder.Services.AddSingleton<Tenants.IIpPoolNames>(s => s.GetRequiredService<IpPools.IpPoolStore>());
        builder.Services.AddSingleton<IpPools.SourceSelector>();
        builder.Services.AddSingleton<MessageAcceptor>();
        builder.Services.AddSingleton<MessageStore>();
        return builder;
    }
}
