using SendGateway.Server.Users;

namespace SendGateway.Server.SystemMail;

internal static class SystemMailExtensions
{
    /// <summary>The service's own mail (<see cref="SystemMailer"/>), also the <see cref="IInvitationMailer"/> of invitation links.</summary>
    public static IHostApplicationBuilder AddSystemMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SystemMailOptions>("SendGateway:SystemMail");
        builder.Services.AddSingleton<SystemMailer>();
        builder.Services.AddSingleton<IInvitationMailer>(s => s.GetRequiredService<SystemMailer>());
        return builder;
    }
}
