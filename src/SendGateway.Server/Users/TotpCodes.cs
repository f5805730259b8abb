using OtpNet;
using QRCoder;

namespace SendGateway.Server.Users;

/// <summary>
/// The second factor: RFC 6238 time-based codes (6 digits, 30 s, SHA-1: what every authenticator app reads) with
/// Otp.NET, one step of clock drift either way; the enrolment QR code with QRCoder. Both are maintained libraries
/// rather than our own base32, HOTP truncation and QR encoding.
/// </summary>
internal static class TotpCodes
{
    public const string Issuer = "SendGateway";

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(20);

    public static string Base32(byte[] secret) => Base32Encoding.ToString(secret);

    public static string Uri(byte[] secret, string account) => new OtpUri(OtpType.Totp, Base32(secret), account, Issuer).ToString();

    /// <summary>The time step the code belongs to, or null when it is not the code of now (±30 s).</summary>
    public static long? Verify(byte[] secret, string? code, DateTimeOffset now)
    {
        var digits = code?.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (digits is not { Length: 6 } || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        return new Totp(secret).VerifyTotp(now.UtcDateTime, digits, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>The otpauth URI as a PNG QR code (for an <c>img</c> data URI: no script, no other origin).</summary>
    public static byte[] QrPng(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(5);
    }
}
