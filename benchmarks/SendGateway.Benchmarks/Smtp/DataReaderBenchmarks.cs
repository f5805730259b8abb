using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using SendGateway.Smtp.IO;

namespace SendGateway.Benchmarks.Smtp;

/// <summary>Reading one 5 KB DATA block (dot-unstuffing, CRLF checks, limits) from a pipe.</summary>
[MemoryDiagnoser]
public class DataReaderBenchmarks
{
    private readonly byte[] _message = Encoding.ASCII.GetBytes(
        "Subject: load\r\nFrom: a@b.test\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('x', 76) + "\r\n.leading dot\r\n", 32)) + ".\r\n");

    [Benchmark]
    public async Task<int> ReadData()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(_message);
        var outcome = await pipe.Reader.ReadDataAsync(1000, 1 << 20, CancellationToken.None);
        return outcome.Content.Length;
    }
}
