namespace SendGateway.Server.Messages;

internal static class MessagesExtensions
{
    /// <summary>The accept seam both fronts call, its sender and quota checks, and the message store.</summary>
    public static IHostApplicationBuilder AddMessages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MessagesOptions>("SendGateway:Messages");
        builder.Services.AddSingleton<SenderDomains>();
        builder.Services.AddSingleton<SendingQuota>();
        builder.Services.AddSingleton<MessageAcceptor>();
        builder.Services.AddSingleton<MessageDedupe>();
        builder.Services.AddSingleton<MessageSubmission>();
        builder.Services.AddSingleton<Templates.Panel.ITemplateTestSender, TemplateTestSender>();
        builder.Services.AddSingleton<MessageStore>();
        builder.Services.AddSingleton<MessageSearchStore>();
        builder.Services.AddSingleton<MessageTallyStore>();
        builder.Services.AddSingleton<MessageHolds>();
        builder.Services.AddSingleton<QueuedMessages>();
        builder.Services.AddSingleton<Events.IIngestStep, MessageStatusStep>();
        builder.Services.AddSingleton<Events.IIngestStep, ContentArchiveStep>();
        builder.Services.AddSingleton<PrivacyContract.IErasureStep, MessageErasureStep>();
        builder.Services.AddSingleton<PrivacyContract.IRetentionStep, MessageRetentionStep>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, MessageTenantDeletionStep>();
        builder.Services.AddSingleton<MessageContentStore>();
        return builder;
    }
}
