namespace SendGateway.Server.Demo;

internal static class DemoExtensions
{
    /// <summary>What <c>make run</c> seeds (off unless <c>SendGateway:Demo:Enabled</c>).</summary>
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DemoOptions>("SendGateway:Demo");
        builder.Services.AddHostedService<DemoSeeder>();
        return builder;
    }
}
