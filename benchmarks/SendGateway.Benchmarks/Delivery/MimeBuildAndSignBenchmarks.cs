using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using MimeKit.Cryptography;
using SendGateway.Server.Delivery.Dkim;
using SendGateway.Server.Delivery.Pipeline;
using SendGateway.Server.Queue;

namespace SendGateway.Benchmarks.Delivery;

/// <summary>What the delivery worker does per attempt before the network: render + build MIME, then DKIM-sign it.</summary>
[MemoryDiagnoser]
public class MimeBuildAndSignBenchmarks
{
    private static readonly SendGateway.Server.Templates.TemplateEngine Templates =
        new(Microsoft.Extensions.Options.Options.Create(new SendGateway.Server.Templates.TemplatesOptions()), TimeProvider.System);

    private readonly BatchContent _content = new()
    {
        FromEmail = "news@acme.test", FromName = "Acme", Subject = "Hello {{first}}",
        Text = "Hi {{first}}, " + new string('x', 5000), Html = "<p>Hi {{first}}</p>", Tags = ["welcome"],
    };

    private readonly QueueEntry _entry = new()
    {
        Id = "msg_01", BatchId = "bat_01", TenantId = "ten_01", Recipient = "ann@example.test", ToEmail = "ann@example.test",
        Vars = new() { ["first"] = System.Text.Json.JsonSerializer.SerializeToElement("Ann") }, Shard = 0, AcceptedAt = DateTimeOffset.UtcNow,
    };

    private readonly BatchContent _submitted = new()
    {
        FromEmail = "news@acme.test",
        Mime = Encoding.ASCII.GetBytes(
            "From: news@acme.test\r\nTo: ann@example.test\r\nSubject: Hello\r\nDate: Mon, 23 Nov 2026 00:00:00 +0000\r\n\r\n"
            + string.Concat(Enumerable.Repeat(new string('x', 78) + "\r\n", 64))),
    };

    private DkimSigner _signer = null!;
    private DkimSigningKey _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var rsa = RSA.Create(2048);
        using var pem = new MemoryStream(Encoding.ASCII.GetBytes(rsa.ExportRSAPrivateKeyPem()));
        _signer = new DkimSigner(pem, "acme.test", "sg", DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        _key = DkimSigningKey.FromPem("acme.test", "sg", rsa.ExportRSAPrivateKeyPem());
    }

    [Benchmark(Baseline = true)]
    public object Build() => MimeBuilder.Build(_entry, _content, Templates);

    [Benchmark]
    public object BuildAndSignWithMimeKit()
    {
        var message = MimeBuilder.Build(_entry, _content, Templates);
        message.Prepare(MimeKit.EncodingConstraint.SevenBit);
        _signer.Sign(message, [MimeKit.HeaderId.From, MimeKit.HeaderId.To, MimeKit.HeaderId.Subject, MimeKit.HeaderId.Date, MimeKit.HeaderId.MessageId]);
        return message;
    }

    /// <summary>A 5 KB message submitted through the relay, as the end-to-end benchmark sends it: parse, prepare, sign.</summary>
    [Benchmark]
    public object LoadSubmittedAndSign()
    {
        var message = MimeBuilder.Build(_entry, _submitted, Templates);
        MimeBuilder.Sign(message, _key, DateTimeOffset.UtcNow);
        return message;
    }

    [Benchmark]
    public object BuildAndSign()
    {
        var message = MimeBuilder.Build(_entry, _content, Templates);
        MimeBuilder.Sign(message, _key, DateTimeOffset.UtcNow);
        return message;
    }
}
