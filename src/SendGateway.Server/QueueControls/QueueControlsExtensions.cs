using Microsoft.Extensions.DependencyInjection.Extensions;
using SendGateway.Server.Delivery.Holds;

namespace SendGateway.Server.QueueControls;

internal static class QueueControlsExtensions
{
    /// <summary>
    /// Operator queue controls: stored in PostgreSQL, held in memory by every node (refreshed by a worker in every role, so
    /// the API's node and the delivery nodes agree) and asked by delivery through <see cref="IQueueControls"/>.
    /// </summary>
    public static IHostApplicationBuilder AddQueueControls(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<QueueControlsOptions>("SendGateway:QueueControls");
        builder.Services.AddSingleton<QueueControlStore>();
        builder.Services.AddSingleton<ActiveQueueControls>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IQueueControls>(s => s.GetRequiredService<ActiveQueueControls>()));
        builder.Services.AddSingleton<BouncePromotion>();
        builder.Services.AddSingleton<QueueControlChanges>();
        builder.Services.AddHostedService<QueueControlsWorker>();
        return builder;
    }
}
