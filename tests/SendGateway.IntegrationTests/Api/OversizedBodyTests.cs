using System.Net;
using System.Net.Sockets;
using System.Text;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// reliability.md T39 and T40 on a real Kestrel listener: bodies without a Content-Length (chunked) past the request
/// limit are refused with 413 as the limit is crossed, a 100 MB string is never buffered, and a million-element
/// recipients array is refused by the recipient cap; the process's peak memory (VmHWM, this process hosts the server)
/// stays far below what holding those bodies would take.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OversizedBodyTests
{
    private const long MaxRequestBytes = 8L * 1024 * 1024;
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,relay", new Dictionary<string, string?> { ["SendGateway:Messages:MaxRequestBytes"] = MaxRequestBytes.ToString() });
        _factory.StartServer();
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "oversized.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task AChunkedUploadPastTheLimitIs413MidStreamAndQueuesNothing()
    {
        var before = await QueuedEntries.CountAsync(_factory);
        var (answer, sent) = await PostChunkedAsync("{\"from\":{\"email\":\"a@oversized.test\"},\"to\":[{\"email\":\"r@example.test\"}],\"subject\":\"s\",\"text\":\"", 'x', 2 * MaxRequestBytes, "\"}");
        Assert.That(answer, Does.StartWith("HTTP/1.1 413"), answer);
        Assert.That(sent, Is.GreaterThan(MaxRequestBytes), "refused once the limit was crossed: there was no length to refuse it by before");
        Assert.That(await QueuedEntries.CountAsync(_factory), Is.EqualTo(before), "nothing queued");
    }

    [Test]
    public async Task AHundredMegabyteStringIs413AndIsNeverBuffered()
    {
        const long size = 100L * 1024 * 1024;
        var before = await QueuedEntries.CountAsync(_factory);
        var peak = await PeakGrowthAsync(async () =>
        {
            var (answer, sent) = await PostChunkedAsync("{\"from\":{\"email\":\"a@oversized.test\"},\"to\":[{\"email\":\"r@example.test\"}],\"subject\":\"", 'x', size, "\"}");
            Assert.That(answer, Does.StartWith("HTTP/1.1 413"), answer);
            Assert.That(sent, Is.LessThan(size), "the server stopped reading; the client did not get to send it all");
        });
        TestContext.Out.WriteLine($"peak memory growth: {peak / 1024 / 1024} MB");
        Assert.That(peak, Is.LessThan(64L * 1024 * 1024), "far below the 100 MB string (and its 200 MB as .NET text): held up to the 8 MB limit at most");
        Assert.That(await QueuedEntries.CountAsync(_factory), Is.EqualTo(before), "nothing queued");
    }

    [Test]
    public async Task AMillionElementRecipientsArrayIs422ByTheCapWithBoundedMemory()
    {
        const int elements = 1_000_000; // "{}," each: 3 MB, under the 8 MB request limit
        var before = await QueuedEntries.CountAsync(_factory);
        var peak = await PeakGrowthAsync(async () =>
        {
            var (answer, _) = await PostChunkedAsync("{\"from\":{\"email\":\"a@oversized.test\"},\"subject\":\"s\",\"text\":\"t\",\"to\":[{}", ",{}", elements - 1, "]}");
            Assert.That(answer, Does.StartWith("HTTP/1.1 422").And.Contain("\"to\""), answer);
        });
        TestContext.Out.WriteLine($"peak memory growth: {peak / 1024 / 1024} MB");
        Assert.That(peak, Is.LessThan(32L * 1024 * 1024), "a million recipients are not all held (they took 65 MB when they were)");
        Assert.That(await QueuedEntries.CountAsync(_factory), Is.EqualTo(before), "nothing queued");
    }

    /// <summary>How far this process's resident memory peaked above its level before <paramref name="run"/> (Linux VmHWM, reset first).</summary>
    private static async Task<long> PeakGrowthAsync(Func<Task> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5"); // VmHWM := VmRSS
        var baseline = Status("VmRSS");
        await run();
        return Status("VmHWM") - baseline;
    }

    private static long Status(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;

    /// <summary>
    /// A POST /v1/messages with chunked transfer: <paramref name="head"/>, <paramref name="count"/> times
    /// <paramref name="repeat"/>, then <paramref name="tail"/>, generated as it is sent; the answer is read meanwhile, so
    /// it is not lost if the server closes before taking everything. Returns the answer and the bytes written.
    /// </summary>
    private async Task<(string Answer, long Sent)> PostChunkedAsync(string head, object repeat, long count, string tail)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _factory.HttpPort);
        var stream = client.GetStream();
        var reading = ReadAllAsync(stream);
        var unit = Encoding.ASCII.GetBytes(repeat.ToString()!);
        var chunk = Enumerable.Range(0, 64 * 1024 / unit.Length).SelectMany(_ => unit).ToArray();
        var sent = 0L;
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {_tenant.ApiKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
            await WriteChunkAsync(stream, Encoding.ASCII.GetBytes(head));
            for (var left = count * unit.Length; left > 0 && !reading.IsCompleted; left -= chunk.Length)
            {
                var part = chunk.AsMemory(0, (int)Math.Min(chunk.Length, left));
                await WriteChunkAsync(stream, part);
                sent += part.Length;
            }

            await WriteChunkAsync(stream, Encoding.ASCII.GetBytes(tail));
            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        catch (IOException)
        {
            // The server answered and closed before taking everything: what an over-limit body should meet.
        }

        return (await reading.WaitAsync(TimeSpan.FromSeconds(60)), sent);
    }

    private static async Task WriteChunkAsync(NetworkStream stream, ReadOnlyMemory<byte> data)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"));
        await stream.WriteAsync(data);
        await stream.WriteAsync("\r\n"u8.ToArray());
    }

    /// <summary>The first answer's text once its headers and any body have come, or what came before the connection ended.</summary>
    private static async Task<string> ReadAllAsync(NetworkStream stream)
    {
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var seen = text.ToString();
                if (seen.Contains("\r\n\r\n", StringComparison.Ordinal) && seen.Contains("\"status\"", StringComparison.Ordinal))
                {
                    break; // the problem document has come; the server may keep the connection open
                }
            }
        }
        catch (IOException)
        {
            // Reset after the answer.
        }

        return text.ToString();
    }
}
