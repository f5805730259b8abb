using SendGateway.Server.Users;
using SendGateway.Server.Webhooks;

namespace SendGateway.Server.SystemMail;

internal static class SystemMailExtensions
{
    /// <summary>The service's own mail (<see cref="SystemMailer"/>), also the <see cref="IInvitationMailer"/> of invitation links and the <see cref="IWebhookNotice"/> of disabled endpoints.</summary>
    public static IHostApplicationBuilder AddSystemMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SystemMailOptions>("SendGateway:SystemMail");
        builder.Services.AddSingleton<SystemMailer>();
        builder.Services.AddSingleton<IInvitationMailer>(s => s.GetRequiredService<SystemMailer>());
        builder.Services.AddSingleton<IWebhookNotice, WebhookNoticeMailer>();
        return builder;
    }
}
