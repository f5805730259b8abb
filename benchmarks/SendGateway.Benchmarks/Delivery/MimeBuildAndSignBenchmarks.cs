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

    private static readonly MimeKit.FormatOptions Wire = CreateWire();

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

    /// <summary>100 KB as smtp-source sends it (make bench-kumo, SIZE=102400): 80-character lines.</summary>
    private readonly BatchContent _submitted100K = new()
    {
        FromEmail = "news@acme.test",
        Mime = Encoding.ASCII.GetBytes(
            "From: news@acme.test\r\nTo: ann@example.test\r\nSubject: Hello\r\nDate: Mon, 23 Nov 2026 00:00:00 +0000\r\n\r\n"
            + string.Concat(Enumerable.Repeat(new string('X', 80) + "\r\n", 1250))),
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

    /// <summary>The same at 100 KB, then written as the SMTP client writes DATA (CRLF, dot-stuffed) to a counting stream.</summary>
    [Benchmark]
    public long LoadSubmittedSignAndWrite100K()
    {
        var message = MimeBuilder.Build(_entry, _submitted100K, Templates);
        MimeBuilder.Sign(message, _key, DateTimeOffset.UtcNow);
        using var measure = new MimeKit.IO.MeasuringStream();
        using var filtered = new MimeKit.IO.FilteredStream(measure);
        filtered.Add(new MailKit.Net.Smtp.SmtpDataFilter());
        message.WriteTo(Wire, filtered);
        filtered.Flush();
        return measure.Length;
    }

    /// <summary>The DKIM body hash of that 100 KB body hashed in place (nothing for relaxed canonicalization to change)…</summary>
    [Benchmark]
    public object BodyHashInPlace100K() => DkimSignature.BodyHash(Body100K);

    /// <summary>…and through the canonical copy every body took before.</summary>
    [Benchmark]
    public object BodyHashOfCanonicalCopy100K() => SHA256.HashData(DkimSignature.CanonicalBody(Body100K));

    private ReadOnlySpan<byte> Body100K => _submitted100K.Mime.AsSpan(_submitted100K.Mime.AsSpan().IndexOf("\r\n\r\n"u8) + 4);

    [Benchmark]
    public object BuildAndSign()
    {
        var message = MimeBuilder.Build(_entry, _content, Templates);
        MimeBuilder.Sign(message, _key, DateTimeOffset.UtcNow);
        return message;
    }

    private static MimeKit.FormatOptions CreateWire()
    {
        var format = MimeKit.FormatOptions.Default.Clone();
        format.NewLineFormat = MimeKit.NewLineFormat.Dos;
        return format;
    }
}
