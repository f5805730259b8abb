using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace SendGateway.Smtp.IO;

/// <summary>Line and DATA readers that enforce their limits while reading: nothing buffers past a limit.</summary>
public static class SmtpPipeReaderExtensions
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async ValueTask<CommandLine> ReadCommandLineAsync(this PipeReader reader, int maxLength, CancellationToken cancellationToken)
    {
        var tooLong = false;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var lf = buffer.PositionOf((byte)'\n');
            if (lf is { } position)
            {
                var line = buffer.Slice(0, position);
                var overlong = tooLong || line.Length + 1 > maxLength;
                string? text = null;
                var badUtf8 = false;
                try
                {
                    text = overlong ? null : StrictUtf8.GetString(line.IsSingleSegment ? line.FirstSpan : line.ToArray()).TrimEnd('\r');
                }
                catch (DecoderFallbackException)
                {
                    badUtf8 = true;
                }

                // The buffer's memory goes back to the pipe here: nothing may read `line` after this.
                reader.AdvanceTo(buffer.GetPosition(1, position));
                return new CommandLine(text, overlong, false, badUtf8);
            }

            if (buffer.Length > maxLength)
            {
                // Discard what cannot be a valid command, keep reading until the line ends.
                tooLong = true;
                reader.AdvanceTo(buffer.End);
            }
            else
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return new CommandLine(null, false, true);
            }
        }
    }

    /// <summary>
    /// Reads DATA up to the only end marker RFC 5321 allows, CRLF.CRLF, un-stuffing dots. Bare CR or LF, over-long
    /// lines and oversize content are read to the end and then reported, so the session stays in sync
    /// (smuggling defence: reliability.md T01/T02).
    /// </summary>
    public static async ValueTask<DataOutcome> ReadDataAsync(
        this PipeReader reader, int maxLineLength, long maxBytes, CancellationToken cancellationToken, Action<long>? received = null)
    {
        using var content = new MemoryStream();
        var status = DataStatus.Complete;
        var overlong = false;
        long consumed = 0;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            received?.Invoke(consumed + buffer.Length);
            while (buffer.PositionOf((byte)'\n') is { } lf)
            {
                var line = buffer.Slice(0, lf);
                buffer = buffer.Slice(buffer.GetPosition(1, lf));
                var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
                var crlf = bytes.Length > 0 && bytes[^1] == (byte)'\r';
                var body = crlf ? bytes[..^1] : bytes;
                if (crlf && !overlong && body.Length == 1 && body[0] == (byte)'.')
                {
                    reader.AdvanceTo(buffer.Start);
                    return new DataOutcome(status, status == DataStatus.Complete ? content.ToArray() : []);
                }

                if (status == DataStatus.Complete)
                {
                    if (!crlf || body.IndexOf((byte)'\r') >= 0)
                    {
                        status = DataStatus.BareNewline;
                    }
                    else if (body.IndexOf((byte)0) >= 0)
                    {
                        status = DataStatus.Nul;
                    }
                    else if (overlong || body.Length + 2 > maxLineLength)
                    {
                        status = DataStatus.LineTooLong;
                    }
                    else if (content.Length + body.Length + 2 > maxBytes)
                    {
                        status = DataStatus.TooLarge;
                    }
                    else
                    {
                        content.Write(body.Length > 0 && body[0] == (byte)'.' ? body[1..] : body);
                        content.Write(CrLf);
                    }
                }

                overlong = false;
            }

            if (buffer.Length > maxLineLength)
            {
                // A line longer than any valid one: drop it but keep its last byte (a possible CR).
                overlong = true;
                buffer = buffer.Slice(buffer.Length - 1);
            }

            consumed += result.Buffer.Length - buffer.Length;
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return new DataOutcome(DataStatus.Closed, []);
            }
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> octets (BDAT) into <paramref name="sink"/>, or discards them when it is null; false if the peer left first.</summary>
    public static async ValueTask<bool> ReadExactAsync(this PipeReader reader, long count, Stream? sink, CancellationToken cancellationToken, Action<long>? received = null)
    {
        var total = count;
        while (count > 0)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            received?.Invoke(total - count + Math.Min(count, buffer.Length));
            var take = buffer.Slice(0, Math.Min(count, buffer.Length));
            if (sink is not null)
            {
                foreach (var segment in take)
                {
                    await sink.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                }
            }

            count -= take.Length;
            reader.AdvanceTo(take.End);
            if (count > 0 && result.IsCompleted)
            {
                return false;
            }
        }

        return true;
    }
}
