namespace SendGateway.Server.Webhooks.Panel;

/// <summary>The Webhooks page's form: the URL and batch size (the events come as checkboxes named <c>events</c>).</summary>
internal sealed class NewWebhookForm
{
    public string? Url { get; set; }

    public int BatchSize { get; set; } = 100;
}
