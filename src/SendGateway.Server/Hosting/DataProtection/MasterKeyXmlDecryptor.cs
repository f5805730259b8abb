using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace SendGateway.Server.Hosting.DataProtection;

/// <summary>
/// Opens what <see cref="MasterKeyXmlEncryptor"/> sealed. Data Protection creates it by the type name stored with the
/// key, through the constructor taking the service provider. Another master key cannot open it (GCM's tag fails): keys
/// sealed under a rotated-away master key are unreadable, so the panel's sessions then end (people sign in again).
/// </summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var sealedKey = Convert.FromBase64String(encryptedElement.Value);
        var plaintext = services.GetRequiredService<SecretBox>().Open(sealedKey, MasterKeyXmlEncryptor.Purpose);
        try
        {
            return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
