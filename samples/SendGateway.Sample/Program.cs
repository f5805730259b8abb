// Sends one message, waits until the recipient's server accepted it ("ok") and verifies the webhook that reports it,
// using only the SendGateway.Client package. Needs SENDGATEWAY_URL, SENDGATEWAY_API_KEY and SENDGATEWAY_FROM (an address
// of one of the tenant's sender domains); SENDGATEWAY_TO defaults to the simulator's "ok" address. The webhook receiver
// listens on 127.0.0.1, so the server must allow private webhook URLs (make run does).
using System.Net;
using System.Net.Sockets;
using SendGateway.Client;

// <create>
var client = SendGatewayClient.Create(new SendGatewayClientOptions
{
    BaseAddress = new Uri(Setting("SENDGATEWAY_URL", "http://127.0.0.1:8080/")),
    ApiKey = Setting("SENDGATEWAY_API_KEY"),
});
// </create>
var from = Setting("SENDGATEWAY_FROM");
var to = Setting("SENDGATEWAY_TO", "ok@simulator.sendgateway.test");
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(int.Parse(Setting("SENDGATEWAY_TIMEOUT_SECONDS", "60"), System.Globalization.CultureInfo.InvariantCulture)));
var cancellationToken = timeout.Token;

// 1. A webhook endpoint of our own for "ok" events.
var port = FreePort();
using var listener = new HttpListener();
listener.Prefixes.Add($"http://127.0.0.1:{port}/");
listener.Start();
var hook = await client.Webhooks.CreateAsync(new CreateWebhookRequest { Url = $"http://127.0.0.1:{port}/sendgateway", Events = [EventTypes.Ok], BatchSize = 10 }, cancellationToken: cancellationToken);
Console.WriteLine($"webhook {hook.Id} → http://127.0.0.1:{port}/sendgateway");
try
{
    // 2. Send.
    // <send>
    var accepted = await client.Messages.SendAsync(new SendMessageRequest
    {
        From = new EmailAddress { Email = from, Name = "SendGateway sample" },
        To = [new Recipient { Email = to, Vars = new() { ["first"] = "Ann" } }],
        Subject = "Hello {{ first }}",
        Text = "Hi {{ first }}, this came through SendGateway.Client.",
        Tags = ["sample"],
    }, cancellationToken: cancellationToken);
    var messageId = accepted.Messages![0].Id!;
    Console.WriteLine($"accepted {messageId} ({accepted.Messages[0].Status})");
    // </send>

    // 3. Wait for "ok". The message is readable once its first event is stored, a moment after the 202: 404 until then.
    string? status = null;
    do
    {
        await Task.Delay(250, cancellationToken);
        try
        {
            status = (await client.Messages.GetAsync(messageId, cancellationToken)).Status;
        }
        catch (SendGatewayException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }
    while (status is null or EventTypes.Injected or EventTypes.SoftBounce);
    await foreach (var e in client.Events.StreamAsync(new EventQuery { MessageId = messageId }, cancellationToken))
    {
        Console.WriteLine($"event {e.Timestamp:O} {e.Type} {e.Smtp?.Response}");
    }

    if (status != EventTypes.Ok)
    {
        Console.Error.WriteLine($"the message ended as {status}");
        return 1;
    }

    // 4. The webhook: verify each request; answer 204 when genuine, 400 when not.
    // <verify>
    var verifier = new WebhookVerifier(hook.Secret!);
    while (true)
    {
        var context = await listener.GetContextAsync().WaitAsync(cancellationToken);
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body, cancellationToken);
        try
        {
            var verified = verifier.Verify(body.ToArray(), name => context.Request.Headers[name]);
            context.Response.StatusCode = 204;
            context.Response.Close();
            Console.WriteLine($"webhook {verified.Id} verified: {string.Join(", ", verified.Events.Select(e => $"{e.Type} {e.MessageId}"))}");
            if (verified.Events.Any(e => e.MessageId == messageId && e.Type == EventTypes.Ok))
            {
                Console.WriteLine("done: sent, delivered and reported by a verified webhook");
                return 0;
            }
        }
        catch (WebhookVerificationException e)
        {
            context.Response.StatusCode = 400;
            context.Response.Close();
            Console.Error.WriteLine($"refused a webhook request: {e.Message}");
        }
    }
    // </verify>
}
catch (SendGatewayException e)
{
    Console.Error.WriteLine($"{(int)e.StatusCode} {e.Code}: {e.Detail} {string.Join("; ", e.Errors.Select(x => $"{x.Key}: {string.Join(" ", x.Value)}"))}");
    return 1;
}
finally
{
    await client.Webhooks.DeleteAsync(hook.Id!, CancellationToken.None);
}

static string Setting(string name, string? fallback = null) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback ?? throw new InvalidOperationException($"Set {name}.");

static int FreePort()
{
    using var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}
