using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real (small) authoritative DNS server over UDP on 127.0.0.1: A, MX and TXT records for test domains,
/// NXDOMAIN for names it does not know, SERVFAIL for names marked failing, no answer for names marked silent. The delivery code reaches it
/// through its normal DnsClient path (SendGateway:Delivery:Dns:Servers).
/// </summary>
public sealed class TestDnsServer : IAsyncDisposable
{
    private const ushort TypeA = 1, TypeCname = 5, TypeMx = 15, TypeTxt = 16;
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly ConcurrentDictionary<string, ConcurrentBag<(ushort Type, byte[] Data)>> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _silent = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TestDnsServer() => _loop = ServeAsync(_stop.Token);

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public void AddA(string name, string address) => Add(name, TypeA, IPAddress.Parse(address).GetAddressBytes());

    /// <summary>Replaces every A record of <paramref name="name"/> (a DNS rebinding in one call).</summary>
    public void SetA(string name, string address)
    {
        var key = name.TrimEnd('.');
        var kept = _records.TryGetValue(key, out var old) ? old.Where(r => r.Type != TypeA) : [];
        _records[key] = new ConcurrentBag<(ushort Type, byte[] Data)>(kept.Append((TypeA, IPAddress.Parse(address).GetAddressBytes())));
    }

    public void AddMx(string name, int preference, string exchange)
    {
        var data = new List<byte> { (byte)(preference >> 8), (byte)preference };
        data.AddRange(EncodeName(exchange));
        Add(name, TypeMx, [.. data]);
    }

    /// <summary>A TXT record; long values are split into 255-byte character-strings (as DKIM keys are).</summary>
    public void AddTxt(string name, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        var data = new List<byte>();
        for (var i = 0; i < bytes.Length; i += 255)
        {
            var chunk = bytes.AsSpan(i, Math.Min(255, bytes.Length - i));
            data.Add((byte)chunk.Length);
            data.AddRange(chunk.ToArray());
        }

        Add(name, TypeTxt, [.. data]);
    }

    /// <summary>Removes every TXT record of <paramref name="name"/> (a tenant deleting its DKIM record).</summary>
    public void RemoveTxt(string name)
    {
        var key = name.TrimEnd('.');
        var kept = _records.TryGetValue(key, out var old) ? old.Where(r => r.Type != TypeTxt) : [];
        _records[key] = new ConcurrentBag<(ushort Type, byte[] Data)>(kept);
    }

    public void FailName(string name) => _failing[name] = true;

    /// <summary>Queries for <paramref name="name"/> get no answer at all (a resolver timing out).</summary>
    public void SilenceName(string name) => _silent[name] = true;

    public void AddCname(string name, string target) => Add(name, TypeCname, EncodeName(target));

    private void Add(string name, ushort type, byte[] data) => _records.GetOrAdd(name.TrimEnd('.'), _ => []).Add((type, data));

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _udp.ReceiveAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (Answer(request.Buffer) is { } response)
            {
                await _udp.SendAsync(response, request.RemoteEndPoint, cancellationToken);
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(4)) != 1)
        {
            return null;
        }

        var offset = 12;
        var labels = new List<string>();
        while (offset < query.Length && query[offset] != 0)
        {
            var length = query[offset];
            labels.Add(Encoding.ASCII.GetString(query, offset + 1, length));
            offset += length + 1;
        }

        var questionEnd = offset + 5;
        if (questionEnd > query.Length)
        {
            return null;
        }

        var name = string.Join('.', labels);
        if (_silent.ContainsKey(name))
        {
            return null;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset + 1));
        var known = _records.TryGetValue(name, out var records);
        var rcode = _failing.ContainsKey(name) ? 2 : known ? 0 : 3;
        var answers = rcode == 0 ? records!.Where(r => r.Type == type).ToList() : [];

        var response = new List<byte>(query.AsSpan(0, questionEnd).ToArray());
        var flags = (ushort)(0x8400 | (query[2] & 0x01) << 8 | rcode); // QR, AA, RD copied, RCODE
        response[2] = (byte)(flags >> 8);
        response[3] = (byte)flags;
        response[6] = 0;
        response[7] = (byte)answers.Count;
        response[8] = response[9] = response[10] = response[11] = 0;
        foreach (var (recordType, data) in answers)
        {
            response.AddRange([0xC0, 0x0C, (byte)(recordType >> 8), (byte)recordType, 0, 1, 0, 0, 0, 60, (byte)(data.Length >> 8), (byte)data.Length]);
            response.AddRange(data);
        }

        return [.. response];
    }

    private static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
